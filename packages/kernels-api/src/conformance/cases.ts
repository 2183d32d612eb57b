/**
 * The randomized cases of the conformance suite, over the shapes real networks use (AlexNet, VGG, GoogLeNet, ResNet
 * layers with their channel counts cut down so that a float64 oracle stays fast), and the tolerances each op must
 * meet. Exported so that benchmarks and other tests can reuse them.
 */
import type { Pair } from '@sparsecnn/tensor';
import type { EltwiseOp, LrnParams, Pool2dParams, PoolMethod } from '../ops.js';

export interface ConvCase {
  readonly name: string;
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly o: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilation: Pair;
  readonly groups: number;
  readonly bias: boolean;
  readonly relu: boolean;
  /** Weight density for sparse ops (1 = dense). */
  readonly density: number;
}

function conv(name: string, p: Partial<ConvCase> & Pick<ConvCase, 'c' | 'h' | 'w' | 'o' | 'kernel'>): ConvCase {
  return {
    name, n: 1, stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, bias: true, relu: false, density: 1, ...p,
  };
}

/** Forward convolutions (dense and, with each case's density, sparse). */
export const convCases: readonly ConvCase[] = [
  conv('1x1 13x13 (squeeze/expand)', { c: 16, h: 13, w: 13, o: 16, kernel: [1, 1], density: 0.3 }),
  conv('1x1 stride 2 14x14 (resnet downsample)', { c: 8, h: 14, w: 14, o: 8, kernel: [1, 1], stride: [2, 2], bias: false, density: 0.5 }),
  conv('3x3 pad 1 27x27 relu', { c: 8, h: 27, w: 27, o: 8, kernel: [3, 3], pad: [1, 1], relu: true, density: 0.1 }),
  conv('3x3 pad 1 13x13 batch 3', { n: 3, c: 4, h: 13, w: 13, o: 6, kernel: [3, 3], pad: [1, 1], density: 0.3 }),
  conv('3x3 pad 1 55x55', { c: 3, h: 55, w: 55, o: 4, kernel: [3, 3], pad: [1, 1], density: 1 }),
  conv('3x3 pad 1 56x56 batch 3 relu', { n: 3, c: 2, h: 56, w: 56, o: 4, kernel: [3, 3], pad: [1, 1], relu: true, density: 0.2 }),
  conv('5x5 pad 2 groups 2 27x27 (alexnet conv2)', { c: 8, h: 27, w: 27, o: 8, kernel: [5, 5], pad: [2, 2], groups: 2, relu: true, density: 0.05 }),
  conv('7x7 stride 2 pad 3 56x56 (resnet conv1)', { c: 3, h: 56, w: 56, o: 8, kernel: [7, 7], stride: [2, 2], pad: [3, 3], density: 0.3 }),
  conv('11x11 stride 4 63x63 (alexnet conv1)', { c: 3, h: 63, w: 63, o: 8, kernel: [11, 11], stride: [4, 4], relu: true, density: 0.2 }),
  conv('3x3 dilation 2 pad 2 13x13', { c: 4, h: 13, w: 13, o: 4, kernel: [3, 3], pad: [2, 2], dilation: [2, 2], density: 0.5 }),
  conv('3x3 stride 2 7x7 batch 2 no bias', { n: 2, c: 6, h: 7, w: 7, o: 5, kernel: [3, 3], stride: [2, 2], bias: false, density: 0.01 }),
  conv('3x1 pad [1,0] 13x7', { c: 4, h: 13, w: 7, o: 3, kernel: [3, 1], pad: [1, 0], density: 0.7 }),
  conv('3x3 groups 2 13x13 (alexnet conv4)', { c: 8, h: 13, w: 13, o: 12, kernel: [3, 3], pad: [1, 1], groups: 2, density: 0.02 }),
  conv('3x3 depthwise 13x13', { c: 8, h: 13, w: 13, o: 8, kernel: [3, 3], pad: [1, 1], groups: 8, density: 0.6 }),
  conv('5x5 stride 3 pad 1 27x13 batch 3', { n: 3, c: 3, h: 27, w: 13, o: 4, kernel: [5, 5], stride: [3, 3], pad: [1, 1], density: 0.1 }),
  // Height and width parameters differ: catches swapped axes.
  conv('3x3 stride [2,1] pad [1,0] dilation [1,2] 13x27', { n: 2, c: 3, h: 13, w: 27, o: 5, kernel: [3, 3], stride: [2, 1], pad: [1, 0], dilation: [1, 2], density: 0.4 }),
  conv('1x5 stride [1,3] pad [0,2] 7x55', { c: 4, h: 7, w: 55, o: 6, kernel: [1, 5], stride: [1, 3], pad: [0, 2], relu: true, density: 0.25 }),
  // Wide layers with few outputs: several input-channel blocks in the direct sparse layout (chooseChannelBlock).
  conv('3x3 pad 1 13x13 96 -> 16 (channel blocks)', { c: 96, h: 13, w: 13, o: 16, kernel: [3, 3], pad: [1, 1], relu: true, density: 0.1 }),
  conv('3x3 pad 1 13x13 64 -> 20 (channel blocks)', { c: 64, h: 13, w: 13, o: 20, kernel: [3, 3], pad: [1, 1], density: 0.35 }),
  conv('5x5 pad 2 groups 2 13x13 32 -> 32', { c: 32, h: 13, w: 13, o: 32, kernel: [5, 5], pad: [2, 2], groups: 2, density: 0.38 }),
  conv('1x1 7x7 256 -> 24 batch 3 (bottleneck)', { n: 3, c: 256, h: 7, w: 7, o: 24, kernel: [1, 1], density: 0.05 }),
];

