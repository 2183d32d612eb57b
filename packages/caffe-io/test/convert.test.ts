import { isSparseCnnError, tensor } from '@sparsecnn/tensor';
import type { Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { fromNetDescription, parsePrototxt, parameterShapes, toNetDescription } from '../src/index.js';
import { allPrototxts, haveData, readText } from './helpers.js';

function net(text: string) {
  return parsePrototxt(text, { file: 't.prototxt' }).net;
}

function caught(f: () => unknown): { code: string; context: Record<string, unknown>; message: string } {
  try {
    f();
  } catch (e) {
    if (!isSparseCnnError(e)) throw e;
    return { code: e.code, context: { ...e.context }, message: e.message };
  }
  throw new Error('expected a SparseCnnError');
}

const HEADER = 'input: "data" input_shape { dim: 2 dim: 4 dim: 9 dim: 9 }\n';

describe('toNetDescription: Caffe defaults and parameter forms', () => {
  it('applies convolution defaults and reads kernel_size / kernel_h+kernel_w / repeated forms', () => {
    const d = toNetDescription(net(`${HEADER}
      layer { name: "a" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 4 kernel_size: 3 } }
      layer { name: "b" type: "Convolution" bottom: "a" top: "b"
              convolution_param { num_output: 6 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 stride_h: 2 stride_w: 1 group: 2 bias_term: false } }
      layer { name: "c" type: "Convolution" bottom: "b" top: "c"
              convolution_param { num_output: 2 kernel_size: 1 kernel_size: 3 pad: 0 pad: 1 stride: 1 stride: 2 dilation: 2 } }
    `));
    expect(d.inputs).toEqual([{ name: 'data', shape: [2, 4, 9, 9] }]);
    expect(d.layers.map((l) => l.params)).toEqual([
      { numOutput: 4, kernel: [3, 3], stride: [1, 1], pad: [0, 0], dilation: [1, 1], group: 1, biasTerm: true },
      { numOutput: 6, kernel: [3, 1], stride: [2, 1], pad: [1, 0], dilation: [1, 1], group: 2, biasTerm: false },
      { numOutput: 2, kernel: [1, 3], stride: [1, 2], pad: [0, 1], dilation: [2, 2], group: 1, biasTerm: true },
    ]);
  });

  it('applies pooling, LRN, softmax, concat, eltwise, dropout, ReLU, flatten, BatchNorm and Scale defaults', () => {
    const d = toNetDescription(net(`${HEADER}
      layer { name: "p" type: "Pooling" bottom: "data" top: "p" pooling_param { kernel_size: 3 } }
      layer { name: "g" type: "Pooling" bottom: "data" top: "g" pooling_param { pool: AVE global_pooling: true } }
      layer { name: "n" type: "LRN" bottom: "data" top: "n" }
      layer { name: "s" type: "Softmax" bottom: "data" top: "s" }
      layer { name: "c" type: "Concat" bottom: "data" bottom: "n" top: "c" }
      layer { name: "c0" type: "Concat" bottom: "data" bottom: "n" top: "c0" concat_param { concat_dim: 0 } }
      layer { name: "e" type: "Eltwise" bottom: "data" bottom: "n" top: "e" }
      layer { name: "d" type: "Dropout" bottom: "e" top: "e" }
      layer { name: "r" type: "ReLU" bottom: "e" top: "e" }
      layer { name: "f" type: "Flatten" bottom: "e" top: "f" }
      layer { name: "bn" type: "BatchNorm" bottom: "data" top: "bn" }
      layer { name: "sc" type: "Scale" bottom: "bn" top: "bn" }
      layer { name: "sp" type: "Split" bottom: "bn" top: "x1" top: "x2" }
    `));
    const params = Object.fromEntries(d.layers.map((l) => [l.name, l.params]));
    expect(params).toEqual({
      p: { pool: 'max', kernel: [3, 3], stride: [1, 1], pad: [0, 0], global: false },
      g: { pool: 'ave', kernel: [9, 9], stride: [1, 1], pad: [0, 0], global: true },
      n: { localSize: 5, alpha: 1, beta: 0.75, k: 1, region: 'across' },
      s: { axis: 1 },
      c: { axis: 1 },
      c0: { axis: 0 },
      e: { operation: 'sum', coeffs: [] },
      d: { ratio: 0.5 },
      r: { negativeSlope: 0 },
      f: { axis: 1, endAxis: -1 },
      bn: { eps: 1e-5, useGlobalStats: true },
      sc: { axis: 1, numAxes: 1, biasTerm: false },
      sp: {},
    });
  });

  it('reads inputs from input_dim, Input layers and Data layers (crop, TEST batch), with the transform', () => {
    expect(toNetDescription(net('input: "x" input_dim: 1 input_dim: 3 input_dim: 5 input_dim: 5')).inputs).toEqual([
      { name: 'x', shape: [1, 3, 5, 5] },
    ]);
    expect(
      toNetDescription(net('layer { name: "in" type: "Input" top: "a" top: "b" input_param { shape { dim: 1 dim: 2 } shape { dim: 3 } } }')).inputs,
    ).toEqual([{ name: 'a', shape: [1, 2] }, { name: 'b', shape: [3] }]);
    const d = toNetDescription(net(`
      layer { name: "d" type: "Data" top: "data" top: "label" include { phase: TRAIN }
              transform_param { crop_size: 8 mirror: true } data_param { batch_size: 32 } }
      layer { name: "d" type: "Data" top: "data" top: "label" include { phase: TEST }
              transform_param { crop_size: 7 mean_value: 1 mean_value: 2 mean_value: 3 scale: 0.5 } data_param { batch_size: 5 } }
      layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 2 kernel_size: 3 } }
      layer { name: "acc" type: "Accuracy" bottom: "conv" bottom: "label" top: "acc" include { phase: TEST } }
      layer { name: "loss" type: "SoftmaxWithLoss" bottom: "conv" bottom: "label" top: "loss" }
    `));
    expect(d.inputs).toEqual([{ name: 'data', shape: [5, 3, 7, 7] }]);
    expect(d.transform).toEqual({ cropSize: 7, meanValues: [1, 2, 3], scale: 0.5 });
    expect(d.layers.map((l) => l.name)).toEqual(['conv']);
    // TRAIN phase picks the other data layer.
    const t = toNetDescription(net(`
      layer { name: "d" type: "Data" top: "data" include { phase: TRAIN } transform_param { crop_size: 8 } data_param { batch_size: 32 } }
      layer { name: "d2" type: "Data" top: "data" include { phase: TEST } transform_param { crop_size: 7 } data_param { batch_size: 5 } }
    `), undefined, { phase: 'TRAIN' });
    expect(t.inputs).toEqual([{ name: 'data', shape: [32, 3, 8, 8] }]);
  });

  it('takes a Data layer\'s channel count from the first convolution\'s weights', () => {
    const n = net(`
      layer { name: "d" type: "Data" top: "data" transform_param { crop_size: 6 } data_param { batch_size: 2 } }
      layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 2 kernel_size: 3 bias_term: false } }
    `);
    const w = new Map<string, Tensor[]>([['conv', [tensor(new Float32Array(2 * 1 * 9), [2, 1, 3, 3])]]]);
    expect(toNetDescription(n, w).inputs).toEqual([{ name: 'data', shape: [2, 1, 6, 6] }]);
  });
});

describe('toNetDescription: legacy text form and round trips', () => {
  it('reads a V1 prototxt (`layers` with enum types, input_dim)', () => {
    const d = toNetDescription(net(`
      name: "old" input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
      layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 } }
      layers { name: "relu1" type: RELU bottom: "conv1" top: "conv1" }
      layers { name: "pool1" type: POOLING bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
      layers { name: "fc" type: INNER_PRODUCT bottom: "pool1" top: "fc" inner_product_param { num_output: 10 } }
      layers { name: "loss" type: SOFTMAX_LOSS bottom: "fc" bottom: "label" top: "loss" include: { phase: TRAIN } }
      layers { name: "prob" type: SOFTMAX bottom: "fc" top: "prob" }
    `));
    expect(d.layers.map((l) => l.type)).toEqual(['Convolution', 'ReLU', 'Pooling', 'InnerProduct', 'Softmax']);
    expect(parameterShapes(net(`input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
      layers { name: "fc" type: INNER_PRODUCT bottom: "data" top: "fc" inner_product_param { num_output: 10 } }`))[0]!.shapes).toEqual([[10, 192], [10]]);
  });

  it('keeps the transform of an Input layer through fromNetDescription', () => {
    const d = toNetDescription(net(`
      layer { name: "in" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 4 dim: 4 } }
              transform_param { mean_value: 104 mean_value: 117 mean_value: 123 crop_size: 4 } }
      layer { name: "r" type: "ReLU" bottom: "data" top: "r" }`));
    expect(d.transform).toEqual({ meanValues: [104, 117, 123], cropSize: 4 });
    const back = toNetDescription(fromNetDescription(d));
    expect(back.transform).toEqual(d.transform);
    expect(back.inputs).toEqual(d.inputs);
  });
});

describe('toNetDescription: weights and errors', () => {
  const text = `${HEADER}
    layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 3 kernel_size: 3 } }
    layer { name: "fc" type: "InnerProduct" bottom: "conv" top: "fc" inner_product_param { num_output: 5 } }
    layer { name: "bn" type: "BatchNorm" bottom: "fc" top: "fc" }`;
  const zeros = (...shape: number[]) => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);

  it('merges weights by layer name and checks their shapes', () => {
    const w = new Map<string, Tensor[]>([
      ['conv', [zeros(3, 4, 3, 3), zeros(3)]],
      ['fc', [zeros(5, 3 * 7 * 7), zeros(5)]],
      ['bn', [tensor(new Float32Array([2, 4, 6, 8, 10]), [5]), tensor(new Float32Array([1, 1, 1, 1, 1]), [5]), tensor(new Float32Array([2]), [1])]],
    ]);
    const d = toNetDescription(net(text), w, { file: 't.prototxt' });
    expect(d.layers.map((l) => l.blobs.map((b) => b.shape))).toEqual([[[3, 4, 3, 3], [3]], [[5, 147], [5]], [[5], [5], [1]]]);
    // BatchNorm: mean and variance divided by the scale factor, which becomes 1.
    const bn = d.layers[2]!.blobs;
    expect(Array.from(bn[0]!.data)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(bn[1]!.data)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(bn[2]!.data)).toEqual([1]);
  });

  it('zeroes BatchNorm statistics when the scale factor is 0 (Caffe semantics)', () => {
    const w = new Map<string, Tensor[]>([
      ['conv', [zeros(3, 4, 3, 3), zeros(3)]], ['fc', [zeros(5, 147), zeros(5)]],
      ['bn', [tensor(new Float32Array([2, 4, 6, 8, 10]), [5]), tensor(new Float32Array(5).fill(3), [5]), tensor(new Float32Array([0]), [1])]],
    ]);
    const bn = toNetDescription(net(text), w).layers[2]!.blobs;
    expect(Array.from(bn[0]!.data)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(bn[1]!.data)).toEqual([0, 0, 0, 0, 0]);
  });

  it('reshapes legacy-style blobs with leading 1s when the element count matches (InnerProduct 1x1xOxK)', () => {
    const w = new Map<string, Tensor[]>([
      ['conv', [zeros(3, 4, 3, 3), zeros(1, 1, 1, 3)]],
      ['fc', [zeros(1, 1, 5, 147), zeros(1, 1, 1, 5)]],
    ]);
    const d = toNetDescription(net(text), w);
    expect(d.layers[1]!.blobs.map((b) => b.shape)).toEqual([[5, 147], [5]]);
    expect(d.layers[0]!.blobs[1]!.shape).toEqual([3]);
  });

  it('rejects a mismatched blob shape with E_SHAPE naming the file and the layer', () => {
    const w = new Map<string, Tensor[]>([['conv', [zeros(3, 4, 3, 3), zeros(3)]], ['fc', [zeros(5, 146), zeros(5)]]]);
    const e = caught(() => toNetDescription(net(text), w, { file: 'deploy.prototxt', weightsFile: 'w.caffemodel' }));
    expect(e.code).toBe('E_SHAPE');
    expect(e.context).toMatchObject({ file: 'w.caffemodel', layer: 'fc' });
    expect(e.message).toMatch(/w\.caffemodel.*layer 'fc'.*\[5, 146\].*expected \[5, 147\]/);
    const e2 = caught(() => toNetDescription(net(text), new Map([['conv', [zeros(3, 3, 3, 3), zeros(3)]]]), { file: 'd' }));
    expect(e2).toMatchObject({ code: 'E_SHAPE', context: { layer: 'conv' } });
    const e3 = caught(() => toNetDescription(net(text), new Map([['conv', [zeros(3, 4, 3, 3)]]]), { file: 'd' }));
    expect(e3).toMatchObject({ code: 'E_SHAPE', context: { layer: 'conv' } });
  });

  it('names missing weights, unknown layer types, missing bottoms and bad geometry', () => {
    const w = new Map<string, Tensor[]>([['conv', [zeros(3, 4, 3, 3), zeros(3)]]]);
    expect(caught(() => toNetDescription(net(text), w, { file: 'f' }))).toMatchObject({ code: 'E_FORMAT', context: { file: 'f', layer: 'fc' } });
    const u = caught(() => toNetDescription(net(`${HEADER} layer { name: "odd" type: "ConvolutionTanh" bottom: "data" top: "o" }`), undefined, { file: 'f' }));
    expect(u).toMatchObject({ code: 'E_UNSUPPORTED', context: { file: 'f', layer: 'odd' } });
    expect(u.message).toContain('ConvolutionTanh');
    expect(caught(() => toNetDescription(net(`${HEADER} layer { name: "r" type: "ReLU" bottom: "nope" top: "r" }`)))).toMatchObject({
      code: 'E_FORMAT', context: { layer: 'r' },
    });
    expect(caught(() => toNetDescription(net(`${HEADER} layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 2 kernel_size: 11 } }`)))).toMatchObject({
      code: 'E_SHAPE', context: { layer: 'c' },
    });
    expect(caught(() => toNetDescription(net(`${HEADER} layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 2 } }`)))).toMatchObject({
      code: 'E_FORMAT', context: { layer: 'c' },
    });
    expect(caught(() => toNetDescription(net('input: "x"')))).toMatchObject({ code: 'E_FORMAT' });
  });
});

