/**
 * SkimCaffe's fused layer types (ConvolutionReLU, ConvolutionReLUPool(LRN), ReLUPooling, InnerProductReLUDropout,
 * MKL*) load through caffe-io as the standard layers they stand for: every SkimCaffe prototxt converts and its shapes
 * infer through the planner; the fused CaffeNet / GoogLeNet have the same weighted layers and shapes as their
 * standard forms; and a fused net computes what its hand-expanded standard form computes (and the float64 reference).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FUSED_LAYER_TYPES, loadCaffeModel } from '@sparsecnn/caffe-io';
import {
  LAYER_TYPES, Rng, compareClose, randomUniform, type LayerDescription, type NetDescription, type Tensor,
} from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createSession, planNetwork } from '../src/index.js';
import { poisonSessionForTests } from '../src/session.js';
import { referenceForward } from './reference.js';

const SKIM = resolve(import.meta.dirname, '../../../../shared/data/models/skimcaffe');

function prototxts(): string[] {
  if (!existsSync(SKIM)) {
    if (process.env.CI === 'true') throw new Error(`real-data folder missing: ${SKIM}`);
    return [];
  }
  return readdirSync(SKIM).flatMap((d) =>
    existsSync(join(SKIM, d)) ? readdirSync(join(SKIM, d)).filter((f) => f.endsWith('.prototxt')).map((f) => join(d, f)) : [],
  ).sort();
}

const ones = (n: number): Tensor => ({ dtype: 'float32', shape: [n], data: new Float32Array(n).fill(1) });
const zeros = (n: number): Tensor => ({ dtype: 'float32', shape: [n], data: new Float32Array(n) });

/** BatchNorm / Scale need their blobs to plan: identity statistics sized by the producing convolution. */
function withIdentityNorms(net: NetDescription): NetDescription {
  const channels = new Map<string, number>();
  const layers = net.layers.map((l): LayerDescription => {
    const c = l.bottoms[0] !== undefined ? channels.get(l.bottoms[0]) : undefined;
    let out = l;
    if (l.type === 'BatchNorm' && l.blobs.length === 0 && c !== undefined) out = { ...l, blobs: [zeros(c), ones(c), ones(1)] };
    if (l.type === 'Scale' && l.blobs.length === 0 && c !== undefined) {
      out = { ...l, blobs: l.params.biasTerm ? [ones(c), zeros(c)] : [ones(c)] };
    }
    const produced = l.type === 'Convolution' ? l.params.numOutput : c;
    if (produced !== undefined) for (const t of l.tops) channels.set(t, produced);
    return out;
  });
  return { ...net, layers };
}

function fusedTypesIn(file: string): string[] {
  const types = [...readFileSync(join(SKIM, file), 'utf8').matchAll(/^\s*type:\s*"([A-Za-z]+)"/gm)].map((m) => m[1]!);
  return [...new Set(types.filter((t) => FUSED_LAYER_TYPES.has(t)))].sort();
}

async function load(file: string): Promise<NetDescription> {
  return loadCaffeModel({ prototxt: join(SKIM, file), onWarning: () => {} });
}

describe('SkimCaffe prototxts', () => {
  const files = prototxts();

  it('include the fused types this test is about', () => {
    if (files.length === 0) return;
    const all = new Set(files.flatMap(fusedTypesIn));
    for (const t of ['ConvolutionReLU', 'ConvolutionReLUPool', 'ConvolutionReLUPoolLRN', 'ReLUPooling', 'InnerProductReLUDropout']) {
      expect(all.has(t), t).toBe(true);
    }
  });

  for (const file of files) {
    it(`${file}: converts to standard layers and plans to a [1, 1000] output`, async () => {
      const net = withIdentityNorms(await load(file));
      for (const l of net.layers) expect(LAYER_TYPES as readonly string[], `${l.name}: ${l.type}`).toContain(l.type);
      const plan = planNetwork(net, 1);
      const last = plan.outputs.find((o) => o.shape.length === 2 && o.shape[1] === 1000);
      expect(last, JSON.stringify(plan.outputs)).toBeDefined();
      for (const l of plan.layers) for (const s of l.outputShapes) expect(s.every((d) => Number.isSafeInteger(d) && d > 0), `${l.name} ${JSON.stringify(s)}`).toBe(true);
    });
  }

  const pairs: Array<[string, string]> = [
    ['caffenet/test_direct_sconv.prototxt', 'caffenet/train_val_ft.prototxt'],
    ['caffenet/test_direct_sconv_mkl.prototxt', 'caffenet/train_val_ft.prototxt'],
    ['googlenet/test_direct_sconv.prototxt', 'googlenet/train_val_ft.prototxt'],
  ];
  for (const [fused, standard] of pairs) {
    it(`${fused}: same weighted layers, shapes and fused ReLUs as ${standard}`, async () => {
      if (!files.includes(fused) || !files.includes(standard)) return;
      expect(fusedTypesIn(fused).length).toBeGreaterThan(0);
      expect(fusedTypesIn(standard)).toEqual([]);
      const a = planNetwork(await load(fused), 1);
      const b = planNetwork(await load(standard), 1);
      const weighted = (p: typeof a) => p.layers
        .filter((l) => l.type === 'Convolution' || l.type === 'InnerProduct')
        .map((l) => ({ name: l.name, in: l.inputShapes, out: l.outputShapes, relu: l.fusedWith !== null }));
      expect(weighted(a)).toEqual(weighted(b));
      expect(a.totals.macs).toBe(b.totals.macs);
      expect(a.outputs.map((o) => o.shape)).toEqual(b.outputs.map((o) => o.shape));
    });
  }
});

