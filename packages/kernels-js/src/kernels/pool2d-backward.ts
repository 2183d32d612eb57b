import { assertFloat, outputTensor, pool2dOutputShape, type Pool2dParams } from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';
import { effectivePool, poolWindows } from './pool2d.js';

/**
 * Gradient of pool2d. MAX routes each output gradient to the first maximum of its window (Caffe's mask); AVE spreads
 * it evenly (divided by the padded window size) over the clipped window. Overlapping windows accumulate.
 */
export function pool2dBackward(input: Tensor, gradOutput: Tensor, params: Pool2dParams): Tensor {
  assertFloat(input, 'pooling input');
  const shape = pool2dOutputShape(input.shape, params);
  assertFloat(gradOutput, 'pooling output gradient');
  outputTensor(shape, gradOutput, 'pooling output gradient');
  const gx = outputTensor(input.shape, undefined);
  const [n, c, outH, outW] = shape;
  const H = input.shape[2]!;
  const W = input.shape[3]!;
  const { kh, kw, sh, sw, ph, pw } = effectivePool(params, H, W);
  const x = input.data;
  const g = gradOutput.data;
  const gd = gx.data;
  const isMax = params.method === 'max';
  const rows = poolWindows(outH, kh, sh, ph, H);
  const cols = poolWindows(outW, kw, sw, pw, W);
  for (let plane = 0; plane < n * c; plane++) {
    const xOff = plane * H * W;
    const yOff = plane * outH * outW;
    for (let oh = 0; oh < outH; oh++) {
      const hs = rows.start[oh]!;
      const he = rows.end[oh]!;
      const poolH = rows.size[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const ws = cols.start[ow]!;
        const we = cols.end[ow]!;
        const poolW = cols.size[ow]!;
        const gv = g[yOff + oh * outW + ow]!;
        if (isMax) {
          let m = -Infinity;
          let arg = -1;
          for (let ih = hs; ih < he; ih++) {
            for (let iw = ws; iw < we; iw++) {
              const idx = xOff + ih * W + iw;
              if (arg < 0 || x[idx]! > m) {
                m = x[idx]!;
                arg = idx;
              }
            }
          }
          if (arg >= 0) gd[arg]! += gv;
        } else {
          const share = gv / (poolH * poolW);
          for (let ih = hs; ih < he; ih++) for (let iw = ws; iw < we; iw++) gd[xOff + ih * W + iw]! += share;
        }
      }
    }
  }
  return gx;
}
