/**
 * The browser-safe path keeps SqueezeNet's accuracy: 250 ImageNet samples decoded at full size (sharp, no resize),
 * then resized and preprocessed by the pure-JS core (what a page does with canvas ImageData), classified by the
 * Deep Compression SqueezeNet. The CLI (sharp resize) gets top-1 165 +- 4, top-5 211 +- 4 on the same images.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCaffeModel } from '@sparsecnn/caffe-io';
import { createSession } from '@sparsecnn/runtime';
import { describe, expect, it } from 'vitest';
import { decodeImage, preprocessImages, preprocessOptionsFor, topKIndices, type Pixels } from '../src/node.js';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const FILES = [
  'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt',
  'models/squeezenet_deep_compression/compressed_SqueezeNet.net',
  'images/imagenet_sample_labels.tsv',
];
const have = FILES.every((f) => existsSync(join(DATA, f)));
if (!have && process.env.CI === 'true') throw new Error(`real-data files missing under ${DATA}: ${FILES.join(', ')}`);

describe.runIf(have)('SqueezeNet through the browser-safe preprocessing', () => {
  it('250 ImageNet samples: top-1 165 +- 4, top-5 211 +- 4 with the JS resize', async () => {
    const net = await loadCaffeModel({ prototxt: join(DATA, FILES[0]!), weights: join(DATA, FILES[1]!) });
    const batch = 10;
    const session = await createSession(net, { batch });
    const options = preprocessOptionsFor(net, { meanValues: [104, 117, 123] });
    const rows = readFileSync(join(DATA, FILES[2]!), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    expect(rows).toHaveLength(250);
    let top1 = 0;
    let top5 = 0;
    try {
      for (let i = 0; i < rows.length; i += batch) {
        const chunk = rows.slice(i, i + batch);
        const images: Pixels[] = await Promise.all(chunk.map(([f]) => decodeImage(join(DATA, 'images/imagenet_sample', f!), { channels: 3 })));
        const out = Object.values(await session.run({ data: preprocessImages(images, options) }))[0]!;
        const classes = out.data.length / chunk.length;
        chunk.forEach(([, label], j) => {
          const top = topKIndices(out.data.subarray(j * classes, (j + 1) * classes), 5);
          if (top[0] === Number(label)) top1++;
          if (top.includes(Number(label))) top5++;
        });
      }
    } finally {
      session.dispose();
    }
    console.log(`SqueezeNet, JS resize, 250 samples on ${session.backend}: top-1 ${top1}, top-5 ${top5}`);
    expect(Math.abs(top1 - 165)).toBeLessThanOrEqual(4);
    expect(Math.abs(top5 - 211)).toBeLessThanOrEqual(4);
  }, 300_000);
});
