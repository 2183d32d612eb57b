/**
 * bench:e2e's TF.js port of a whole network (tfjs-net.ts) must compute what our js reference backend computes for the
 * same NetDescription: every layer kind, Caffe's ceil-mode MAX and AVE pooling with padding, grouped convolutions,
 * LRN, and the real pruned CaffeNet. Random inputs, seed printed on failure.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@sparsecnn/runtime';
import { Rng, type NetDescription } from '@sparsecnn/tensor';
import { loadBenchNet, netWithWeights } from '../src/nets.js';
import { maxAbsDiff } from '../src/reference.js';
import { createTfjsNet, initTfjs } from '../src/tfjs-net.js';
import { randomArray, sharedDataDir } from '../src/workloads.js';
import { syntheticNet } from './synthetic-net.js';

/** max |TF.js - ours| <= TOL x max(1, max |ours|): float32 on both sides, different summation orders. */
const TOL = 2e-5;

async function compare(net: NetDescription, batch: number, seed: number, backends: string[] = ['js']): Promise<void> {
  const rng = new Rng(seed);
  const shape = [batch, ...net.inputs[0]!.shape.slice(1)];
  const input = randomArray(shape.reduce((a, b) => a * b, 1), rng, 0, 1);
  const session = await createSession(net, { backends, fallback: 'none', batch });
  const ref = session.runSync({ [session.inputNames[0]!]: { dtype: 'float32', shape, data: input } })[session.outputNames[0]!]!.data;
  session.dispose();
  const tfNet = createTfjsNet(net, batch, input);
  tfNet.run(); // a first run (TF.js compiles kernels lazily), then the checked one: a fresh output array each time
  const got = tfNet.run();
  tfNet.dispose();
  expect(got.length, `seed ${seed}`).toBe(ref.length);
  const { maxAbs, maxRef } = maxAbsDiff(got, ref);
  expect(maxAbs, `seed ${seed}: max abs err ${maxAbs} (max ref ${maxRef})`).toBeLessThanOrEqual(TOL * Math.max(1, maxRef));
}

// Padded pooling whose last windows run past the padding (Caffe's clip), AVE and MAX, plus a global AVE pool.
const POOLS = `
name: "pools"
layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 10 dim: 9 } } }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 6 kernel_h: 3 kernel_w: 2 pad_h: 1 pad_w: 0 stride: 1 } }
layer { name: "ave" type: "Pooling" bottom: "conv" top: "ave" pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }
layer { name: "max" type: "Pooling" bottom: "conv" top: "max" pooling_param { pool: MAX kernel_size: 3 stride: 2 pad: 1 } }
layer { name: "cat" type: "Concat" bottom: "ave" bottom: "max" top: "cat" }
layer { name: "gap" type: "Pooling" bottom: "cat" top: "gap" pooling_param { pool: AVE global_pooling: true } }
`;

describe('TF.js whole-network port (bench:e2e wasm rows)', () => {
  beforeAll(async () => {
    const err = await initTfjs();
    expect(err, 'TF.js wasm backend').toBeNull();
  });

  it('a synthetic net with every layer kind matches the js backend (batch 2)', async () => {
    const seed = Rng.freshSeed();
    await compare(syntheticNet(new Rng(seed)), 2, seed);
  });

  it("padded AVE / MAX pooling in Caffe's ceil mode, rectangular kernels and global pooling match", async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = netWithWeights(POOLS, 'pools.prototxt', (_l, _t, shapes) =>
      shapes.map((s) => ({ dtype: 'float32' as const, shape: s, data: randomArray(s.reduce((a, b) => a * b, 1), rng, -1, 1) })));
    await compare(net, 1, seed);
  });

  const data = sharedDataDir();
  const have = existsSync(join(data, 'models', 'skimcaffe', 'caffenet'));
  (have || process.env['CI'] === 'true' ? it : it.skip)('the pruned CaffeNet of bench:e2e matches (native, else js)', async () => {
    const seed = Rng.freshSeed();
    const b = await loadBenchNet('caffenet-pruned', new Rng(seed), data);
    const native = await createSession(b.net, { backends: ['native'], fallback: 'none' }).then((s) => (s.dispose(), true), () => false);
    await compare(b.net, 1, seed, native ? ['native'] : ['js']);
  }, 120_000);
});
