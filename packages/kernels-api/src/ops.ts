import type { DType, Pair, PoolMethod, Shape, Tensor } from '@sparsecnn/tensor';
import type { CsbMatrix, CsrMatrix } from '@sparsecnn/sparse';

/** Convolution hyper-parameters (per layer, independent of the batch). */
export interface Conv2dParams {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilation: Pair;
  readonly groups: number;
  /** Fuse max(0, x) after bias. */
  readonly relu: boolean;
}

/**
 * Everything `prepare*Conv2d` needs to lay out weights: the per-image input geometry and the layer parameters.
 * A prepared convolution runs on any batch size N of inputs [N, inChannels, inH, inW].
 */
export interface Conv2dSpec extends Conv2dParams {
  readonly inChannels: number;
  readonly inH: number;
  readonly inW: number;
  readonly outChannels: number;
}

/** Inner product options. */
export interface GemmParams {
  /** Fuse max(0, x) after bias. */
  readonly relu: boolean;
}

/**
 * Caffe's MAX / AVE, spelled as the layer parameters spell it (`PoolingParams.pool`): one spelling from the model down
 * to the kernels. `'avg'`, this contract's spelling before 0.2, is still accepted at run time (read as `'ave'`).
 */
export type { PoolMethod };
/** Caffe pooling: output size rounds up (ceil) and the last window is clipped (see poolOutputSize). */
export interface Pool2dParams {
  readonly method: PoolMethod;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  /** Pool over the whole plane (kernel = input size, stride 1, pad 0); kernel/stride/pad are ignored. */
  readonly global: boolean;
}

export interface ReluParams {
  /** Leaky slope for x < 0 (Caffe's negative_slope); 0 = plain ReLU. */
  readonly negativeSlope: number;
}

/**
 * Local response normalisation, Caffe's formula. ACROSS_CHANNELS:
 * `y = x / (k + alpha / n * sum_{c' in window(c)} x_{c'}^2)^beta`, window of n = localSize channels centred on c
 * (zero beyond the edges). WITHIN_CHANNEL: the same over an n x n spatial window (zero padding), the sum divided by n*n.
 */
export interface LrnParams {
  readonly localSize: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  readonly region: 'across' | 'within';
}

export interface SoftmaxParams {
  readonly axis: number;
}

export interface ConcatParams {
  readonly axis: number;
}

export type EltwiseOp = 'sum' | 'prod' | 'max';
export interface EltwiseParams {
  readonly op: EltwiseOp;
  /** Per-input coefficients for 'sum' (Caffe's coeff); default all 1. */
  readonly coeffs?: readonly number[];
  /** max(0, result): a ReLU fused into the op (the runtime sets it for an Eltwise followed by a ReLU). Default false. */
  readonly relu?: boolean;
}

/** Inference batch norm per channel (axis 1): y = (x - mean) / sqrt(variance + eps). Caffe's scale factor already applied. */
export interface BatchNormParams {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly eps: number;
}

/** Per-channel (axis 1) affine: y = x * scale[c] + bias[c]. */
export interface ScaleParams {
  readonly scale: Float32Array;
  readonly bias: Float32Array | null;
}

/** Which prepare call produced a handle. */
export type PreparedKind = 'conv2d' | 'sparseConv2d' | 'gemm' | 'spmm';

/**
 * Opaque, backend-owned result of load-time preparation (offset rewrite, blocking, packing). Only the backend that
 * made it can run it. `bytes` counts the memory it holds (weights, indices, scratch), for size reports.
 */
export interface Prepared<K extends PreparedKind = PreparedKind> {
  readonly backend: string;
  readonly kind: K;
  readonly bytes: number;
  /** The output shape for an input shape (throws E_SHAPE if the input does not fit). */
  outputShape(inputShape: Shape): number[];
  readonly disposed: boolean;
  dispose(): void;
}

export interface Conv2dBackwardResult {
  readonly gradInput: Tensor;
  /** Same shape as the weights [O, C/g, kh, kw]. */
  readonly gradWeights: Tensor;
  readonly gradBias: Float32Array;
}

export interface SparseConv2dBackwardResult {
  readonly gradInput: Tensor;
  /** Gradient of each stored non-zero (same order as weights.values): the masked weight gradient. */
  readonly gradValues: Float32Array;
  readonly gradBias: Float32Array;
}

export interface GemmBackwardResult {
  readonly gradInput: Tensor;
  /** [O, K] */
  readonly gradWeights: Tensor;
  readonly gradBias: Float32Array;
}

