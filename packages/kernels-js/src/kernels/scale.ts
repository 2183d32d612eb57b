import { outputTensor, type ScaleParams } from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';
import { channelSplit, checkVector } from './batch-norm.js';

/** Per-channel affine: y = x * scale[c] + bias[c]. */
export function scale(input: Tensor, params: ScaleParams, out?: Tensor): Tensor {
  const [n, c, inner] = channelSplit(input, 'scale');
  checkVector(params?.scale, c, 'scale factors');
  if (params.bias !== null) checkVector(params.bias, c, 'scale bias');
  const y = outputTensor(input.shape, out, 'scale output');
  const x = input.data;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const s = params.scale[ch]!;
      const t = params.bias ? params.bias[ch]! : 0;
      const off = (b * c + ch) * inner;
      for (let i = off; i < off + inner; i++) y.data[i] = x[i]! * s + t;
    }
  }
  return y;
}
