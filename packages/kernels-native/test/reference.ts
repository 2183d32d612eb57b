/** Float64 reference computations for the native tests (straight loops, no tricks). */
import { convOutputSize, type Tensor } from '@sparsecnn/tensor';
import type { Conv2dSpec } from '@sparsecnn/kernels-api';

/** Direct convolution in float64; weights dense [O, C/g, kh, kw]. */
export function refConv(input: Tensor, weights: Float32Array, bias: Float32Array | null, spec: Conv2dSpec): Float64Array {
  const [n] = input.shape as [number];
  const { inChannels: C, inH: H, inW: W, outChannels: O, groups: G } = spec;
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride;
  const [ph, pw] = spec.pad;
  const [dh, dw] = spec.dilation;
  const oh = convOutputSize(H, kh, sh, ph, dh);
  const ow = convOutputSize(W, kw, sw, pw, dw);
  const Cg = C / G;
  const Og = O / G;
  const out = new Float64Array(n * O * oh * ow);
  const x = input.data;
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let s = bias ? bias[o]! : 0;
          for (let c = 0; c < Cg; c++) {
            for (let r = 0; r < kh; r++) {
              const iy = y * sh - ph + r * dh;
              if (iy < 0 || iy >= H) continue;
              for (let q = 0; q < kw; q++) {
                const ix = xo * sw - pw + q * dw;
                if (ix < 0 || ix >= W) continue;
                const wv = weights[((o * Cg + c) * kh + r) * kw + q]!;
                if (wv === 0) continue;
                s += wv * x[((b * C + g * Cg + c) * H + iy) * W + ix]!;
              }
            }
          }
          if (spec.relu && s < 0) s = 0;
          out[((b * O + o) * oh + y) * ow + xo] = s;
        }
      }
    }
  }
  return out;
}

/** y[n, o] = sum_k x[n, k] w[o, k] + b[o] in float64. */
export function refGemm(x: Float32Array, n: number, w: Float32Array, o: number, k: number, bias: Float32Array | null, relu: boolean): Float64Array {
  const out = new Float64Array(n * o);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < o; r++) {
      let s = bias ? bias[r]! : 0;
      for (let j = 0; j < k; j++) s += x[i * k + j]! * w[r * k + j]!;
      out[i * o + r] = relu && s < 0 ? 0 : s;
    }
  }
  return out;
}

/** Largest |a - e| / (atol + rtol |e|); <= 1 passes. */
export function worstError(actual: Float32Array, expected: Float64Array, atol: number, rtol: number): { ratio: number; index: number } {
  let ratio = 0;
  let index = -1;
  if (actual.length !== expected.length) return { ratio: Infinity, index: -1 };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const r = Number.isNaN(a) ? Infinity : Math.abs(a - e) / (atol + rtol * Math.abs(e));
    if (r > ratio) {
      ratio = r;
      index = i;
    }
  }
  return { ratio, index };
}