/** The fused prototxt and its standard form, written by hand. */
const FUSED = `
name: "fused"
input: "data"
input_shape { dim: 2 dim: 3 dim: 17 dim: 17 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 6 kernel_size: 3 stride: 1 } }
layer { name: "pool1" type: "ReLUPooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "side" type: "Pooling" bottom: "conv1" top: "side" pooling_param { pool: AVE kernel_size: 15 stride: 15 } }
layer { name: "conv2" type: "ConvolutionReLUPoolLRN" bottom: "pool1" top: "conv2"
  convolution_param { num_output: 8 kernel_size: 3 pad: 1 group: 2 conv_mode: DIRECT_SCONV }
  pooling_param { pool: MAX kernel_size: 3 stride: 2 } lrn_param { local_size: 3 alpha: 0.001 beta: 0.75 } }
layer { name: "conv3" type: "ConvolutionReLU" bottom: "conv2" top: "conv3" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
layer { name: "conv4" type: "ConvolutionReLUPool" bottom: "conv3" top: "conv4"
  convolution_param { num_output: 4 kernel_size: 1 } pooling_param { pool: AVE kernel_size: 2 stride: 1 } }
layer { name: "fc5" type: "InnerProductReLUDropout" bottom: "conv4" top: "fc5"
  inner_product_param { num_output: 10 } dropout_param { dropout_ratio: 0.5 } }
layer { name: "fc6" type: "InnerProduct" bottom: "fc5" top: "fc6" inner_product_param { num_output: 5 } }
layer { name: "prob" type: "Softmax" bottom: "fc6" top: "prob" }
`;

const STANDARD = `
name: "standard"
input: "data"
input_shape { dim: 2 dim: 3 dim: 17 dim: 17 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 6 kernel_size: 3 stride: 1 } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "relu1" }
layer { name: "pool1" type: "Pooling" bottom: "relu1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "side" type: "Pooling" bottom: "conv1" top: "side" pooling_param { pool: AVE kernel_size: 15 stride: 15 } }
layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "c2" convolution_param { num_output: 8 kernel_size: 3 pad: 1 group: 2 } }
layer { name: "relu2" type: "ReLU" bottom: "c2" top: "c2" }
layer { name: "pool2" type: "Pooling" bottom: "c2" top: "p2" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "norm2" type: "LRN" bottom: "p2" top: "conv2" lrn_param { local_size: 3 alpha: 0.001 beta: 0.75 } }
layer { name: "conv3" type: "Convolution" bottom: "conv2" top: "conv3" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
layer { name: "relu3" type: "ReLU" bottom: "conv3" top: "conv3" }
layer { name: "conv4" type: "Convolution" bottom: "conv3" top: "c4" convolution_param { num_output: 4 kernel_size: 1 } }
layer { name: "relu4" type: "ReLU" bottom: "c4" top: "c4" }
layer { name: "pool4" type: "Pooling" bottom: "c4" top: "conv4" pooling_param { pool: AVE kernel_size: 2 stride: 1 } }
layer { name: "fc5" type: "InnerProduct" bottom: "conv4" top: "fc5" inner_product_param { num_output: 10 } }
layer { name: "relu5" type: "ReLU" bottom: "fc5" top: "fc5" }
layer { name: "drop5" type: "Dropout" bottom: "fc5" top: "fc5" dropout_param { dropout_ratio: 0.5 } }
layer { name: "fc6" type: "InnerProduct" bottom: "fc5" top: "fc6" inner_product_param { num_output: 5 } }
layer { name: "prob" type: "Softmax" bottom: "fc6" top: "prob" }
`;

