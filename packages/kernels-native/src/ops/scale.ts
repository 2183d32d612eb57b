/** Per-channel scale and optional bias. */
import { SparseCnnError } from '@sparsecnn/tensor';
import { assertFinite, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import { channelAffine } from './channel-affine.js';
import type { NativeOpContext } from './context.js';

export const scale = (c: NativeOpContext): KernelTable['scale'] => (input, params, out) =>
  guard('scale', () => {
    if (!(params?.scale instanceof Float32Array) || (params.bias !== null && !(params.bias instanceof Float32Array))) {
      throw new SparseCnnError('E_ARGUMENT', 'scale params must be Float32Arrays (bias may be null)');
    }
    assertFinite(params.scale, 'scale factors');
    if (params.bias) assertFinite(params.bias, 'scale bias');
    return channelAffine(c, 'scale', input, params.scale, params.bias, out);
  });
