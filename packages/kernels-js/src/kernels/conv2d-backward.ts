import {
  assertFloat, convOutputShape, outputTensor, validateConvWeights, type Conv2dBackwardResult, type Conv2dSpec,
} from '@sparsecnn/kernels-api';
import { zeros, type Tensor } from '@sparsecnn/tensor';
import { im2col } from './conv2d.js';

/** Scatter-add a column buffer [Cg * kh * kw, outH * outW] back into one group of one image (Caffe's col2im). */
export function col2imAdd(
  col: Float32Array, spec: Conv2dSpec, outH: number, outW: number, gx: Float32Array, gxOffset: number,
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
    const plane = gxOffset + c * H * W;
    for (let kr = 0; kr < kh; kr++) {
      for (let kc = 0; kc < kw; kc++, row++) {
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * sh - ph + kr * dh;
          if (ih < 0 || ih >= H) continue;
          const src = row * P + oh * outW;
          const dst = plane + ih * W;
          for (let ow = 0; ow < outW; ow++) {
            const iw = ow * sw - pw + kc * dw;
            if (iw >= 0 && iw < W) gx[dst + iw]! += col[src + ow]!;
          }
        }
      }
    }
  }
}

/**
 * Gradients of a dense convolution (no fused ReLU: pass the gradient after reluBackward). Per image and group:
 * col = im2col(x); dW += dY col^T; dcol = W^T dY; dx += col2im(dcol); db = sum of dY over positions.
 */
export function conv2dBackward(input: Tensor, weights: Tensor, gradOutput: Tensor, spec: Conv2dSpec): Conv2dBackwardResult {
  assertFloat(input, 'convolution input');
  const shape = convOutputShape(spec, input.shape);
  validateConvWeights(weights, spec);
  outputTensor(shape, gradOutput, 'convolution output gradient');
  const [n, o, outH, outW] = shape;
  const G = spec.groups;
  const cg = spec.inChannels / G;
  const og = o / G;
  const K = cg * spec.kernel[0] * spec.kernel[1];
  const P = outH * outW;
  const gradInput = zeros(input.shape);
  const gradWeights = zeros(weights.shape);
  const gradBias = new Float32Array(o);
  const col = new Float32Array(K * P);
  const dcol = new Float32Array(K * P);
  const w = weights.data;
  const dy = gradOutput.data;
  const dw = gradWeights.data;
  const imageIn = spec.inChannels * spec.inH * spec.inW;
  const bias64 = new Float64Array(o);
  for (let b = 0; b < n; b++) {
    for (let g = 0; g < G; g++) {
      const xOff = b * imageIn + g * cg * spec.inH * spec.inW;
      im2col(input.data, xOff, spec, outH, outW, col);
      dcol.fill(0);
      for (let oc = g * og; oc < (g + 1) * og; oc++) {
        const yOff = (b * o + oc) * P;
        let sb = 0;
        for (let p = 0; p < P; p++) sb += dy[yOff + p]!;
        bias64[oc]! += sb;
        for (let k = 0; k < K; k++) {
          let acc = 0;
          const c = k * P;
          for (let p = 0; p < P; p++) acc += dy[yOff + p]! * col[c + p]!;
          dw[oc * K + k]! += acc;
          const wv = w[oc * K + k]!;
          if (wv !== 0) for (let p = 0; p < P; p++) dcol[c + p]! += wv * dy[yOff + p]!;
        }
      }
      col2imAdd(dcol, spec, outH, outW, gradInput.data, xOff);
    }
  }
  gradBias.set(bias64);
  return { gradInput, gradWeights, gradBias };
}