/** Weight densities every sparse convolution geometry is also run at (plus the case's own density). */
export const sparseDensities: readonly number[] = [0.01, 0.1, 1];

/** Small geometries for gradients (oracle and finite differences). */
export const convBackwardCases: readonly ConvCase[] = [
  conv('3x3 pad 1 7x7 batch 2', { n: 2, c: 3, h: 7, w: 7, o: 4, kernel: [3, 3], pad: [1, 1], density: 0.5 }),
  conv('5x5 stride 2 pad 2 groups 2 13x13', { c: 4, h: 13, w: 13, o: 4, kernel: [5, 5], stride: [2, 2], pad: [2, 2], groups: 2, density: 0.3 }),
  conv('1x1 7x7 batch 3', { n: 3, c: 5, h: 7, w: 7, o: 3, kernel: [1, 1], density: 0.6 }),
  conv('3x3 dilation 2 pad 1 9x8', { c: 2, h: 9, w: 8, o: 3, kernel: [3, 3], pad: [1, 1], dilation: [2, 2], density: 0.4 }),
  conv('11x11 stride 4 27x27', { c: 2, h: 27, w: 27, o: 2, kernel: [11, 11], stride: [4, 4], density: 0.1 }),
  conv('3x2 stride [1,2] pad [1,0] dilation [2,1] 8x9', { c: 2, h: 8, w: 9, o: 2, kernel: [3, 2], stride: [1, 2], pad: [1, 0], dilation: [2, 1], density: 0.7 }),
];

export interface GemmCase {
  readonly name: string;
  /** Input shape [N, ...]; K = product of the rest. */
  readonly input: readonly number[];
  readonly o: number;
  readonly bias: boolean;
  readonly relu: boolean;
  readonly density: number;
  /** CSB block shape for the CSB variant of spmm. */
  readonly block: Pair;
}

