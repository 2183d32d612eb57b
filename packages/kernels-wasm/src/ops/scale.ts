/** Per-channel scale and optional bias. */
import type { KernelTable } from '@sparsecnn/kernels-api';
import { affineOp } from './channel-affine.js';
import { channelAxis, checkChannelVector, withOp, type WasmOpContext } from './context.js';

export const scale = (c: WasmOpContext): KernelTable['scale'] => (input, params, out) =>
  withOp('scale', () => {
    c.alive('scale');
    const C = channelAxis(input, 'scale');
    checkChannelVector(params?.scale, C, 'scale factors', 'scale');
    if (params.bias !== null) checkChannelVector(params.bias, C, 'scale bias', 'scale');
    return affineOp(c, input, params.scale, params.bias, out, 'scale output');
  });
