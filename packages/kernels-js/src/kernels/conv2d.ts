import {
  assertFloat, convOutputShape, validateBias, validateConv2dSpec, validateConvWeights, outputTensor, type Conv2dSpec,
  type Prepared,
} from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';
import { JsPrepared, unwrapPrepared } from '../prepared.js';

interface DenseConvState {
  readonly spec: Conv2dSpec;
  /** [O, Cg * kh * kw], Caffe order. */
  readonly weights: Float32Array;
  readonly bias: Float32Array | null;
  readonly outH: number;
  readonly outW: number;
  /** im2col scratch [Cg * kh * kw, outH * outW]; null for a plain 1x1 convolution (the input is its own column). */
  readonly col: Float32Array | null;
}

function isPointwise(spec: Conv2dSpec): boolean {
  return spec.kernel[0] === 1 && spec.kernel[1] === 1 && spec.stride[0] === 1 && spec.stride[1] === 1 &&
    spec.pad[0] === 0 && spec.pad[1] === 0;
}

/** Load-time step of the dense convolution: validate, copy the weights and allocate the im2col scratch. */
export function prepareConv2d(weights: Tensor, bias: Float32Array | null, spec: Conv2dSpec): Prepared<'conv2d'> {
  const [o, outH, outW] = validateConv2dSpec(spec);
  validateConvWeights(weights, spec);
  validateBias(bias, o, 'convolution bias');
  const k = (spec.inChannels / spec.groups) * spec.kernel[0] * spec.kernel[1];
  const col = isPointwise(spec) ? null : new Float32Array(k * outH * outW);
  const state: DenseConvState = {
    spec: { ...spec, kernel: [...spec.kernel], stride: [...spec.stride], pad: [...spec.pad], dilation: [...spec.dilation] },
    weights: weights.data.slice(),
    bias: bias ? bias.slice() : null,
    outH, outW, col,
  };
  const bytes = 4 * (state.weights.length + (bias?.length ?? 0) + (col?.length ?? 0));
  return new JsPrepared('conv2d', state, bytes, (shape) => convOutputShape(state.spec, shape));
}

/**
 * Unroll one group of one image into `col` [Cg * kh * kw, outH * outW] (Caffe's im2col), zero where the window reads
 * padding.
 */
export function im2col(
  x: Float32Array, xOffset: number, spec: Conv2dSpec, outH: number, outW: number, col: Float32Array,
): void {
  const cg = spec.inChannels / spec.groups;
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride;
  const [ph, pw] = spec.pad;
  const [dh, dw] = spec.dilation;
  const H = spec.inH;
  const W = spec.inW;
  const P = outH * outW;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const plane = xOffset + c * H * W;
    for (let kr = 0; kr < kh; kr++) {
      for (let kc = 0; kc < kw; kc++, row++) {
        const base = row * P;
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * sh - ph + kr * dh;
          const dst = base + oh * outW;
          if (ih < 0 || ih >= H) {
            col.fill(0, dst, dst + outW);
            continue;
          }
          const src = plane + ih * W;
          for (let ow = 0; ow < outW; ow++) {
            const iw = ow * sw - pw + kc * dw;
            col[dst + ow] = iw >= 0 && iw < W ? x[src + iw]! : 0;
          }
        }
      }
    }
  }
}

/**
 * y[r, p] = bias[r] + sum_k w[r, k] * col[k, p] for `rows` rows: a 4 x 4 register tile (16 float64 accumulators,
 * 8 loads per 16 multiply-adds) over k, contiguous in p; leftover rows and columns use a row-axpy loop.
 */
