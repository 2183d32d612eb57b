/**
 * The drawing-pad preprocessing against real MNIST: test digits blown up 10x onto a 280x280 "pad" and brought back
 * with mnistDigit must still be recognised by Caffe's trained LeNet, as the originals are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCaffeModel } from '@sparsecnn/caffe-io';
import { topKIndices } from '@sparsecnn/image';
import { parseIdxPair } from '@sparsecnn/pruning';
import { createSession } from '@sparsecnn/runtime';
import { resolveDataDir } from '../server/data.js';
import { digitInput, mnistDigit } from '../src/lib/digit.js';

const DATA = resolveDataDir(join(import.meta.dirname, '..'));
const FILES = {
  images: join(DATA, 'datasets/mnist/t10k-images-idx3-ubyte.gz'),
  labels: join(DATA, 'datasets/mnist/t10k-labels-idx1-ubyte.gz'),
  prototxt: join(DATA, 'models/lenet_mnist/lenet.prototxt'),
  weights: join(DATA, 'models/lenet_mnist/lenet_iter_10000.caffemodel'),
};
const missing = Object.values(FILES).filter((f) => !existsSync(f));
const COUNT = 500;
const PAD = 280;

describe('drawing-pad preprocessing on real MNIST digits', () => {
  const run = missing.length === 0 || process.env['CI'] === 'true' ? it : it.skip;
  run(`LeNet recognises ${COUNT} test digits as well after the 10x pad round trip`, async () => {
    if (missing.length > 0) throw new Error(`missing data: ${missing.join(', ')}`);
    const { pixels: images, labels, height, width } = parseIdxPair(gunzipSync(readFileSync(FILES.images)), gunzipSync(readFileSync(FILES.labels)), FILES);
    expect([height, width]).toEqual([28, 28]);
    const net = await loadCaffeModel({ prototxt: FILES.prototxt, weights: FILES.weights });
    const session = await createSession(net, { batch: COUNT, sparse: 'never' });
    const original = new Float32Array(COUNT * 784);
    const padded = new Float32Array(COUNT * 784).fill(Number.NaN); // poisoned: every value must be written
    for (let n = 0; n < COUNT; n++) {
      const digit = images.subarray(n * 784, (n + 1) * 784);
      original.set(digitInput(digit, 1 / 256), n * 784);
      const pad = new Uint8Array(PAD * PAD);
      for (let y = 0; y < PAD; y++) for (let x = 0; x < PAD; x++) pad[y * PAD + x] = digit[Math.floor(y / 10) * 28 + Math.floor(x / 10)]!;
      padded.set(digitInput(mnistDigit(pad, PAD, PAD).pixels, 1 / 256), n * 784);
    }
    expect(padded.some((v) => Number.isNaN(v))).toBe(false);
    const classify = async (data: Float32Array) => {
      const out = await session.run({ data: { dtype: 'float32', shape: [COUNT, 1, 28, 28], data } });
      const prob = out[session.outputNames[0]!]!.data;
      return Array.from({ length: COUNT }, (_, n) => topKIndices(prob.subarray(n * 10, n * 10 + 10), 1)[0]!);
    };
    const a = await classify(original);
    const b = await classify(padded);
    const correctA = a.filter((p, n) => p === labels[n]).length;
    const correctB = b.filter((p, n) => p === labels[n]).length;
    const agree = a.filter((p, n) => p === b[n]).length;
    session.dispose();
    console.log(`MNIST pad round trip, first ${COUNT} test digits: originals ${correctA} correct, round trip ${correctB}, agreement ${agree}`);
    // MNIST digits are already fitted and centred, so the round trip should change little: LeNet gets 99.1% of the
    // whole test set; allow a few digits whose bounding box or centre shifts by a pixel to flip.
    expect(correctA / COUNT).toBeGreaterThanOrEqual(0.98);
    expect(correctB / COUNT, `round trip: ${correctB}/${COUNT} correct, originals ${correctA}/${COUNT}`).toBeGreaterThanOrEqual(0.97);
    expect(agree / COUNT, `predictions agree on ${agree}/${COUNT}`).toBeGreaterThanOrEqual(0.97);
  });
});
