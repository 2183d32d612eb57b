/** The run half of the four prepared ops (conv2d, sparseConv2d, gemm, spmm): sync and async forms. */
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, type Prepared, type PreparedKind } from '@sparsecnn/kernels-api';
import { guard, guardAsync } from '../errors.js';
import type { NativeOpContext } from './context.js';

/** Validate a run and return [handle, batch, output]. */
function runArgs<K extends PreparedKind>(c: NativeOpContext, op: string, kind: K, input: Tensor, prepared: Prepared<K>, out: Tensor | undefined) {
  const p = c.own(prepared, kind, op);
  assertFloat(input, `${op} input`);
  const shape = p.outputShape(input.shape);
  const result = outputTensor(shape, out, `${op} output`);
  if (result.data === input.data) throw new SparseCnnError('E_ARGUMENT', `${op} cannot run in place`);
  const handle = p.handle(op);
  return { handle, n: shape[0]!, result };
}

export const runner = <K extends PreparedKind>(c: NativeOpContext, op: string, kind: K) => (input: Tensor, prepared: Prepared<K>, out?: Tensor): Tensor =>
  guard(op, () => {
    const { handle, n, result } = runArgs(c, op, kind, input, prepared, out);
    c.live(op).run(handle, input.data, n, result.data);
    return result;
  });

export const asyncRunner = <K extends PreparedKind>(c: NativeOpContext, op: string, kind: K) => (input: Tensor, prepared: Prepared<K>, out?: Tensor): Promise<Tensor> =>
  guardAsync(op, async () => {
    const { handle, n, result } = runArgs(c, op, kind, input, prepared, out);
    await c.live(op).runAsync(handle, input.data, n, result.data);
    return result;
  });
