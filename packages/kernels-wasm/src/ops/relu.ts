/** ReLU / leaky ReLU (may run in place). */
import { assertFloat, outputTensor, type KernelTable } from '@sparsecnn/kernels-api';
import { fail, withOp, type WasmOpContext } from './context.js';

export const relu = (c: WasmOpContext): KernelTable['relu'] => (input, params, out) =>
  withOp('relu', () => {
    c.alive('relu');
    assertFloat(input, 'ReLU input');
    const slope = params?.negativeSlope;
    if (typeof slope !== 'number' || !Number.isFinite(slope)) fail('E_ARGUMENT', 'relu', `negativeSlope must be a finite number, got ${slope}`);
    const y = out === input ? input : outputTensor(input.shape, out, 'ReLU output');
    const n = input.data.length;
    if (n === 0) return y;
    c.withTemp([n], ([p]) => {
      c.heap.f32().set(input.data, p! >> 2);
      c.ex.relu(p!, p!, n, slope);
      y.data.set(c.heap.f32().subarray(p! >> 2, (p! >> 2) + n));
    });
    return y;
  });
