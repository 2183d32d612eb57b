/**
 * The whole-network ONNX export of bench:e2e: the exported model run by onnxruntime-node must give what our js
 * reference backend gives for the same NetDescription (random input, seed printed on failure).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ortNode from 'onnxruntime-node';
import { createSession } from '@sparsecnn/runtime';
import { Rng, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { loadBenchNet } from '../src/nets.js';
import { syntheticNet } from './synthetic-net.js';
import { netOutputs, netToOnnx } from '../src/onnx-net.js';
import { createOrtRunner, ortNodeOptions, type OrtModuleLike } from '../src/ort.js';
import { maxAbsDiff } from '../src/reference.js';
import { randomArray, sharedDataDir } from '../src/workloads.js';

const ort = ((ortNode as unknown as { default?: OrtModuleLike }).default ?? ortNode) as unknown as OrtModuleLike;

/** max |ours - ORT| <= TOL x max(1, max |ORT|) (float32 both sides, different summation orders). */
const TOL = 2e-5;

async function compare(net: NetDescription, batch: number, seed: number, backends: string[] = ['js']): Promise<void> {
  const rng = new Rng(seed);
  const { model, inputShape } = netToOnnx(net, batch);
  const input = randomArray(inputShape.reduce((a, b) => a * b, 1), rng, 0, 1);
  const runner = await createOrtRunner(ort, model, input, inputShape, ortNodeOptions(1));
  const y = (await runner.run()).slice();
  await runner.dispose();
  const session = await createSession(net, { backends, fallback: 'none', batch });
  const x: Tensor = { dtype: 'float32', shape: inputShape, data: input };
  const out = session.runSync({ [session.inputNames[0]!]: x })[session.outputNames[0]!]!;
  session.dispose();
  const { maxAbs, maxRef } = maxAbsDiff(out.data, y);
  expect(y.length, `seed ${seed}`).toBe(out.data.length);
  expect(maxAbs, `seed ${seed}: max abs err ${maxAbs} (max ref ${maxRef})`).toBeLessThanOrEqual(TOL * Math.max(1, maxRef));
}

describe('whole-network ONNX export (bench:e2e)', () => {
  it('a synthetic net with every exported layer kind matches the js backend', async () => {
    const seed = Rng.freshSeed();
    const net = syntheticNet(new Rng(seed));
    expect(netOutputs(net)).toEqual(['prob']);
    await compare(net, 2, seed);
  });

  const data = sharedDataDir();
  const have = existsSync(join(data, 'models', 'lenet_mnist')) && existsSync(join(data, 'models', 'squeezenet_deep_compression'));
  const real = have || process.env['CI'] === 'true' ? it : it.skip;
  real('LeNet (batch 3) and Deep Compression SqueezeNet (batch 1) match the js backend', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const lenet = await loadBenchNet('lenet', rng, data);
    await compare(lenet.net, 3, seed);
    const squeeze = await loadBenchNet('squeezenet-dc', rng, data);
    await compare(squeeze.net, 1, seed);
  }, 120_000);

  const haveResnet = existsSync(join(data, 'models', 'skimcaffe', 'resnet50'));
  (haveResnet || process.env['CI'] === 'true' ? it : it.skip)('ResNet-50 at SkimCaffe sparsities: logits match onnxruntime (native, else js)', async () => {
    const seed = Rng.freshSeed();
    const b = await loadBenchNet('resnet50', new Rng(seed), data);
    expect(b.net.layers.at(-1)!.type, 'compared on logits').toBe('InnerProduct');
    expect(netOutputs(b.net)).toEqual(['fc1000']);
    const wanted = b.net.layers.filter((l) => /branch2b$/.test(l.name) && l.type === 'Convolution');
    expect(wanted.length).toBe(16);
    const density = (t: Tensor) => t.data.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0) / t.data.length;
    expect(density(wanted[0]!.blobs[0]!)).toBeCloseTo(0.192, 1);
    expect(density(wanted[15]!.blobs[0]!)).toBeCloseTo(0.02, 1);
    const native = await createSession(b.net, { backends: ['native'], fallback: 'none' }).then((s) => (s.dispose(), true), () => false);
    await compare(b.net, 1, seed, native ? ['native'] : ['js']);
  }, 180_000);
});
