/** Small NetDescriptions built in code, with seeded random weights. */
import {
  randomSparse, randomUniform, type LayerDescription, type LayerParamsByType, type NetDescription, type Rng, type Tensor,
} from '@sparsecnn/tensor';

type P<T extends keyof LayerParamsByType> = Partial<LayerParamsByType[T]>;

export function layer<T extends keyof LayerParamsByType>(
  type: T, name: string, bottoms: string[], tops: string[], params: LayerParamsByType[T], blobs: Tensor[] = [],
): LayerDescription {
  return { name, type, bottoms, tops, params, blobs } as LayerDescription;
}

export function conv(
  rng: Rng, name: string, bottom: string, top: string, inChannels: number,
  p: P<'Convolution'> & { numOutput: number }, density = 1,
): LayerDescription {
  const params: LayerParamsByType['Convolution'] = {
    kernel: [3, 3], stride: [1, 1], pad: [0, 0], dilation: [1, 1], group: 1, biasTerm: true, ...p,
  };
  const w = randomSparse([params.numOutput, inChannels / params.group, params.kernel[0], params.kernel[1]], rng, density, -0.5, 0.5);
  const blobs = [w];
  if (params.biasTerm) blobs.push(randomUniform([params.numOutput], rng, -0.2, 0.2));
  return layer('Convolution', name, [bottom], [top], params, blobs);
}

export function ip(
  rng: Rng, name: string, bottom: string, top: string, inputSize: number, p: P<'InnerProduct'> & { numOutput: number },
  density = 1,
): LayerDescription {
  const params: LayerParamsByType['InnerProduct'] = { biasTerm: true, transpose: false, axis: 1, ...p };
  const shape = params.transpose ? [inputSize, params.numOutput] : [params.numOutput, inputSize];
  const blobs = [randomSparse(shape, rng, density, -0.3, 0.3)];
  if (params.biasTerm) blobs.push(randomUniform([params.numOutput], rng, -0.2, 0.2));
  return layer('InnerProduct', name, [bottom], [top], params, blobs);
}

export const relu = (name: string, bottom: string, top = bottom, negativeSlope = 0): LayerDescription =>
  layer('ReLU', name, [bottom], [top], { negativeSlope });

export const pool = (name: string, bottom: string, top: string, p: P<'Pooling'> = {}): LayerDescription =>
  layer('Pooling', name, [bottom], [top], { pool: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false, ...p });

/**
 * "Alex": conv(s2, pad) + in-place ReLU (fused) -> max pool (ceil) -> LRN -> grouped dilated conv + ReLU (not in
 * place, fused) -> ave pool with pad -> IP + ReLU -> Dropout (in place) -> IP -> Softmax.
 */
export function alexNet(rng: Rng, batch: number, density = 1): NetDescription {
  return {
    name: 'alex',
    inputs: [{ name: 'data', shape: [batch, 3, 17, 17] }],
    layers: [
      conv(rng, 'conv1', 'data', 'conv1', 3, { numOutput: 8, kernel: [3, 3], stride: [2, 2], pad: [1, 1] }, density),
      relu('relu1', 'conv1'),
      pool('pool1', 'conv1', 'pool1', { kernel: [3, 3], stride: [2, 2] }),
      layer('LRN', 'norm1', ['pool1'], ['norm1'], { localSize: 5, alpha: 1e-2, beta: 0.75, k: 1, region: 'across' }),
      conv(rng, 'conv2', 'norm1', 'conv2', 8, { numOutput: 12, kernel: [3, 3], pad: [2, 2], dilation: [2, 2], group: 2 }, density),
      relu('relu2', 'conv2', 'conv2r'),
      pool('pool2', 'conv2r', 'pool2', { pool: 'ave', kernel: [3, 3], stride: [2, 2], pad: [1, 1] }),
      ip(rng, 'fc3', 'pool2', 'fc3', 12 * 3 * 3, { numOutput: 20 }, density),
      relu('relu3', 'fc3'),
      layer('Dropout', 'drop3', ['fc3'], ['fc3'], { ratio: 0.5 }),
      ip(rng, 'fc4', 'fc3', 'fc4', 20, { numOutput: 10 }, density),
      layer('Softmax', 'prob', ['fc4'], ['prob'], { axis: 1 }),
    ],
  };
}

