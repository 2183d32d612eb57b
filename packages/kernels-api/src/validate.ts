/**
 * Validation and shape rules every backend shares, so that all of them reject the same bad calls with the same
 * typed errors (and native code never sees an unchecked size).
 */
import {
  SparseCnnError, convOutputSize, formatShape, poolOutputSize, sizeOf, zeros, type DType, type Pair, type Shape,
  type Tensor,
} from '@sparsecnn/tensor';
import type { CsbMatrix, CsrMatrix } from '@sparsecnn/sparse';
import type { Conv2dSpec, Pool2dParams } from './ops.js';

function isPair(p: unknown, min: number): p is Pair {
  return Array.isArray(p) && p.length === 2 && p.every((v) => Number.isSafeInteger(v) && v >= min);
}

/** Validate a convolution spec; returns the per-image output [outChannels, outH, outW]. */
export function validateConv2dSpec(spec: Conv2dSpec): [number, number, number] {
  if (typeof spec !== 'object' || spec === null) throw new SparseCnnError('E_ARGUMENT', 'conv spec must be an object');
  for (const k of ['inChannels', 'inH', 'inW', 'outChannels', 'groups'] as const) {
    const v = spec[k];
    if (!Number.isSafeInteger(v) || v < 1) throw new SparseCnnError('E_ARGUMENT', `conv spec.${k} must be a positive integer, got ${v}`);
  }
  if (!isPair(spec.kernel, 1)) throw new SparseCnnError('E_ARGUMENT', `conv spec.kernel must be [h, w] >= 1, got ${JSON.stringify(spec.kernel)}`);
  if (!isPair(spec.stride, 1)) throw new SparseCnnError('E_ARGUMENT', `conv spec.stride must be [h, w] >= 1, got ${JSON.stringify(spec.stride)}`);
  if (!isPair(spec.pad, 0)) throw new SparseCnnError('E_ARGUMENT', `conv spec.pad must be [h, w] >= 0, got ${JSON.stringify(spec.pad)}`);
  if (!isPair(spec.dilation, 1)) throw new SparseCnnError('E_ARGUMENT', `conv spec.dilation must be [h, w] >= 1, got ${JSON.stringify(spec.dilation)}`);
  if (spec.inChannels % spec.groups !== 0 || spec.outChannels % spec.groups !== 0) {
    throw new SparseCnnError('E_SHAPE', `groups ${spec.groups} must divide inChannels ${spec.inChannels} and outChannels ${spec.outChannels}`);
  }
  const outH = convOutputSize(spec.inH, spec.kernel[0], spec.stride[0], spec.pad[0], spec.dilation[0]);
  const outW = convOutputSize(spec.inW, spec.kernel[1], spec.stride[1], spec.pad[1], spec.dilation[1]);
  sizeOf([spec.inChannels, spec.inH + 2 * spec.pad[0], spec.inW + 2 * spec.pad[1]]);
  sizeOf([spec.outChannels, outH, outW]);
  return [spec.outChannels, outH, outW];
}

/** Weight tensor shape a spec needs: [outChannels, inChannels / groups, kh, kw]. */
export function convWeightShape(spec: Conv2dSpec): [number, number, number, number] {
  return [spec.outChannels, spec.inChannels / spec.groups, spec.kernel[0], spec.kernel[1]];
}

/** Check an input [N, C, H, W] against a spec; returns the output shape [N, O, outH, outW]. */
export function convOutputShape(spec: Conv2dSpec, inputShape: Shape): [number, number, number, number] {
  const [o, oh, ow] = validateConv2dSpec(spec);
  if (inputShape.length !== 4 || inputShape[1] !== spec.inChannels || inputShape[2] !== spec.inH || inputShape[3] !== spec.inW) {
    throw new SparseCnnError(
      'E_SHAPE',
      `convolution input must be [N, ${spec.inChannels}, ${spec.inH}, ${spec.inW}], got ${formatShape(inputShape)}`,
    );
  }
  const n = inputShape[0]!;
  if (!Number.isSafeInteger(n) || n < 0) throw new SparseCnnError('E_SHAPE', `invalid batch size ${n}`);
  const out: [number, number, number, number] = [n, o, oh, ow];
  sizeOf(out);
  return out;
}

/** Check dense conv weights against a spec. */
export function validateConvWeights(weights: Tensor, spec: Conv2dSpec): void {
  assertFloat(weights, 'convolution weights');
  const want = convWeightShape(spec);
  if (weights.shape.length !== 4 || weights.shape.some((d, i) => d !== want[i])) {
    throw new SparseCnnError('E_SHAPE', `convolution weights must be ${formatShape(want)}, got ${formatShape(weights.shape)}`);
  }
  assertFinite(weights.data, 'convolution weights');
}

