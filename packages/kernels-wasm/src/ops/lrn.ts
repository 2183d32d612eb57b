/** Local response normalization, across or within channels. */
import { assertFloat, outputTensor, type KernelTable, type LrnParams } from '@sparsecnn/kernels-api';
import { formatShape } from '@sparsecnn/tensor';
import { fail, withOp, type WasmOpContext } from './context.js';

export const lrn = (c: WasmOpContext): KernelTable['lrn'] => (input, params, out) =>
  withOp('lrn', () => {
    c.alive('lrn');
    assertFloat(input, 'LRN input');
    if (input.shape.length !== 4) fail('E_SHAPE', 'lrn', `LRN input must be NCHW, got ${formatShape(input.shape)}`);
    const { localSize, alpha, beta, k, region } = params ?? ({} as LrnParams);
    if (!Number.isSafeInteger(localSize) || localSize < 1 || localSize % 2 !== 1) {
      fail('E_ARGUMENT', 'lrn', `LRN localSize must be a positive odd integer, got ${localSize}`);
    }
    if (![alpha, beta, k].every((v) => typeof v === 'number' && Number.isFinite(v))) {
      fail('E_ARGUMENT', 'lrn', `LRN alpha, beta and k must be finite numbers, got ${alpha}, ${beta}, ${k}`);
    }
    if (region !== 'across' && region !== 'within') fail('E_ARGUMENT', 'lrn', `LRN region must be 'across' or 'within', got '${String(region)}'`);
    const [N, C, H, W] = input.shape as [number, number, number, number];
    const y = outputTensor(input.shape, out, 'LRN output');
    const n = input.data.length;
    if (n === 0) return y;
    // The input is copied into linear memory first, so `out === input` is safe.
    c.unary(input.data, n, y.data, region === 'across' ? [C * H * W] : [], (src, dst, [sq]) => {
      if (region === 'across') c.ex.lrnAcross(src, dst, N, C, H * W, localSize, alpha, beta, k, sq!);
      else c.ex.lrnWithin(src, dst, N * C, H, W, localSize, alpha, beta, k);
    });
    return y;
  });
