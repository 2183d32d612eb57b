import { assertFinite, assertFloat, outputTensor, type BatchNormParams } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, type Tensor } from '@sparsecnn/tensor';

/** [outer = N, C, inner] for a per-channel (axis 1) op. */
export function channelSplit(input: Tensor, what: string): [number, number, number] {
  assertFloat(input, `${what} input`);
  if (input.shape.length < 2) throw new SparseCnnError('E_SHAPE', `${what} input must be [N, C, ...], got ${formatShape(input.shape)}`);
  const n = input.shape[0]!;
  const c = input.shape[1]!;
  let inner = 1;
  for (let i = 2; i < input.shape.length; i++) inner *= input.shape[i]!;
  return [n, c, inner];
}

export function checkVector(v: Float32Array | null | undefined, c: number, what: string): void {
  if (!(v instanceof Float32Array) || v.length !== c) {
    throw new SparseCnnError('E_SHAPE', `${what} must be a Float32Array of ${c} values, got ${v instanceof Float32Array ? v.length : typeof v}`);
  }
  assertFinite(v, what);
}

/** Inference batch norm: y = (x - mean[c]) / sqrt(variance[c] + eps). */
export function batchNorm(input: Tensor, params: BatchNormParams, out?: Tensor): Tensor {
  const [n, c, inner] = channelSplit(input, 'batch norm');
  checkVector(params?.mean, c, 'batch norm mean');
  checkVector(params.variance, c, 'batch norm variance');
  if (!(typeof params.eps === 'number' && params.eps >= 0 && Number.isFinite(params.eps))) {
    throw new SparseCnnError('E_ARGUMENT', `batch norm eps must be a finite number >= 0, got ${params.eps}`);
  }
  for (let ch = 0; ch < c; ch++) {
    if (!(params.variance[ch]! + params.eps > 0)) {
      throw new SparseCnnError('E_RANGE', `batch norm variance[${ch}] + eps = ${params.variance[ch]! + params.eps} must be positive`);
    }
  }
  const y = outputTensor(input.shape, out, 'batch norm output');
  const x = input.data;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const mean = params.mean[ch]!;
      const inv = 1 / Math.sqrt(params.variance[ch]! + params.eps);
      const off = (b * c + ch) * inner;
      for (let i = off; i < off + inner; i++) y.data[i] = (x[i]! - mean) * inv;
    }
  }
  return y;
}
