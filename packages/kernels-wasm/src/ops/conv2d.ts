/** Dense convolution (direct, weights packed at prepare time). */
import { validateConv2dSpec, validateConvWeights, type KernelTable, type Prepared } from '@sparsecnn/kernels-api';
import { withOp, type WasmOpContext } from './context.js';
import { convPrepare, convRun } from './direct-conv.js';

export const prepareConv2d = (c: WasmOpContext): KernelTable['prepareConv2d'] => (weights, bias, spec) =>
  withOp('prepareConv2d', () => {
    c.alive('prepareConv2d');
    validateConv2dSpec(spec);
    validateConvWeights(weights, spec);
    return convPrepare(c, 'conv2d', weights.data, bias, spec) as unknown as Prepared<'conv2d'>;
  });

export const conv2d = (c: WasmOpContext): KernelTable['conv2d'] => (input, prepared, out) =>
  withOp('conv2d', () => {
    c.alive('conv2d');
    return convRun(c, 'conv2d', input, prepared, out);
  });