describe.runIf(haveData('models/bvlc_alexnet/deploy.prototxt'))('toNetDescription on the shared nets', () => {
  const supported = allPrototxts().filter((f) => !f.includes('solver') && !f.includes('test_direct_sconv') && !f.includes('lenet_train_test'));
  for (const file of supported) {
    it(`converts ${file}`, () => {
      const d = toNetDescription(parsePrototxt(readText(file), { file }).net, undefined, { file });
      expect(d.inputs).toHaveLength(1);
      expect(d.inputs[0]!.shape.length).toBe(4);
      expect(d.layers.length).toBeGreaterThan(7);
      for (const l of d.layers) expect(['Accuracy', 'SoftmaxWithLoss', 'Data']).not.toContain(l.type);
    });
  }

  it('infers every parameter shape of AlexNet (groups, LRN, fc) and SqueezeNet v1.0 (concat, global pool)', () => {
    const alex = parameterShapes(parsePrototxt(readText('models/bvlc_alexnet/deploy.prototxt')).net);
    expect(Object.fromEntries(alex.map((l) => [l.name, l.shapes[0]]))).toEqual({
      conv1: [96, 3, 11, 11], conv2: [256, 48, 5, 5], conv3: [384, 256, 3, 3], conv4: [384, 192, 3, 3],
      conv5: [256, 192, 3, 3], fc6: [4096, 9216], fc7: [4096, 4096], fc8: [1000, 4096],
    });
    const sq = parameterShapes(parsePrototxt(readText('models/squeezenet_v1.0/deploy.prototxt')).net);
    const byName = Object.fromEntries(sq.map((l) => [l.name, l.shapes[0]]));
    expect(byName['fire2/squeeze1x1']).toEqual([16, 96, 1, 1]);
    expect(byName['fire3/squeeze1x1']).toEqual([16, 128, 1, 1]);
    expect(byName['conv10']).toEqual([1000, 512, 1, 1]);
  });

  it('reads the mean file and crop of the AlexNet train_val transform, and the lenet_train_test data layer with a given shape', () => {
    const d = toNetDescription(parsePrototxt(readText('models/bvlc_alexnet/train_val.prototxt')).net);
    expect(d.transform).toMatchObject({ meanFile: expect.stringContaining('imagenet_mean.binaryproto'), cropSize: 227, mirror: false });
    const lenet = parsePrototxt(readText('models/lenet_mnist/lenet_train_test.prototxt')).net;
    expect(caught(() => toNetDescription(lenet, undefined, { file: 'lenet_train_test.prototxt' }))).toMatchObject({
      code: 'E_SHAPE', context: { layer: 'mnist' },
    });
    const l = toNetDescription(lenet, undefined, { inputShapes: { data: [100, 1, 28, 28] } });
    expect(l.inputs).toEqual([{ name: 'data', shape: [100, 1, 28, 28] }]);
    expect(l.transform).toEqual({ scale: 0.00390625 });
  });

  it('expands the SkimCaffe fused layer types into standard layers (weighted parts keep the layer name)', () => {
    const file = 'models/skimcaffe/caffenet/test_direct_sconv.prototxt';
    const d = toNetDescription(parsePrototxt(readText(file), { file }).net, undefined, { file });
    const byName = new Map(d.layers.map((l) => [l.name, l]));
    expect(byName.get('pool1/relu')).toMatchObject({ type: 'ReLU', bottoms: ['conv1'], tops: ['pool1/relu_out'] });
    expect(byName.get('pool1')).toMatchObject({ type: 'Pooling', bottoms: ['pool1/relu_out'], tops: ['pool1'] });
    expect(byName.get('conv2')).toMatchObject({ type: 'Convolution', bottoms: ['norm1'], tops: ['conv2/conv_out'] });
    expect(byName.get('conv2')!.params).toMatchObject({ numOutput: 256, group: 2, kernel: [5, 5], pad: [2, 2] });
    expect(byName.get('conv2/relu')).toMatchObject({ type: 'ReLU', bottoms: ['conv2/conv_out'], tops: ['conv2/conv_out'] });
    expect(byName.get('conv2/pool')).toMatchObject({ type: 'Pooling', tops: ['conv2/pool_out'] });
    expect(byName.get('conv2/lrn')).toMatchObject({ type: 'LRN', bottoms: ['conv2/pool_out'], tops: ['conv2'] });
    const lrn = byName.get('conv2/lrn')!.params as { localSize: number; alpha: number; beta: number };
    expect(lrn.localSize).toBe(5);
    expect(lrn.alpha).toBeCloseTo(0.0001, 9);
    expect(lrn.beta).toBeCloseTo(0.75, 7);
    expect(byName.get('fc6')).toMatchObject({ type: 'InnerProduct', bottoms: ['conv5'], tops: ['fc6'] });
    expect(byName.get('fc6/dropout')).toMatchObject({ type: 'Dropout', bottoms: ['fc6'], tops: ['fc6'] });
    expect(d.layers.some((l) => l.type.startsWith('Convolution') && l.type !== 'Convolution')).toBe(false);
  });
});
