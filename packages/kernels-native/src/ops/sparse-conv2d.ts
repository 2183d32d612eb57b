/** Direct sparse convolution (CSR weights, input channels blocked); run through ./run.ts. */
import { validateBias, validateConv2dSpec, validateSparseConvWeights, type KernelTable } from '@sparsecnn/kernels-api';
import { chooseChannelBlock, validateCsr } from '@sparsecnn/sparse';
import { guard } from '../errors.js';
import { NativePrepared, convShape, copySpec, geometry, type NativeOpContext } from './context.js';

/** Input channels per block: SPARSECNN_CHANNEL_BLOCK (tuning experiments) or SkimCaffe's heuristic. */
function channelBlockFor(nnz: number, outChannels: number, cg: number): number {
  const env = typeof process !== 'undefined' ? Number(process.env.SPARSECNN_CHANNEL_BLOCK ?? '') : NaN;
  if (Number.isSafeInteger(env) && env > 0) {
    let bs = Math.min(env, cg);
    while (cg % bs !== 0) bs++;
    return bs;
  }
  return chooseChannelBlock(nnz, outChannels, cg);
}

export const prepareSparseConv2d = (c: NativeOpContext): KernelTable['prepareSparseConv2d'] => (weights, bias, specIn) =>
  guard('prepareSparseConv2d', () => {
    const spec = copySpec(specIn);
    validateConv2dSpec(spec);
    validateSparseConvWeights(weights, spec);
    validateCsr(weights, 'sparse convolution weights');
    validateBias(bias, spec.outChannels);
    const cg = spec.inChannels / spec.groups;
    const cb = channelBlockFor(weights.values.length, spec.outChannels, cg);
    const h = c.live('prepareSparseConv2d').prepareSparseConv(geometry(spec, spec.relu), cb, weights.rowPtr, weights.colIdx, weights.values, bias);
    return new NativePrepared('sparseConv2d', h, c.owner, convShape(spec));
  });
