import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/commands/demo.js';
import { bufferIo } from '../src/lib/cli-io.js';
import { loadMnistTest } from '../src/lib/mnist.js';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

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