export const gemmCases: readonly GemmCase[] = [
  { name: 'fc 256 -> 64', input: [1, 256], o: 64, bias: true, relu: false, density: 0.1, block: [16, 64] },
  { name: 'fc 400 -> 50 batch 3 relu', input: [3, 400], o: 50, bias: true, relu: true, density: 0.3, block: [8, 32] },
  { name: 'fc 1000 -> 10 no bias', input: [2, 1000], o: 10, bias: false, relu: false, density: 0.01, block: [4, 256] },
  { name: 'fc from [3, 16, 6, 6] -> 20', input: [3, 16, 6, 6], o: 20, bias: true, relu: true, density: 0.05, block: [7, 5] },
  { name: 'fc 576 -> 33 dense', input: [1, 576], o: 33, bias: true, relu: false, density: 1, block: [32, 64] },
  { name: 'fc 9216 -> 40 (fc6 rows)', input: [1, 9216], o: 40, bias: true, relu: true, density: 0.09, block: [64, 1024] },
  { name: 'fc 4096 -> 17 batch 3 (fc8 rows)', input: [3, 4096], o: 17, bias: true, relu: false, density: 0.25, block: [16, 512] },
];

export const gemmBackwardCases: readonly GemmCase[] = [
  { name: 'fc 30 -> 7 batch 2', input: [2, 30], o: 7, bias: true, relu: false, density: 1, block: [4, 8] },
  { name: 'fc from [3, 4, 3, 3] -> 5', input: [3, 4, 3, 3], o: 5, bias: true, relu: false, density: 1, block: [4, 8] },
];

export interface PoolCase {
  readonly name: string;
  readonly shape: readonly [number, number, number, number];
  readonly params: Pool2dParams;
}

function pool(name: string, shape: PoolCase['shape'], method: PoolMethod, kernel: number | Pair, stride: number | Pair, pad: number | Pair = 0, global = false): PoolCase {
  const pair = (v: number | Pair): Pair => (typeof v === 'number' ? [v, v] : v);
  return { name, shape, params: { method, kernel: pair(kernel), stride: pair(stride), pad: pair(pad), global } };
}

export const poolCases: readonly PoolCase[] = [
  pool('max 3x3/2 55 -> 27 (alexnet pool1)', [1, 4, 55, 55], 'max', 3, 2),
  pool('max 3x3/2 13 -> 6 (alexnet pool5)', [2, 8, 13, 13], 'max', 3, 2),
  pool('max 3x3/2 pad 1 56 -> 28 (resnet pool1)', [1, 4, 56, 56], 'max', 3, 2, 1),
  pool('max 2x2/2 7 -> 4 clipped last window', [3, 3, 7, 7], 'max', 2, 2),
  pool('max 3x3/2 pad 1 7 clipped both ends', [1, 3, 7, 7], 'max', 3, 2, 1),
  pool('max 2x3/1x2 13x27 rectangular', [1, 2, 13, 27], 'max', [2, 3], [1, 2]),
  pool('max 3x2/2x1 pad [1,0] 13x7 asymmetric', [2, 3, 13, 7], 'max', [3, 2], [2, 1], [1, 0]),
  pool('avg 3x2/1x2 pad [0,1] 7x13 asymmetric', [1, 3, 7, 13], 'ave', [3, 2], [1, 2], [0, 1]),
  pool('avg 2x2/2 13 -> 7 clipped last window', [2, 3, 13, 13], 'ave', 2, 2),
  pool('avg 3x3/2 pad 1 7 clipped both ends', [1, 3, 7, 7], 'ave', 3, 2, 1),
  pool('avg 3x3/1 pad 1 13 (inception pool proj)', [1, 4, 13, 13], 'ave', 3, 1, 1),
  pool('avg 5x5/3 14 -> 4 (googlenet aux)', [2, 4, 14, 14], 'ave', 5, 3),
  pool('avg 3x3/2 pad 1 27x13 batch 3', [3, 2, 27, 13], 'ave', 3, 2, 1),
  pool('global avg 7x7 (resnet)', [3, 8, 7, 7], 'ave', 1, 1, 0, true),
  pool('global max 13x6', [2, 5, 13, 6], 'max', 1, 1, 0, true),
  // wide rows: the vectorised interior of the native kernels (16 / 8 / 4 outputs per vector), threaded over planes
  pool('max 3x3/2 111 -> 55 (squeezenet pool1)', [1, 6, 111, 111], 'max', 3, 2),
  pool('max 3x3/2 pad 1 112 -> 56 batch 2 (resnet pool1)', [2, 3, 112, 112], 'max', 3, 2, 1),
  pool('max 2x2/2 70 -> 35 (lenet-like)', [3, 4, 70, 70], 'max', 2, 2),
  pool('max 3x3/1 pad 1 41x45 (inception pool)', [1, 5, 41, 45], 'max', 3, 1, 1),
  pool('avg 3x3/2 pad 1 67x71', [2, 3, 67, 71], 'ave', 3, 2, 1),
  pool('avg 5x5/1 pad 2 29x53', [1, 3, 29, 53], 'ave', 5, 1, 2),
  pool('avg 2x3/2x2 pad [1,1] 40x75 batch 2', [2, 2, 40, 75], 'ave', [2, 3], 2, 1),
  pool('max 3x3/3 61 -> 21 (stride 3, scalar interior)', [1, 4, 61, 61], 'max', 3, 3),
];

