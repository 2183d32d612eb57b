/** Softmax over one axis. */
import { assertFloat, outputTensor, type KernelTable } from '@sparsecnn/kernels-api';
import { normalizeAxis } from '@sparsecnn/tensor';
import { fail, splitAt, withOp, type WasmOpContext } from './context.js';

export const softmax = (c: WasmOpContext): KernelTable['softmax'] => (input, params, out) =>
  withOp('softmax', () => {
    c.alive('softmax');
    assertFloat(input, 'softmax input');
    if (input.shape.length === 0) fail('E_SHAPE', 'softmax', 'softmax input must have an axis');
    const axis = normalizeAxis(params?.axis, input.shape.length);
    const y = outputTensor(input.shape, out, 'softmax output');
    const [outer, d, inner] = splitAt(input.shape, axis);
    const n = input.data.length;
    if (n === 0) return y;
    c.unary(input.data, n, y.data, [], (src, dst) => c.ex.softmax(src, dst, outer, d, inner));
    return y;
  });