/** Seeded random weights for every Convolution / InnerProduct, by layer name, shaped from the plan. */
function withWeights(net: NetDescription, rng: Rng): NetDescription {
  const plan = planNetwork(net, 1);
  const byName = new Map(plan.layers.map((l) => [l.name, l]));
  return {
    ...net,
    layers: net.layers.map((l) => {
      if (l.type === 'Convolution') {
        const inC = byName.get(l.name)!.inputShapes[0]![1]!;
        const p = l.params;
        return { ...l, blobs: [randomUniform([p.numOutput, inC / p.group, p.kernel[0], p.kernel[1]], rng, -0.5, 0.5), randomUniform([p.numOutput], rng, -0.2, 0.2)] };
      }
      if (l.type === 'InnerProduct') {
        const k = byName.get(l.name)!.inputShapes[0]!.slice(1).reduce((a, d) => a * d, 1);
        return { ...l, blobs: [randomUniform([l.params.numOutput, k], rng, -0.3, 0.3), randomUniform([l.params.numOutput], rng, -0.2, 0.2)] };
      }
      return l;
    }),
  };
}

describe('fused layers compute what their standard form computes', () => {
  it('a net with every fused type equals its hand-expanded form and the float64 reference', async () => {
    const seed = Rng.freshSeed();
    const fusedNet = await loadCaffeModel({ prototxt: { text: FUSED, name: 'fused.prototxt' }, onWarning: () => {} });
    const standardNet = await loadCaffeModel({ prototxt: { text: STANDARD, name: 'standard.prototxt' } });
    expect(fusedNet.layers.map((l) => l.name)).toEqual([
      'conv1', 'pool1/relu', 'pool1', 'side', 'conv2', 'conv2/relu', 'conv2/pool', 'conv2/lrn', 'conv3', 'conv3/relu',
      'conv4', 'conv4/relu', 'conv4/pool', 'fc5', 'fc5/relu', 'fc5/dropout', 'fc6', 'prob',
    ]);
    // The ReLU of ReLUPooling does not write its bottom in place ('side' still reads the pre-activation conv1).
    expect(fusedNet.layers[1]).toMatchObject({ type: 'ReLU', bottoms: ['conv1'], tops: ['pool1/relu_out'] });
    const fused = withWeights(fusedNet, new Rng(seed));
    // The same weights, by layer name, for the standard form.
    const weights = new Map(fused.layers.map((l) => [l.name, l.blobs]));
    const standard = { ...standardNet, layers: standardNet.layers.map((l) => ({ ...l, blobs: weights.get(l.name) ?? l.blobs })) } as NetDescription;
    const feeds = { data: randomUniform([2, 3, 17, 17], new Rng(seed + 1), -1, 1) };
    const ref = referenceForward(standard, feeds);
    const a = await createSession(fused, { backends: ['js'] });
    const b = await createSession(standard, { backends: ['js'] });
    // The runtime fuses each ReLU into its convolution, except pool1/relu: conv1 has a second reader ('side').
    expect(a.plan.filter((l) => l.kernel === 'fused').map((l) => l.name)).toEqual(['conv2/relu', 'conv3/relu', 'conv4/relu', 'fc5/relu']);
    poisonSessionForTests(a);
    poisonSessionForTests(b);
    const outA = await a.run(feeds);
    const outB = await b.run(feeds);
    for (const name of ['prob', 'side']) {
      expect(outA[name]!.shape, name).toEqual(outB[name]!.shape);
      expect(Array.from(outA[name]!.data), `${name} (seed ${seed})`).toEqual(Array.from(outB[name]!.data));
      const r = compareClose(outA[name]!.data, ref.get(name)!.data, { atol: 1e-5, rtol: 1e-4 });
      expect(r.ok, `${name} vs float64: ${r.message} (seed ${seed})`).toBe(true);
    }
    a.dispose();
    b.dispose();
  });

  it('a fused layer with two bottoms is an E_FORMAT error naming it', async () => {
    const text = `input: "a" input_shape { dim: 1 dim: 1 dim: 4 dim: 4 } input: "b" input_shape { dim: 1 dim: 1 dim: 4 dim: 4 }
layer { name: "bad" type: "ConvolutionReLU" bottom: "a" bottom: "b" top: "c" convolution_param { num_output: 1 kernel_size: 1 } }`;
    await expect(loadCaffeModel({ prototxt: { text, name: 'two.prototxt' } })).rejects.toMatchObject({
      code: 'E_FORMAT', context: { layer: 'bad', file: 'two.prototxt' },
    });
  });
});
