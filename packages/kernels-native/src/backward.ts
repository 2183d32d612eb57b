/**
 * The native backend's backward (training) ops: TypeScript validation with kernels-api's shared rules, then one call
 * into the addon's `backward(op, ...)`, which checks every size and index again before touching memory.
 */
import {
  assertFloat, convOutputShape, gemmBatch, outputTensor, pool2dOutputShape, validateConv2dSpec, validateConvWeights,
  validateGemmWeights, validateSparseConvWeights,
  type Conv2dBackwardResult, type Conv2dSpec, type GemmBackwardResult, type KernelTable, type Pool2dParams,
  type ReluParams, type SoftmaxLossResult, type SparseConv2dBackwardResult,
} from '@sparsecnn/kernels-api';
import { validateCsr, type CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, formatShape, zeros, type Tensor } from '@sparsecnn/tensor';
import type { NativeContext } from './binding.js';

/** The addon's backward entry point (present on contexts of addons built with backward.cc). */
type BackwardContext = NativeContext & { backward?: (op: string, ...args: unknown[]) => unknown };

type Guard = <T>(op: string, fn: () => T) => T;

/** Extra, optional argument of the native dense backward ops. */
export interface BackwardOptions {
  /** false: skip the input gradient (returned as zeros). Default true. */
  readonly gradInput?: boolean;
}

/** Gradients of a masked (CSR) inner product: only the stored weights get a gradient. */
export interface SpmmBackwardResult {
  readonly gradInput: Tensor;
  /** Gradient of each stored non-zero (same order as weights.values). */
  readonly gradValues: Float32Array;
  readonly gradBias: Float32Array;
}

export type NativeBackwardKernels = Pick<
  KernelTable,
  'conv2dBackward' | 'sparseConv2dBackward' | 'gemmBackward' | 'pool2dBackward' | 'reluBackward' | 'softmaxCrossEntropy'
> & {
  /** Not part of the kernel contract: y = x W^T + b with W sparse (CSR [O, K]); gradients of the stored values. */
  spmmBackward(input: Tensor, weights: CsrMatrix, gradOutput: Tensor): SpmmBackwardResult;
};

function geometry(spec: Conv2dSpec): Int32Array {
  return Int32Array.from([
    spec.inChannels, spec.inH, spec.inW, spec.outChannels, spec.kernel[0], spec.kernel[1], spec.stride[0], spec.stride[1],
    spec.pad[0], spec.pad[1], spec.dilation[0], spec.dilation[1], spec.groups, 0,
  ]);
}

