/** Inference batch norm, folded into a per-channel affine transform. */
import { SparseCnnError } from '@sparsecnn/tensor';
import { assertFinite, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import { channelAffine } from './channel-affine.js';
import type { NativeOpContext } from './context.js';

export const batchNorm = (c: NativeOpContext): KernelTable['batchNorm'] => (input, params, out) =>
  guard('batchNorm', () => {
    const { mean, variance, eps } = params;
    if (!(mean instanceof Float32Array) || !(variance instanceof Float32Array) || mean.length !== variance.length) {
      throw new SparseCnnError('E_ARGUMENT', 'batchNorm mean and variance must be Float32Arrays of one length');
    }
    if (!Number.isFinite(eps) || eps < 0) throw new SparseCnnError('E_ARGUMENT', `batchNorm eps must be >= 0, got ${eps}`);
    assertFinite(mean, 'batchNorm mean');
    assertFinite(variance, 'batchNorm variance');
    const mul = new Float32Array(mean.length);
    const add = new Float32Array(mean.length);
    for (let i = 0; i < mean.length; i++) {
      if (variance[i]! + eps <= 0) throw new SparseCnnError('E_RANGE', `batchNorm variance + eps is ${variance[i]! + eps} at channel ${i}`);
      const inv = 1 / Math.sqrt(variance[i]! + eps);
      mul[i] = inv;
      add[i] = -mean[i]! * inv;
    }
    return channelAffine(c, 'batchNorm', input, mul, add, out);
  });
