/** Max / average pooling (NCHW). */
import { assertFloat, outputTensor, pool2dOutputShape, type KernelTable } from '@sparsecnn/kernels-api';
import { withOp, type WasmOpContext } from './context.js';

export const pool2d = (c: WasmOpContext): KernelTable['pool2d'] => (input, params, out) =>
  withOp('pool2d', () => {
    c.alive('pool2d');
    assertFloat(input, 'pooling input');
    const shape = pool2dOutputShape(input.shape, params);
    const [N, C, H, W] = input.shape as [number, number, number, number];
    const y = outputTensor(shape, out, 'pooling output');
    const [kh, kw] = params.global ? [H, W] : params.kernel;
    const [sh, sw] = params.global ? [1, 1] : params.stride;
    const [ph, pw] = params.global ? [0, 0] : params.pad;
    if (y.data.length === 0) return y;
    c.unary(input.data, y.data.length, y.data, [], (src, dst) =>
      c.ex.pool2d(src, dst, N * C, H, W, shape[2], shape[3], kh, kw, sh, sw, ph, pw, params.method === 'max' ? 0 : 1),
    );
    return y;
  });
