import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { join } from 'node:path';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

const MODEL = 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt';
const WEIGHTS = 'models/squeezenet_deep_compression/compressed_SqueezeNet.net';
const LABELS_TSV = 'images/imagenet_sample_labels.tsv';
const SYNSETS = 'images/ilsvrc12/synset_words.txt';
const CAT = 'images/caffe_examples/cat.jpg';
const FISH = 'images/caffe_examples/fish-bike.jpg';
const MEAN_NPY = 'images/ilsvrc12/ilsvrc_2012_mean.npy';

interface Out {
  backend: string;
  scoreKind: string;
  images: Array<{ file: string; top: Array<{ index: number; score: number; wnid?: string; label?: string }> }>;
  msPerImage: { forward: number; total: number };
}

const common = ['--model', dataPath(MODEL), '--weights', dataPath(WEIGHTS), '--mean', '104,117,123', '--json'];

describe('Deep Compression SqueezeNet end to end', () => {
  dataTest("cat.jpg: top 5 are the MANIFEST's 278, 277, 263, 281, 280 (kit fox, red fox, Pembroke, tabby, grey fox); fish-bike.jpg's too", [MODEL, WEIGHTS, CAT, FISH, SYNSETS], async () => {
    const r = await run('classify', dataPath(CAT), dataPath(FISH), ...common, '--labels', dataPath(SYNSETS));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    const top = out.images[0]!.top;
    expect(out.scoreKind).toBe('score'); // ends in logits, no Softmax
    // The reference resized with PIL's bilinear filter, we with libvips': the top-5 set is robust, the order of
    // close logits is not.
    expect(new Set(top.map((p) => p.index))).toEqual(new Set([278, 277, 263, 281, 280]));
    expect(top[0]!.index).toBe(278);
    expect(top[0]!.label).toMatch(/kit fox/);
    expect(top[0]!.wnid).toBe('n02119789');
    expect(new Set(out.images[1]!.top.map((p) => p.index))).toEqual(new Set([428, 621, 870, 573, 765]));
    expect(out.images[1]!.top[0]!.index).toBe(428);
  });

  dataTest('the compact .scnn written by convert classifies cat.jpg like the .net, here with the .npy mean image', [MODEL, WEIGHTS, CAT, MEAN_NPY], async () => {
    const tmp = tempDir();
    try {
      const scnn = join(tmp.dir, 'squeezenet.scnn');
      const c = await run('convert', dataPath(WEIGHTS), scnn, '--model', dataPath(MODEL));
      expect(c.code, c.stderr).toBe(0);
      const r = await run('classify', dataPath(CAT), '--model', dataPath(MODEL), '--weights', scnn, '--mean-file', dataPath(MEAN_NPY), '--json');
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Out & { preprocess: { meanFile: string | null } };
      expect(out.preprocess.meanFile).toBe(dataPath(MEAN_NPY));
      expect(out.images[0]!.top[0]!.index).toBe(278);
      expect(new Set(out.images[0]!.top.map((p) => p.index))).toEqual(new Set([278, 277, 263, 281, 280]));
    } finally {
      tmp.cleanup();
    }
  });

  dataTest('250 ImageNet sample images: top-1 165 +- 4, top-5 211 +- 4', [MODEL, WEIGHTS, LABELS_TSV], async () => {
    const rows = readFileSync(dataPath(LABELS_TSV), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    expect(rows).toHaveLength(250);
    const want = new Map(rows.map((r) => [dataPath(`images/imagenet_sample/${r[0]}`), Number(r[1])] as const));
    const t0 = performance.now();
    // The folder stands for its 250 .JPEG files.
    const r = await run('classify', dataPath('images/imagenet_sample'), ...common, '--batch', '10');
    const secs = (performance.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    let top1 = 0;
    let top5 = 0;
    for (const img of out.images) {
      const label = want.get(img.file);
      if (img.top[0]!.index === label) top1++;
      if (img.top.some((p) => p.index === label)) top5++;
    }
    console.log(`SqueezeNet 250 images on ${out.backend}: top-1 ${top1}, top-5 ${top5}; ${secs.toFixed(1)} s, forward ${out.msPerImage.forward.toFixed(1)} ms/image`);
    expect(out.images).toHaveLength(250);
    expect(out.images.every((img) => want.has(img.file))).toBe(true);
    expect(Math.abs(top1 - 165)).toBeLessThanOrEqual(4);
    expect(Math.abs(top5 - 211)).toBeLessThanOrEqual(4);
  }, 600_000);
});