export const poolBackwardCases: readonly PoolCase[] = [
  pool('max 3x3/2 13', [1, 2, 13, 13], 'max', 3, 2),
  pool('max 2x2/2 7 clipped', [2, 2, 7, 7], 'max', 2, 2),
  pool('max 3x3/2 pad 1 7', [1, 2, 7, 7], 'max', 3, 2, 1),
  pool('avg 3x3/2 pad 1 7', [1, 2, 7, 7], 'ave', 3, 2, 1),
  pool('avg 2x2/2 7 clipped', [2, 2, 7, 7], 'ave', 2, 2),
  pool('global avg 5x5', [2, 3, 5, 5], 'ave', 1, 1, 0, true),
];

export interface LrnCase {
  readonly name: string;
  readonly shape: readonly [number, number, number, number];
  readonly params: LrnParams;
}

export const lrnCases: readonly LrnCase[] = [
  { name: 'across 5 alexnet 16x13x13 batch 2', shape: [2, 16, 13, 13], params: { localSize: 5, alpha: 1e-4, beta: 0.75, k: 1, region: 'across' } },
  { name: 'across 5 strong (alpha 2, k 2) 7x27x27', shape: [1, 7, 27, 27], params: { localSize: 5, alpha: 2, beta: 0.75, k: 2, region: 'across' } },
  { name: 'across 3 strong 3 channels', shape: [3, 3, 7, 7], params: { localSize: 3, alpha: 1.5, beta: 0.6, k: 1, region: 'across' } },
  { name: 'within 3 cifar 4x13x13', shape: [1, 4, 13, 13], params: { localSize: 3, alpha: 5e-5, beta: 0.75, k: 1, region: 'within' } },
  { name: 'within 5 strong 3x7x7 batch 2', shape: [2, 3, 7, 7], params: { localSize: 5, alpha: 3, beta: 0.75, k: 1, region: 'within' } },
  { name: 'across 5 alexnet 24x27x27 (threaded chunks)', shape: [1, 24, 27, 27], params: { localSize: 5, alpha: 1e-4, beta: 0.75, k: 1, region: 'across' } },
  { name: 'within 5 strong 6x23x29 (beta 0.6)', shape: [1, 6, 23, 29], params: { localSize: 5, alpha: 2, beta: 0.6, k: 1, region: 'within' } },
];

export const lrnBackwardCases: readonly LrnCase[] = [
  { name: 'across 5 strong', shape: [2, 6, 3, 3], params: { localSize: 5, alpha: 2, beta: 0.75, k: 2, region: 'across' } },
  { name: 'across 3', shape: [1, 4, 4, 3], params: { localSize: 3, alpha: 1, beta: 0.5, k: 1, region: 'across' } },
  { name: 'within 3 strong', shape: [1, 2, 5, 5], params: { localSize: 3, alpha: 2, beta: 0.75, k: 1, region: 'within' } },
  { name: 'within 5', shape: [2, 1, 6, 7], params: { localSize: 5, alpha: 3, beta: 0.75, k: 1.5, region: 'within' } },
];

export interface ShapeAxisCase {
  readonly name: string;
  readonly shape: readonly number[];
  readonly axis: number;
  /** Scale of the random inputs (large logits test the max-subtraction). */
  readonly scale: number;
}

