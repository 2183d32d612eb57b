/** Max / average pooling (NCHW). */
import { SparseCnnError } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, pool2dOutputShape, type KernelTable, type Pool2dParams } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import type { NativeOpContext } from './context.js';

export const pool2d = (c: NativeOpContext): KernelTable['pool2d'] => (input, params: Pool2dParams, out) =>
  guard('pool2d', () => {
    assertFloat(input, 'pooling input');
    const shape = pool2dOutputShape(input.shape, params);
    const [n, ch, h, w] = input.shape as [number, number, number, number];
    const result = outputTensor(shape, out, 'pooling output');
    if (result.data === input.data) throw new SparseCnnError('E_ARGUMENT', 'pooling cannot run in place');
    const k = params.global ? [h, w] : params.kernel;
    const s = params.global ? [1, 1] : params.stride;
    const p = params.global ? [0, 0] : params.pad;
    if (p[0] >= k[0] || p[1] >= k[1]) throw new SparseCnnError('E_ARGUMENT', `pooling pad ${JSON.stringify(p)} must be smaller than the kernel ${JSON.stringify(k)}`);
    const args = Int32Array.from([n, ch, h, w, shape[2], shape[3], k[0], k[1], s[0], s[1], p[0], p[1], params.method === 'max' ? 1 : 0]);
    if (result.data.length > 0) c.live('pool2d').pool2d(input.data, result.data, args);
    return result;
  });
