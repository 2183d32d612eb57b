import { assertFloat, outputTensor, type SoftmaxParams } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, normalizeAxis, type Tensor } from '@sparsecnn/tensor';

/** [outer, axis extent, inner] of a tensor split at `axis`. */
export function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

/** Numerically stable softmax along any axis (negative axes count from the end). */
export function softmax(input: Tensor, params: SoftmaxParams, out?: Tensor): Tensor {
  assertFloat(input, 'softmax input');
  if (input.shape.length === 0) throw new SparseCnnError('E_SHAPE', `softmax input must have an axis, got ${formatShape(input.shape)}`);
  const axis = normalizeAxis(params?.axis, input.shape.length);
  const y = outputTensor(input.shape, out, 'softmax output');
  const [outer, d, inner] = splitAt(input.shape, axis);
  const x = input.data;
  const yd = y.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * d * inner + i;
      let m = -Infinity;
      for (let j = 0; j < d; j++) m = Math.max(m, x[base + j * inner]!);
      let sum = 0;
      for (let j = 0; j < d; j++) sum += Math.exp(x[base + j * inner]! - m);
      for (let j = 0; j < d; j++) yd[base + j * inner] = Math.exp(x[base + j * inner]! - m) / sum;
    }
  }
  return y;
}
