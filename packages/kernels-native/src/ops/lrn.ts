/** Local response normalization, across or within channels. */
import { SparseCnnError, formatShape } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, type KernelTable, type LrnParams } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import type { NativeOpContext } from './context.js';

export const lrn = (c: NativeOpContext): KernelTable['lrn'] => (input, params: LrnParams, out) =>
  guard('lrn', () => {
    assertFloat(input, 'lrn input');
    if (input.shape.length !== 4) throw new SparseCnnError('E_SHAPE', `lrn input must be NCHW, got ${formatShape(input.shape)}`);
    const { localSize, alpha, beta, k, region } = params;
    if (!Number.isSafeInteger(localSize) || localSize < 1 || localSize % 2 === 0) {
      throw new SparseCnnError('E_ARGUMENT', `lrn localSize must be a positive odd integer, got ${localSize}`);
    }
    if (![alpha, beta, k].every(Number.isFinite)) throw new SparseCnnError('E_ARGUMENT', 'lrn alpha, beta and k must be finite');
    if (region !== 'across' && region !== 'within') throw new SparseCnnError('E_ARGUMENT', `lrn region must be 'across' or 'within'`);
    const result = outputTensor(input.shape, out, 'lrn output');
    if (result.data === input.data) throw new SparseCnnError('E_ARGUMENT', 'lrn cannot run in place');
    const [n, ch, h, w] = input.shape as [number, number, number, number];
    c.live('lrn').lrn(input.data, result.data, Int32Array.from([n, ch, h, w, localSize, region === 'across' ? 1 : 0]), alpha, beta, k);
    return result;
  });
