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

// Every exported layer kind, with in-place layers, ceil-mode pooling, grouped convs and a Split.
const SYNTHETIC = `
name: "mix"
layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 2 dim: 4 dim: 11 dim: 11 } } }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "norm1" type: "LRN" bottom: "pool1" top: "norm1" lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 } }
layer { name: "split" type: "Split" bottom: "norm1" top: "a" top: "b" }
layer { name: "ca" type: "Convolution" bottom: "a" top: "ca" convolution_param { num_output: 6 kernel_size: 1 } }
layer { name: "cb" type: "Convolution" bottom: "b" top: "cb" convolution_param { num_output: 6 kernel_size: 3 pad: 1 group: 2 } }
layer { name: "leaky" type: "ReLU" bottom: "cb" top: "cb" relu_param { negative_slope: 0.1 } }
layer { name: "cat" type: "Concat" bottom: "ca" bottom: "cb" top: "cat" }
layer { name: "bn" type: "BatchNorm" bottom: "cat" top: "cat" }
layer { name: "sc" type: "Scale" bottom: "cat" top: "cat" scale_param { bias_term: true } }
layer { name: "sum" type: "Eltwise" bottom: "cat" bottom: "cat" top: "sum" eltwise_param { operation: SUM coeff: 0.5 coeff: 2 } }
layer { name: "pool2" type: "Pooling" bottom: "sum" top: "pool2" pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
layer { name: "drop" type: "Dropout" bottom: "pool2" top: "pool2" }
layer { name: "fc" type: "InnerProduct" bottom: "pool2" top: "fc" inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
`;


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