export const softmaxCases: readonly ShapeAxisCase[] = [
  { name: '[3, 10] axis 1', shape: [3, 10], axis: 1, scale: 3 },
  { name: '[2, 1000] axis 1 huge logits (exp overflows without the max shift)', shape: [2, 1000], axis: 1, scale: 1000 },
  { name: '[2, 5, 4, 3] axis 1 (per-pixel)', shape: [2, 5, 4, 3], axis: 1, scale: 4 },
  { name: '[2, 5, 4, 3] axis -1', shape: [2, 5, 4, 3], axis: -1, scale: 4 },
  { name: '[4, 6] axis 0', shape: [4, 6], axis: 0, scale: 4 },
  { name: '[3, 7, 1, 1] axis 1 (caffe prob)', shape: [3, 7, 1, 1], axis: 1, scale: 500 },
  { name: '[37, 1000] axis 1 (threaded rows)', shape: [37, 1000], axis: 1, scale: 5 },
  { name: '[2, 21, 40, 37] axis 1 (threaded per-pixel)', shape: [2, 21, 40, 37], axis: 1, scale: 4 },
];

export interface ConcatCase {
  readonly name: string;
  readonly shapes: readonly (readonly number[])[];
  readonly axis: number;
}

export const concatCases: readonly ConcatCase[] = [
  { name: 'channels of 3 inception branches', shapes: [[2, 4, 7, 7], [2, 6, 7, 7], [2, 2, 7, 7]], axis: 1 },
  { name: 'batch axis', shapes: [[1, 3, 5, 5], [2, 3, 5, 5]], axis: 0 },
  { name: 'width axis 3', shapes: [[2, 3, 4, 5], [2, 3, 4, 1], [2, 3, 4, 2]], axis: 3 },
  { name: 'axis -2 (height)', shapes: [[1, 2, 3, 4], [1, 2, 5, 4]], axis: -2 },
  { name: 'rank 2 features', shapes: [[3, 10], [3, 20]], axis: 1 },
];

export interface EltwiseCase {
  readonly name: string;
  readonly shape: readonly number[];
  readonly inputs: number;
  readonly op: EltwiseOp;
  readonly coeffs?: readonly number[];
  readonly relu?: boolean;
}

export const eltwiseCases: readonly EltwiseCase[] = [
  { name: 'sum 2 (resnet shortcut)', shape: [2, 8, 7, 7], inputs: 2, op: 'sum' },
  { name: 'sum 3 with coeffs', shape: [1, 4, 13, 13], inputs: 3, op: 'sum', coeffs: [1, -1, 0.5] },
  { name: 'prod 2', shape: [3, 5, 6], inputs: 2, op: 'prod' },
  { name: 'prod 3', shape: [1, 3, 7, 7], inputs: 3, op: 'prod' },
  { name: 'max 2', shape: [2, 16], inputs: 2, op: 'max' },
  { name: 'max 3', shape: [1, 6, 5, 5], inputs: 3, op: 'max' },
  { name: 'sum 2 + relu (resnet shortcut, fused ReLU)', shape: [2, 8, 7, 7], inputs: 2, op: 'sum', relu: true },
  { name: 'sum 2 [1, 64, 37, 37] + relu (threaded chunks, odd tail)', shape: [1, 64, 37, 37], inputs: 2, op: 'sum', relu: true },
  { name: 'sum 3 with coeffs [2, 33, 41, 29] (threaded)', shape: [2, 33, 41, 29], inputs: 3, op: 'sum', coeffs: [0.5, -1, 2] },
  { name: 'prod 2 + relu [100003]', shape: [100003], inputs: 2, op: 'prod', relu: true },
  { name: 'max 4 [3, 17, 45, 43] (threaded)', shape: [3, 17, 45, 43], inputs: 4, op: 'max' },
  { name: 'max 2 + relu', shape: [2, 3, 11], inputs: 2, op: 'max', relu: true },
];

export interface ChannelCase {
  readonly name: string;
  readonly shape: readonly number[];
  readonly bias: boolean;
}

