/** Inference batch norm, folded into a per-channel affine transform. */
import type { BatchNormParams, KernelTable } from '@sparsecnn/kernels-api';
import { affineOp } from './channel-affine.js';
import { channelAxis, checkChannelVector, fail, withOp, type WasmOpContext } from './context.js';

export const batchNorm = (c: WasmOpContext): KernelTable['batchNorm'] => (input, params, out) =>
  withOp('batchNorm', () => {
    c.alive('batchNorm');
    const C = channelAxis(input, 'batch norm');
    const { mean, variance, eps } = params ?? ({} as BatchNormParams);
    checkChannelVector(mean, C, 'batch norm mean', 'batchNorm');
    checkChannelVector(variance, C, 'batch norm variance', 'batchNorm');
    if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) fail('E_ARGUMENT', 'batchNorm', `batch norm eps must be a finite number >= 0, got ${eps}`);
    const scale = new Float32Array(C);
    const shift = new Float32Array(C);
    for (let ch = 0; ch < C; ch++) {
      const v = variance[ch]! + eps;
      if (!(v > 0)) fail('E_RANGE', 'batchNorm', `batch norm variance + eps must be positive, got ${v} for channel ${ch}`);
      const s = 1 / Math.sqrt(v);
      scale[ch] = s;
      shift[ch] = -mean[ch]! * s;
    }
    return affineOp(c, input, scale, shift, out, 'batch norm output');
  });
