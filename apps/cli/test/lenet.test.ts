import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isSparseCnnError } from '@sparsecnn/tensor';
import { evaluateMnist, runDemo } from '../src/commands/demo.js';
import { loadNet, openSession, type CliBackend } from '../src/lib/model.js';
import { bufferIo } from '../src/lib/cli-io.js';
import { loadMnistTest } from '../src/lib/mnist.js';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

/** Correct predictions of the trained LeNet on the first 1000 MNIST test digits (measured with the native backend). */
const JS_FIRST_1000 = 990;
const LENET = ['models/lenet_mnist/lenet.prototxt', 'models/lenet_mnist/lenet_iter_10000.caffemodel'];

describe('LeNet on MNIST', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  dataTest('classify: MNIST digits written as PNG are recognised (first 12 test digits)', LENET, async () => {
    const mnist = loadMnistTest();
    const files: string[] = [];
    for (let i = 0; i < 12; i++) {
      const f = join(tmp.dir, `digit${i}.png`);
      const px = Buffer.from(mnist.pixels.subarray(i * 784, (i + 1) * 784));
      await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(f);
      files.push(f);
    }
    const r = await run(
      'classify', ...files, '--model', dataPath(LENET[0]!), '--weights', dataPath(LENET[1]!),
      '--scale', '0.00390625', '--json', '--batch', '5',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { images: Array<{ file: string; top: Array<{ index: number; score: number }> }>; scoreKind: string };
    expect(out.scoreKind).toBe('probability');
    expect(out.images.map((x) => x.top[0]!.index)).toEqual([...mnist.labels.subarray(0, 12)]);
    for (const img of out.images) expect(img.top).toHaveLength(5);
    // The text form shows the same answer.
    const text = await run('classify', files[0]!, '--model', dataPath(LENET[0]!), '--weights', dataPath(LENET[1]!), '--scale', '0.00390625', '--top', '3');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/digit0\.png\n\s+1\.\s+[01]\.\d{4}\s+7\n/);
  });

  dataTest('demo: the real LeNet gets 9914 +- 1 of 10,000 dense; pruned stays close; compact is smaller', LENET, async () => {
    const r = await runDemo({ io: bufferIo() });
    expect(r.trained).toBe(true);
    expect(r.images).toBe(10000);
    expect(Math.abs(r.dense.correct - 9914)).toBeLessThanOrEqual(1);
    expect(r.sparse.correct).toBeGreaterThan(9800);
    expect(r.sparse.sparseLayers.length).toBeGreaterThan(0);
    expect(r.size.compactPruned).toBeLessThan(r.size.caffemodelDense / 3);
  });

  dataTest('every backend present: 9914 +- 1 of 10,000 (js: the first 1000 match the other backends)', LENET, async () => {
    const mnist = loadMnistTest();
    const net = await loadNet(dataPath(LENET[0]!), dataPath(LENET[1]!));
    const results = new Map<CliBackend, Uint8Array>();
    for (const backend of ['native', 'wasm', 'js'] as const) {
      let session;
      try {
        session = await openSession(net, { backend, batch: 100, sparse: 'never' });
      } catch (e) {
        if (!isSparseCnnError(e, 'E_BACKEND')) throw e;
        console.log(`LeNet: backend ${backend} not available: ${e.message}`);
        continue;
      }
      try {
        const count = backend === 'js' ? 1000 : 10000;
        const run = await evaluateMnist(backend, session, mnist, count, 100, bufferIo(), false);
        expect(run.backends).toEqual([backend]);
        results.set(backend, run.predictions);
        console.log(`LeNet on ${backend}: ${run.correct}/${count}, ${run.msPerImage.toFixed(3)} ms/image`);
        if (count === 10000) expect(Math.abs(run.correct - 9914), backend).toBeLessThanOrEqual(1);
        else expect(Math.abs(run.correct - JS_FIRST_1000), backend).toBeLessThanOrEqual(1);
      } finally {
        session.dispose();
      }
    }
    expect(results.size).toBeGreaterThan(0);
    const js = results.get('js');
    for (const [b, p] of results) {
      if (b === 'js' || !js) continue;
      let differ = 0;
      for (let i = 0; i < js.length; i++) if (js[i] !== p[i]) differ++;
      expect(differ, `js vs ${b}`).toBeLessThanOrEqual(1);
    }
  });

  it('demo: the built-in random LeNet runs without any shared data and says so', async () => {
    const io = bufferIo();
    const code = await (await import('../src/main.js')).main(['demo', '--builtin', '--images', '300'], io);
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/RANDOM weights/);
    expect(io.stdout()).toMatch(/dense\s+\d+\/300/);
    expect(io.stdout()).toMatch(/compact sparse \.scnn/);
  });
});