export function gemmRows(
  w: Float32Array, wOff: number, K: number, col: Float32Array, colOff: number, P: number,
  y: Float32Array, yOff: number, rows: number, bias: Float32Array | null, biasOff: number,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const w0 = wOff + r * K;
    const w1 = w0 + K;
    const w2 = w1 + K;
    const w3 = w2 + K;
    const b0 = bias ? bias[biasOff + r]! : 0;
    const b1 = bias ? bias[biasOff + r + 1]! : 0;
    const b2 = bias ? bias[biasOff + r + 2]! : 0;
    const b3 = bias ? bias[biasOff + r + 3]! : 0;
    const y0 = yOff + r * P;
    const y1 = y0 + P;
    const y2 = y1 + P;
    const y3 = y2 + P;
    let p = 0;
    for (; p + 4 <= P; p += 4) {
      let a00 = b0, a01 = b0, a02 = b0, a03 = b0;
      let a10 = b1, a11 = b1, a12 = b1, a13 = b1;
      let a20 = b2, a21 = b2, a22 = b2, a23 = b2;
      let a30 = b3, a31 = b3, a32 = b3, a33 = b3;
      let c = colOff + p;
      for (let k = 0; k < K; k++, c += P) {
        const c0 = col[c]!;
        const c1 = col[c + 1]!;
        const c2 = col[c + 2]!;
        const c3 = col[c + 3]!;
        const v0 = w[w0 + k]!;
        const v1 = w[w1 + k]!;
        const v2 = w[w2 + k]!;
        const v3 = w[w3 + k]!;
        a00 += v0 * c0; a01 += v0 * c1; a02 += v0 * c2; a03 += v0 * c3;
        a10 += v1 * c0; a11 += v1 * c1; a12 += v1 * c2; a13 += v1 * c3;
        a20 += v2 * c0; a21 += v2 * c1; a22 += v2 * c2; a23 += v2 * c3;
        a30 += v3 * c0; a31 += v3 * c1; a32 += v3 * c2; a33 += v3 * c3;
      }
      y[y0 + p] = a00; y[y0 + p + 1] = a01; y[y0 + p + 2] = a02; y[y0 + p + 3] = a03;
      y[y1 + p] = a10; y[y1 + p + 1] = a11; y[y1 + p + 2] = a12; y[y1 + p + 3] = a13;
      y[y2 + p] = a20; y[y2 + p + 1] = a21; y[y2 + p + 2] = a22; y[y2 + p + 3] = a23;
      y[y3 + p] = a30; y[y3 + p + 1] = a31; y[y3 + p + 2] = a32; y[y3 + p + 3] = a33;
    }
    for (; p < P; p++) {
      let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      let c = colOff + p;
      for (let k = 0; k < K; k++, c += P) {
        const cv = col[c]!;
        a0 += w[w0 + k]! * cv;
        a1 += w[w1 + k]! * cv;
        a2 += w[w2 + k]! * cv;
        a3 += w[w3 + k]! * cv;
      }
      y[y0 + p] = a0; y[y1 + p] = a1; y[y2 + p] = a2; y[y3 + p] = a3;
    }
  }
  for (; r < rows; r++) {
    const yr = yOff + r * P;
    y.fill(bias ? bias[biasOff + r]! : 0, yr, yr + P);
    const wr = wOff + r * K;
    for (let k = 0; k < K; k++) {
      const v = w[wr + k]!;
      if (v === 0) continue;
      const c = colOff + k * P;
      for (let p = 0; p < P; p++) y[yr + p]! += v * col[c + p]!;
    }
  }
}

/** Dense convolution: im2col per image and group, then a register-tiled product with the weights (gemmRows). */
export function conv2d(input: Tensor, prepared: Prepared<'conv2d'>, out?: Tensor): Tensor {
  const s = unwrapPrepared<'conv2d', DenseConvState>(prepared, 'conv2d');
  assertFloat(input, 'convolution input');
  const shape = convOutputShape(s.spec, input.shape);
  const y = outputTensor(shape, out, 'convolution output');
  const { spec, weights, bias, outH, outW } = s;
  const [n, o] = shape;
  const G = spec.groups;
  const cg = spec.inChannels / G;
  const og = o / G;
  const K = cg * spec.kernel[0] * spec.kernel[1];
  const P = outH * outW;
  const x = input.data;
  const yd = y.data;
  const imageIn = spec.inChannels * spec.inH * spec.inW;
  for (let b = 0; b < n; b++) {
    for (let g = 0; g < G; g++) {
      const xOff = b * imageIn + g * cg * spec.inH * spec.inW;
      let col: Float32Array;
      let colOff = 0;
      if (s.col) {
        im2col(x, xOff, spec, outH, outW, s.col);
        col = s.col;
      } else {
        col = x;
        colOff = xOff;
      }
      gemmRows(weights, g * og * K, K, col, colOff, P, yd, (b * o + g * og) * P, og, bias, g * og);
    }
  }
  if (spec.relu) for (let i = 0; i < yd.length; i++) if (yd[i]! < 0) yd[i] = 0;
  return y;
}