function vec(rng: Rng, n: number, lo: number, hi: number): Tensor {
  return randomUniform([n], rng, lo, hi);
}

/**
 * "Res": conv -> Split -> two branches (1x1, 3x3 pad 1, no bias) -> Concat -> BatchNorm + Scale in place -> Eltwise
 * SUM (coeffs) with a 1x1 projection of the split -> leaky ReLU -> Eltwise PROD / MAX -> global ave pool -> Flatten
 * -> IP (transpose) -> Softmax.
 */
export function resNet(rng: Rng, batch: number, density = 1): NetDescription {
  const c = 6;
  return {
    name: 'res',
    inputs: [{ name: 'data', shape: [batch, 2, 9, 11] }],
    layers: [
      conv(rng, 'stem', 'data', 'stem', 2, { numOutput: c, kernel: [3, 3], pad: [1, 1] }, density),
      layer('Split', 'split', ['stem'], ['s0', 's1', 's2'], {}),
      conv(rng, 'b1', 's0', 'b1', c, { numOutput: 4, kernel: [1, 1] }, density),
      conv(rng, 'b2', 's1', 'b2', c, { numOutput: 4, kernel: [3, 3], pad: [1, 1], biasTerm: false }, density),
      layer('Concat', 'cat', ['b1', 'b2'], ['cat'], { axis: 1 }),
      layer('BatchNorm', 'bn', ['cat'], ['cat'], { eps: 1e-5, useGlobalStats: true },
        [vec(rng, 8, -0.5, 0.5).data, vec(rng, 8, 0.5, 2).data, new Float32Array([2])].map((d) => ({ dtype: 'float32' as const, shape: [d.length], data: d }))),
      layer('Scale', 'sc', ['cat'], ['cat'], { axis: 1, numAxes: 1, biasTerm: true }, [vec(rng, 8, 0.5, 1.5), vec(rng, 8, -0.3, 0.3)]),
      conv(rng, 'proj', 's2', 'proj', c, { numOutput: 8, kernel: [1, 1] }, density),
      layer('Eltwise', 'sum', ['cat', 'proj'], ['sum'], { operation: 'sum', coeffs: [1, -0.5] }),
      relu('leaky', 'sum', 'sum', 0.1),
      layer('Eltwise', 'mul', ['sum', 'proj'], ['mul'], { operation: 'prod', coeffs: [] }),
      layer('Eltwise', 'max', ['mul', 'cat'], ['max'], { operation: 'max', coeffs: [] }),
      pool('gap', 'max', 'gap', { pool: 'ave', global: true }),
      layer('Flatten', 'flat', ['gap'], ['flat'], { axis: 1, endAxis: -1 }),
      ip(rng, 'fc', 'flat', 'fc', 8, { numOutput: 5, transpose: true }, density),
      layer('Softmax', 'prob', ['fc'], ['prob'], { axis: -1 }),
    ],
  };
}

/** A plain chain of convolutions (buffers are reused along it), with two outputs. */
export function chainNet(rng: Rng, batch: number): NetDescription {
  const layers: LayerDescription[] = [];
  let prev = 'data';
  for (let i = 0; i < 6; i++) {
    layers.push(conv(rng, `c${i}`, prev, `c${i}`, 4, { numOutput: 4, kernel: [3, 3], pad: [1, 1] }));
    if (i % 2 === 0) layers.push(relu(`r${i}`, `c${i}`));
    prev = `c${i}`;
  }
  // An InnerProduct over axis 2 ([N, 4, 8*8] -> [N, 4, 3]) and a Softmax over axis 2, besides the last conv.
  layers.push(layer('Flatten', 'fl', [prev], ['fl'], { axis: 2, endAxis: -1 }));
  layers.push(ip(rng, 'ip', 'fl', 'ip', 64, { numOutput: 3, axis: 2 }));
  layers.push(layer('Softmax', 'sm', ['ip'], ['sm'], { axis: 2 }));
  layers.push(layer('Split', 'keep', ['c3'], ['c3copy'], {}));
  return { name: 'chain', inputs: [{ name: 'data', shape: [batch, 4, 8, 8] }], layers };
}