/** The backward kernels on a native context, or an empty set when the addon predates them. */
export function nativeBackwardKernels(ctx: NativeContext, live: (op: string) => NativeContext, guard: Guard): Partial<NativeBackwardKernels> {
  if (typeof (ctx as BackwardContext).backward !== 'function') return {};
  const call = (op: string, ...args: unknown[]): unknown => (live(op) as BackwardContext).backward!(op, ...args);

  // An optional 5th argument { gradInput: false } (not in the contract) skips the input gradient: gradInput is then
  // returned as zeros. The trainer passes it for layers that read the data.
  const conv2dBackward = (input: Tensor, weights: Tensor, gradOutput: Tensor, spec: Conv2dSpec, options?: BackwardOptions): Conv2dBackwardResult =>
    guard('conv2dBackward', () => {
      assertFloat(input, 'convolution input');
      validateConv2dSpec(spec);
      const shape = convOutputShape(spec, input.shape);
      validateConvWeights(weights, spec);
      assertFloat(gradOutput, 'convolution output gradient');
      outputTensor(shape, gradOutput, 'convolution output gradient');
      const gradInput = zeros(input.shape);
      const gradWeights = zeros(weights.shape);
      const gradBias = new Float32Array(spec.outChannels);
      call('conv2d', geometry(spec), shape[0], input.data, weights.data, gradOutput.data, gradInput.data, gradWeights.data, gradBias,
        options?.gradInput !== false);
      return { gradInput, gradWeights, gradBias };
    });

  const sparseConv2dBackward = (input: Tensor, weights: CsrMatrix, gradOutput: Tensor, spec: Conv2dSpec): SparseConv2dBackwardResult =>
    guard('sparseConv2dBackward', () => {
      assertFloat(input, 'convolution input');
      validateConv2dSpec(spec);
      const shape = convOutputShape(spec, input.shape);
      validateSparseConvWeights(weights, spec);
      validateCsr(weights, 'sparse convolution weights');
      assertFloat(gradOutput, 'convolution output gradient');
      outputTensor(shape, gradOutput, 'convolution output gradient');
      const gradInput = zeros(input.shape);
      const gradValues = new Float32Array(weights.values.length);
      const gradBias = new Float32Array(spec.outChannels);
      call('sparseConv2d', geometry(spec), shape[0], input.data, weights.rowPtr, weights.colIdx, weights.values, gradOutput.data,
        gradInput.data, gradValues, gradBias);
      return { gradInput, gradValues, gradBias };
    });

  const gemmBackward = (input: Tensor, weights: Tensor, gradOutput: Tensor, options?: BackwardOptions): GemmBackwardResult =>
    guard('gemmBackward', () => {
      assertFloat(input, 'inner product input');
      const [o, k] = validateGemmWeights(weights);
      const n = gemmBatch(input, k);
      assertFloat(gradOutput, 'inner product output gradient');
      outputTensor([n, o], gradOutput, 'inner product output gradient');
      const gradInput = zeros(input.shape);
      const gradWeights = zeros([o, k]);
      const gradBias = new Float32Array(o);
      call('gemm', n, o, k, input.data, weights.data, gradOutput.data, gradInput.data, gradWeights.data, gradBias, options?.gradInput !== false);
      return { gradInput, gradWeights, gradBias };
    });

  const spmmBackward = (input: Tensor, weights: CsrMatrix, gradOutput: Tensor): SpmmBackwardResult =>
    guard('spmmBackward', () => {
      assertFloat(input, 'inner product input');
      if (weights?.format !== 'csr') throw new SparseCnnError('E_ARGUMENT', 'spmmBackward needs CSR weights');
      validateCsr(weights, 'sparse inner product weights');
      const o = weights.rows;
      const k = weights.cols;
      const n = gemmBatch(input, k);
      assertFloat(gradOutput, 'inner product output gradient');
      outputTensor([n, o], gradOutput, 'inner product output gradient');
      const gradInput = zeros(input.shape);
      const gradValues = new Float32Array(weights.values.length);
      const gradBias = new Float32Array(o);
      call('spmm', n, o, k, input.data, weights.rowPtr, weights.colIdx, weights.values, gradOutput.data, gradInput.data, gradValues, gradBias);
      return { gradInput, gradValues, gradBias };
    });

  const pool2dBackward = (input: Tensor, gradOutput: Tensor, params: Pool2dParams): Tensor =>
    guard('pool2dBackward', () => {
      assertFloat(input, 'pooling input');
      const shape = pool2dOutputShape(input.shape, params);
      assertFloat(gradOutput, 'pooling output gradient');
      outputTensor(shape, gradOutput, 'pooling output gradient');
      const [n, c, h, w] = input.shape as [number, number, number, number];
      const k = params.global ? [h, w] : params.kernel;
      const s = params.global ? [1, 1] : params.stride;
      const p = params.global ? [0, 0] : params.pad;
      if (p[0] >= k[0] || p[1] >= k[1]) throw new SparseCnnError('E_ARGUMENT', `pooling pad ${JSON.stringify(p)} must be smaller than the kernel ${JSON.stringify(k)}`);
      const gx = zeros(input.shape);
      if (gx.data.length > 0) {
        call('pool2d', input.data, gradOutput.data, gx.data,
          Int32Array.from([n, c, h, w, shape[2], shape[3], k[0], k[1], s[0], s[1], p[0], p[1], params.method === 'max' ? 1 : 0]));
      }
      return gx;
    });

  const reluBackward = (input: Tensor, gradOutput: Tensor, params: ReluParams): Tensor =>
    guard('reluBackward', () => {
      assertFloat(input, 'relu input');
      const slope = params?.negativeSlope ?? 0;
      if (!Number.isFinite(slope)) throw new SparseCnnError('E_ARGUMENT', `relu negativeSlope must be finite, got ${slope}`);
      assertFloat(gradOutput, 'relu output gradient');
      outputTensor(input.shape, gradOutput, 'relu output gradient');
      const gx = zeros(input.shape);
      call('relu', input.data, gradOutput.data, gx.data, slope);
      return gx;
    });

  const softmaxCrossEntropy = (logits: Tensor, labels: Int32Array): SoftmaxLossResult =>
    guard('softmaxCrossEntropy', () => {
      assertFloat(logits, 'logits');
      const n = logits.shape[0];
      if (logits.shape.length < 2 || n === undefined) throw new SparseCnnError('E_SHAPE', `logits must be [N, C, ...], got ${formatShape(logits.shape)}`);
      if (logits.shape.slice(2).some((d) => d !== 1)) {
        throw new SparseCnnError('E_SHAPE', `logits must be [N, C] or [N, C, 1, 1] (one label per item), got ${formatShape(logits.shape)}`);
      }
      const c = logits.shape[1]!;
      if (!(labels instanceof Int32Array) || labels.length !== n) {
        throw new SparseCnnError('E_SHAPE', `labels must be an Int32Array of ${n} values, got ${labels instanceof Int32Array ? labels.length : typeof labels}`);
      }
      const probs = zeros(logits.shape);
      const gradLogits = zeros(logits.shape);
      const loss = call('softmaxCrossEntropy', logits.data, n, c, labels, probs.data, gradLogits.data) as number;
      return { loss, gradLogits, probs };
    });

  return { conv2dBackward, sparseConv2dBackward, gemmBackward, spmmBackward, pool2dBackward, reluBackward, softmaxCrossEntropy };
}
