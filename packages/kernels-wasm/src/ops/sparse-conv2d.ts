/** Direct sparse convolution (CSR weights packed at prepare time). */
import { validateConv2dSpec, validateSparseConvWeights, type KernelTable, type Prepared } from '@sparsecnn/kernels-api';
import { validateCsr } from '@sparsecnn/sparse';
import { withOp, type WasmOpContext } from './context.js';
import { convPrepare, convRun } from './direct-conv.js';

export const prepareSparseConv2d = (c: WasmOpContext): KernelTable['prepareSparseConv2d'] => (weights, bias, spec) =>
  withOp('prepareSparseConv2d', () => {
    c.alive('prepareSparseConv2d');
    validateConv2dSpec(spec);
    validateSparseConvWeights(weights, spec);
    validateCsr(weights, 'sparse convolution weights');
    return convPrepare(c, 'sparseConv2d', weights, bias, spec) as unknown as Prepared<'sparseConv2d'>;
  });

export const sparseConv2d = (c: WasmOpContext): KernelTable['sparseConv2d'] => (input, prepared, out) =>
  withOp('sparseConv2d', () => {
    c.alive('sparseConv2d');
    return convRun(c, 'sparseConv2d', input, prepared, out);
  });