export const channelCases: readonly ChannelCase[] = [
  { name: '[2, 8, 7, 7]', shape: [2, 8, 7, 7], bias: true },
  { name: '[3, 16]', shape: [3, 16], bias: false },
  { name: '[1, 5, 13, 13]', shape: [1, 5, 13, 13], bias: true },
  { name: '[1, 9, 67, 69] (planes past 4096 floats, threaded per plane)', shape: [1, 9, 67, 69], bias: true },
  { name: '[4, 203, 11, 11] (small planes)', shape: [4, 203, 11, 11], bias: false },
];

export interface ReluCase {
  readonly name: string;
  readonly shape: readonly number[];
  readonly negativeSlope: number;
}

export const reluCases: readonly ReluCase[] = [
  { name: 'plain [2, 8, 13, 13]', shape: [2, 8, 13, 13], negativeSlope: 0 },
  { name: 'leaky 0.1 [3, 100]', shape: [3, 100], negativeSlope: 0.1 },
  { name: 'leaky 0.01 [1, 4, 7, 7]', shape: [1, 4, 7, 7], negativeSlope: 0.01 },
  { name: 'plain [1, 64, 39, 41]', shape: [1, 64, 39, 41], negativeSlope: 0 },
  { name: 'leaky 0.2 [2, 50, 33, 31]', shape: [2, 50, 33, 31], negativeSlope: 0.2 },
];

export interface LossCase {
  readonly name: string;
  readonly n: number;
  readonly classes: number;
  readonly scale: number;
}

export const lossCases: readonly LossCase[] = [
  { name: '4 x 10', n: 4, classes: 10, scale: 3 },
  { name: '3 x 1000', n: 3, classes: 1000, scale: 5 },
  { name: '2 x 5 huge logits', n: 2, classes: 5, scale: 1000 },
];

/** Every case list, by op family. */
export const conformanceCases = {
  conv: convCases,
  convBackward: convBackwardCases,
  sparseDensities,
  gemm: gemmCases,
  gemmBackward: gemmBackwardCases,
  pool: poolCases,
  poolBackward: poolBackwardCases,
  lrn: lrnCases,
  lrnBackward: lrnBackwardCases,
  softmax: softmaxCases,
  concat: concatCases,
  eltwise: eltwiseCases,
  channel: channelCases,
  relu: reluCases,
  loss: lossCases,
} as const;

/**
 * Tolerances, as |actual - expected| <= atol + rtol * |expected|. Accumulating ops (conv, gemm, spmm and the weight
 * and input gradients) scale atol with the reduction length K and the operand magnitudes:
 * atol = ACCUMULATE.atolPerSqrtK * sqrt(K) * max|a| * max|b|. Float32 accumulation in any order keeps its error
 * below eps32 * K * max|a||b| (worst case) and typically near eps32 * sqrt(K) * ...; 2e-5 * sqrt(K) covers the worst
 * case up to K ~ 28000, while one wrong index moves an output by about max|a||b|, far outside it.
 */
export const TOLERANCES = {
  accumulate: { rtol: 1e-4, atolPerSqrtK: 2e-5 },
  /** Max pooling and concat copy values: exact. */
  exact: { rtol: 0, atol: 0 },
  avgPool: { rtol: 1e-5, atol: 1e-6 },
  relu: { rtol: 1e-6, atol: 0 },
  /** float32 powf / expf may differ from float64 by a few ulp, fast approximations by ~1e-6 relative. */
  lrn: { rtol: 1e-4, atol: 1e-6 },
  lrnBackward: { rtol: 1e-3, atol: 1e-5 },
  softmax: { rtol: 1e-4, atol: 1e-6 },
  loss: { rtol: 1e-4, atol: 1e-5 },
  eltwise: { rtol: 1e-5, atol: 1e-6 },
  channel: { rtol: 1e-5, atol: 1e-5 },
  /** A backend's analytic gradient (float32) against central finite differences of the float64 oracle. */
  finiteDifference: { rtol: 2e-3, atol: 1e-4, step: 1e-6, samples: 12 },
} as const;
