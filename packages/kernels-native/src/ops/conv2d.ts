/** Dense convolution: weights copied into the addon at prepare time; run through ./run.ts. */
import { validateBias, validateConv2dSpec, validateConvWeights, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import { NativePrepared, convShape, copySpec, geometry, type NativeOpContext } from './context.js';

export const prepareConv2d = (c: NativeOpContext): KernelTable['prepareConv2d'] => (weights, bias, specIn) =>
  guard('prepareConv2d', () => {
    const spec = copySpec(specIn);
    validateConv2dSpec(spec);
    validateConvWeights(weights, spec);
    validateBias(bias, spec.outChannels);
    const h = c.live('prepareConv2d').prepareDenseConv(geometry(spec, spec.relu), weights.data, bias);
    return new NativePrepared('conv2d', h, c.owner, convShape(spec));
  });
