import { outputTensor, type LrnParams } from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';
import { lrnScale } from './lrn.js';

/**
 * Gradient of lrn: dx_i = dy_i * s_i^-beta - 2 * alpha' * beta * x_i * sum_{j: i in window(j)} dy_j * x_j * s_j^(-beta-1),
 * where alpha' = alpha / n (across) or alpha / n^2 (within); windows are symmetric, so the sum runs over i's own window.
 */
export function lrnBackward(input: Tensor, gradOutput: Tensor, params: LrnParams): Tensor {
  const scale = lrnScale(input, params);
  outputTensor(input.shape, gradOutput, 'LRN output gradient');
  const [N, C, H, W] = input.shape as [number, number, number, number];
  const x = input.data;
  const g = gradOutput.data;
  const beta = params.beta;
  const n = params.localSize;
  const half = (n - 1) / 2;
  const P = H * W;
  const t = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) t[i] = g[i]! * x[i]! * scale[i]! ** (-beta - 1);
  const gx = outputTensor(input.shape, undefined);
  const gd = gx.data;
  if (params.region === 'across') {
    const f = (2 * params.alpha * beta) / n;
    const acc = new Float64Array(P);
    for (let b = 0; b < N; b++) {
      const base = b * C * P;
      acc.fill(0);
      for (let c = 0; c < Math.min(half, C); c++) for (let p = 0; p < P; p++) acc[p]! += t[base + c * P + p]!;
      for (let c = 0; c < C; c++) {
        const add = c + half;
        const drop = c - half - 1;
        if (add < C) for (let p = 0; p < P; p++) acc[p]! += t[base + add * P + p]!;
        if (drop >= 0) for (let p = 0; p < P; p++) acc[p]! -= t[base + drop * P + p]!;
        for (let p = 0; p < P; p++) {
          const i = base + c * P + p;
          gd[i] = g[i]! * scale[i]! ** -beta - f * x[i]! * acc[p]!;
        }
      }
    }
  } else {
    const f = (2 * params.alpha * beta) / (n * n);
    const rows = new Float64Array(P);
    for (let plane = 0; plane < N * C; plane++) {
      const base = plane * P;
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          let s = 0;
          for (let ww = Math.max(0, w - half); ww <= Math.min(W - 1, w + half); ww++) s += t[base + h * W + ww]!;
          rows[h * W + w] = s;
        }
      }
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          let s = 0;
          for (let hh = Math.max(0, h - half); hh <= Math.min(H - 1, h + half); hh++) s += rows[hh * W + w]!;
          const i = base + h * W + w;
          gd[i] = g[i]! * scale[i]! ** -beta - f * x[i]! * s;
        }
      }
    }
  }
  return gx;
}
