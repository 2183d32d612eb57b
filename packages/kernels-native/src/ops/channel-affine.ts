/** y = x * mul[c] + add[c] per channel: the shared kernel of batchNorm and scale. */
import { SparseCnnError, formatShape, sizeOf, type Tensor } from '@sparsecnn/tensor';
import { assertFloat, outputTensor } from '@sparsecnn/kernels-api';
import type { NativeOpContext } from './context.js';

export function channelAffine(c: NativeOpContext, op: string, input: Tensor, mul: Float32Array, add: Float32Array | null, out: Tensor | undefined): Tensor {
  assertFloat(input, `${op} input`);
  if (input.shape.length < 2) throw new SparseCnnError('E_SHAPE', `${op} input needs a channel axis, got ${formatShape(input.shape)}`);
  const ch = input.shape[1]!;
  if (mul.length !== ch || (add !== null && add.length !== ch)) throw new SparseCnnError('E_SHAPE', `${op} parameters need ${ch} channels`);
  const result = outputTensor(input.shape, out, `${op} output`);
  c.live(op).channelAffine(input.data, result.data, input.shape[0]!, ch, sizeOf(input.shape.slice(2)), mul, add);
  return result;
}
