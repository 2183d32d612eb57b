/** ReLU / leaky ReLU (may run in place). */
import { SparseCnnError } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import type { NativeOpContext } from './context.js';

export const relu = (c: NativeOpContext): KernelTable['relu'] => (input, params, out) =>
  guard('relu', () => {
    assertFloat(input, 'relu input');
    const result = outputTensor(input.shape, out, 'relu output');
    const slope = params?.negativeSlope ?? 0;
    if (!Number.isFinite(slope)) throw new SparseCnnError('E_ARGUMENT', `relu negativeSlope must be finite, got ${slope}`);
    c.live('relu').relu(input.data, result.data, slope);
    return result;
  });