/** Check sparse conv weights' dimensions against a spec (full CSR validation is the sparse package's validateCsr). */
export function validateSparseConvWeights(weights: CsrMatrix, spec: Conv2dSpec): void {
  const cols = (spec.inChannels / spec.groups) * spec.kernel[0] * spec.kernel[1];
  if (weights?.format !== 'csr' || weights.rows !== spec.outChannels || weights.cols !== cols) {
    throw new SparseCnnError(
      'E_SHAPE',
      `sparse convolution weights must be a CSR matrix of ${spec.outChannels} x ${cols}, got ` +
        `${weights?.format ?? typeof weights} ${weights?.rows} x ${weights?.cols}`,
    );
  }
}

/** Check a bias vector: null, or Float32Array of `n` finite values. */
export function validateBias(bias: Float32Array | null, n: number, what = 'bias'): void {
  if (bias === null) return;
  if (!(bias instanceof Float32Array) || bias.length !== n) {
    throw new SparseCnnError('E_SHAPE', `${what} must be a Float32Array of ${n} values, got ${bias instanceof Float32Array ? bias.length : typeof bias}`);
  }
  assertFinite(bias, what);
}

/** FC weights [O, K]. Returns [O, K]. */
export function validateGemmWeights(weights: Tensor): [number, number] {
  assertFloat(weights, 'inner product weights');
  if (weights.shape.length !== 2) throw new SparseCnnError('E_SHAPE', `inner product weights must be [O, K], got ${formatShape(weights.shape)}`);
  assertFinite(weights.data, 'inner product weights');
  return [weights.shape[0]!, weights.shape[1]!];
}

/** Sparse FC weights dimensions [O, K]. */
export function sparseDims(weights: CsrMatrix | CsbMatrix): [number, number] {
  if (weights?.format !== 'csr' && weights?.format !== 'csb') {
    throw new SparseCnnError('E_ARGUMENT', 'sparse weights must be a CSR or CSB matrix');
  }
  return [weights.rows, weights.cols];
}

/** An FC input [N, ...] flattened to [N, K]; returns N. */
export function gemmBatch(input: Tensor, k: number): number {
  assertFloat(input, 'inner product input');
  const n = input.shape[0];
  if (input.shape.length < 1 || n === undefined) throw new SparseCnnError('E_SHAPE', 'inner product input must have a batch axis');
  const per = n === 0 ? k : input.data.length / n;
  if (per !== k) {
    throw new SparseCnnError('E_SHAPE', `inner product input ${formatShape(input.shape)} has ${per} features per item, the weights need ${k}`);
  }
  return n;
}

/** Output shape of pooling with Caffe's rounding. */
export function pool2dOutputShape(inputShape: Shape, params: Pool2dParams): [number, number, number, number] {
  if (inputShape.length !== 4) throw new SparseCnnError('E_SHAPE', `pooling input must be NCHW, got ${formatShape(inputShape)}`);
  const [n, c, h, w] = inputShape as [number, number, number, number];
  // 'avg' is the spelling before 0.2 (backends test `method === 'max'`, so it still runs as average pooling).
  if (params.method !== 'max' && params.method !== 'ave' && (params.method as string) !== 'avg') {
    throw new SparseCnnError('E_ARGUMENT', `pooling method must be 'max' or 'ave', got '${String(params.method)}'`);
  }
  if (params.global) return [n, c, 1, 1];
  if (!isPair(params.kernel, 1) || !isPair(params.stride, 1) || !isPair(params.pad, 0)) {
    throw new SparseCnnError('E_ARGUMENT', `pooling kernel/stride/pad must be integer pairs, got ${JSON.stringify(params)}`);
  }
  return [n, c, poolOutputSize(h, params.kernel[0], params.stride[0], params.pad[0]), poolOutputSize(w, params.kernel[1], params.stride[1], params.pad[1])];
}

/** Return `out` after checking it has `shape` and is float32, or allocate a new tensor. */
export function outputTensor(shape: Shape, out: Tensor | undefined, what = 'output'): Tensor {
  if (out === undefined) return zeros(shape);
  assertFloat(out, what);
  if (out.shape.length !== shape.length || out.shape.some((d, i) => d !== shape[i]) || out.data.length !== sizeOf(shape)) {
    throw new SparseCnnError('E_SHAPE', `${what} must have shape ${formatShape(shape)}, got ${formatShape(out.shape)}`);
  }
  return out;
}

/** Throw unless `t` is a consistent float32 tensor. */
export function assertFloat(t: Tensor<DType> | undefined, what: string): asserts t is Tensor {
  if (typeof t !== 'object' || t === null || !(t.data instanceof Float32Array) || !Array.isArray(t.shape)) {
    throw new SparseCnnError('E_ARGUMENT', `${what} must be a float32 tensor`);
  }
  if (t.data.length !== sizeOf(t.shape)) {
    throw new SparseCnnError('E_SHAPE', `${what} has ${t.data.length} elements but shape ${formatShape(t.shape)} needs ${sizeOf(t.shape)}`);
  }
}

/** Throw E_RANGE on the first NaN or Inf. */
export function assertFinite(data: Float32Array, what: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new SparseCnnError('E_RANGE', `${what} has ${data[i]} at index ${i}`);
  }
}
