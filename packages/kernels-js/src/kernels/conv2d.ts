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

/** Dense convolution: im2col per image and group, then an (o, k, p) loop with the contiguous output row innermost. */
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
      for (let oc = g * og; oc < (g + 1) * og; oc++) {
        const yOff = (b * o + oc) * P;
        yd.fill(bias ? bias[oc]! : 0, yOff, yOff + P);
        const wOff = oc * K;
        for (let k = 0; k < K; k++) {
          const w = weights[wOff + k]!;
          if (w === 0) continue;
          const c = colOff + k * P;
          for (let p = 0; p < P; p++) yd[yOff + p]! += w * col[c + p]!;
        }
      }
    }
  }
  if (spec.relu) for (let i = 0; i < yd.length; i++) if (yd[i]! < 0) yd[i] = 0;
  return y;
}
