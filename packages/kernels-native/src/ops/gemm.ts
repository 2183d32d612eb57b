/** Dense inner product: weights copied into the addon at prepare time; run through ./run.ts. */
import { validateBias, validateGemmWeights, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import { NativePrepared, gemmShape, type NativeOpContext } from './context.js';

export const prepareGemm = (c: NativeOpContext): KernelTable['prepareGemm'] => (weights, bias, params) =>
  guard('prepareGemm', () => {
    const [o, k] = validateGemmWeights(weights);
    validateBias(bias, o);
    const h = c.live('prepareGemm').prepareGemm(o, k, Boolean(params?.relu), weights.data, bias);
    return new NativePrepared('gemm', h, c.owner, gemmShape(o, k));
  });
