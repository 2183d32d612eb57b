/** Softmax over one axis. */
import { normalizeAxis, sizeOf } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import type { NativeOpContext } from './context.js';

export const softmax = (c: NativeOpContext): KernelTable['softmax'] => (input, params, out) =>
  guard('softmax', () => {
    assertFloat(input, 'softmax input');
    const axis = normalizeAxis(params?.axis ?? 1, input.shape.length);
    const outer = sizeOf(input.shape.slice(0, axis));
    const len = input.shape[axis]!;
    const inner = sizeOf(input.shape.slice(axis + 1));
    const result = outputTensor(input.shape, out, 'softmax output');
    if (len > 0 && result.data.length > 0) c.live('softmax').softmax(input.data, result.data, outer, len, inner);
    return result;
  });