export interface SoftmaxLossResult {
  /** Mean cross-entropy over the batch. */
  readonly loss: number;
  /** Gradient of the mean loss w.r.t. the logits. */
  readonly gradLogits: Tensor;
  readonly probs: Tensor;
}

/**
 * Every op a backend may implement. Backends implement a subset (`Partial<KernelTable>`); the runtime falls back per
 * op to the next backend. Rules for every implementation:
 * - Inputs are validated (shapes, dtypes, sizes) and bad calls throw `SparseCnnError`, never crash.
 * - `out`, when given, must have the exact output shape; it is written completely and returned. Otherwise a new
 *   tensor is allocated. Element-wise ops (relu, batchNorm, scale) accept `out === input` (in place).
 * - Returned tensors' `data` are ordinary typed arrays that stay valid (a wasm backend copies out of linear memory
 *   unless `out` is memory it handed out itself).
 * - Activations are NCHW float32; FC inputs are [N, K] (any [N, ...] with K = product of the rest).
 */
export interface KernelTable {
  prepareConv2d(weights: Tensor, bias: Float32Array | null, spec: Conv2dSpec): Prepared<'conv2d'>;
  conv2d(input: Tensor, prepared: Prepared<'conv2d'>, out?: Tensor): Tensor;

  /** weights: CSR with outChannels rows and (inChannels / groups) * kh * kw columns in Caffe (ic, kr, kc) order. */
  prepareSparseConv2d(weights: CsrMatrix, bias: Float32Array | null, spec: Conv2dSpec): Prepared<'sparseConv2d'>;
  sparseConv2d(input: Tensor, prepared: Prepared<'sparseConv2d'>, out?: Tensor): Tensor;

  /** weights [O, K]; y[n, o] = sum_k x[n, k] * w[o, k] + b[o]. */
  prepareGemm(weights: Tensor, bias: Float32Array | null, params: GemmParams): Prepared<'gemm'>;
  gemm(input: Tensor, prepared: Prepared<'gemm'>, out?: Tensor): Tensor;

  /** weights: O x K sparse (CSR or CSB); same maths as gemm. */
  prepareSpmm(weights: CsrMatrix | CsbMatrix, bias: Float32Array | null, params: GemmParams): Prepared<'spmm'>;
  spmm(input: Tensor, prepared: Prepared<'spmm'>, out?: Tensor): Tensor;

  pool2d(input: Tensor, params: Pool2dParams, out?: Tensor): Tensor;
  relu(input: Tensor, params: ReluParams, out?: Tensor): Tensor;
  lrn(input: Tensor, params: LrnParams, out?: Tensor): Tensor;
  softmax(input: Tensor, params: SoftmaxParams, out?: Tensor): Tensor;
  concat(inputs: readonly Tensor[], params: ConcatParams, out?: Tensor): Tensor;
  eltwise(inputs: readonly Tensor[], params: EltwiseParams, out?: Tensor): Tensor;
  batchNorm(input: Tensor, params: BatchNormParams, out?: Tensor): Tensor;
  scale(input: Tensor, params: ScaleParams, out?: Tensor): Tensor;

  // Backward ops (what a trainer needs). Weights are dense tensors or CSR; no prepared handles.
  conv2dBackward(input: Tensor, weights: Tensor, gradOutput: Tensor, spec: Conv2dSpec): Conv2dBackwardResult;
  sparseConv2dBackward(input: Tensor, weights: CsrMatrix, gradOutput: Tensor, spec: Conv2dSpec): SparseConv2dBackwardResult;
  gemmBackward(input: Tensor, weights: Tensor, gradOutput: Tensor): GemmBackwardResult;
  pool2dBackward(input: Tensor, gradOutput: Tensor, params: Pool2dParams): Tensor;
  reluBackward(input: Tensor, gradOutput: Tensor, params: ReluParams): Tensor;
  lrnBackward(input: Tensor, gradOutput: Tensor, params: LrnParams): Tensor;
  softmaxCrossEntropy(logits: Tensor, labels: Int32Array): SoftmaxLossResult;
}

/** Names of the run (non-prepare) ops. */
export type OpName = Exclude<keyof KernelTable, `prepare${string}`>;
export type KernelName = keyof KernelTable;

/** The same ops returning promises: long calls that must not block the event loop. */
export type AsyncKernelTable = {
  [K in KernelName]: (...args: Parameters<KernelTable[K]>) => Promise<ReturnType<KernelTable[K]>>;
};

export type AnyTensor = Tensor<DType>;
