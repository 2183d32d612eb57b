import { assertFloat, outputTensor, pool2dOutputShape, type Pool2dParams } from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';

/** Kernel, stride and pad actually used (global pooling: the whole plane, stride 1, no pad). */
export function effectivePool(params: Pool2dParams, h: number, w: number): { kh: number; kw: number; sh: number; sw: number; ph: number; pw: number } {
  if (params.global) return { kh: h, kw: w, sh: 1, sw: 1, ph: 0, pw: 0 };
  return { kh: params.kernel[0], kw: params.kernel[1], sh: params.stride[0], sw: params.stride[1], ph: params.pad[0], pw: params.pad[1] };
}

/** Caffe's windows along one axis: [start, end) clipped to the input, and the size clipped to the padded input. */
export interface PoolWindows {
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Window size before clipping to the unpadded input (AVE divides by it). */
  readonly size: Int32Array;
}

export function poolWindows(out: number, kernel: number, stride: number, pad: number, input: number): PoolWindows {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  const size = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const s = o * stride - pad;
    const e = Math.min(s + kernel, input + pad);
    size[o] = e - s;
    start[o] = Math.max(s, 0);
    end[o] = Math.min(e, input);
  }
  return { start, end, size };
}

/**
 * Caffe pooling. MAX: the window clipped to the input, first maximum wins. AVE: the sum over the window clipped to
 * the input, divided by the window size clipped to the PADDED input (Caffe's pool_size before clipping).
 */
export function pool2d(input: Tensor, params: Pool2dParams, out?: Tensor): Tensor {
  assertFloat(input, 'pooling input');
  const shape = pool2dOutputShape(input.shape, params);
  const y = outputTensor(shape, out, 'pooling output');
  const [n, c, outH, outW] = shape;
  const H = input.shape[2]!;
  const W = input.shape[3]!;
  const { kh, kw, sh, sw, ph, pw } = effectivePool(params, H, W);
  const x = input.data;
  const yd = y.data;
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
        if (isMax) {
          let m = -Infinity;
          for (let ih = hs; ih < he; ih++) {
            for (let iw = ws; iw < we; iw++) {
              const v = x[xOff + ih * W + iw]!;
              if (v > m || Number.isNaN(v)) m = v;
            }
          }
          yd[yOff + oh * outW + ow] = m;
        } else {
          let sum = 0;
          for (let ih = hs; ih < he; ih++) for (let iw = ws; iw < we; iw++) sum += x[xOff + ih * W + iw]!;
          yd[yOff + oh * outW + ow] = sum / (poolH * poolW);
        }
      }
    }
  }
  return y;
}
