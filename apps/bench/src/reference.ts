/**
 * Float64 reference computations (tests, and the stand-in backend used to develop the harness): grouped NCHW
 * convolution and the fully-connected product. Slow and obviously correct.
 */
import { convOut } from './onnx.js';

export interface RefConvSpec {
  readonly inChannels: number;
  readonly inH: number;
  readonly inW: number;
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly pad: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
  readonly relu: boolean;
}

/** y[n, o, oy, ox] = b[o] + sum_{c in group(o), r, s} w[o, c, r, s] x[n, g*C/G + c, oy*sh - ph + r*dh, ox*sw - pw + s*dw]. */
export function referenceConv2d(
  input: Float32Array,
  batch: number,
  weights: Float32Array,
  bias: Float32Array | null,
  spec: RefConvSpec,
): { data: Float64Array; shape: [number, number, number, number] } {
  const { inChannels: C, inH: H, inW: W, outChannels: O, groups: G } = spec;
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride;
  const [ph, pw] = spec.pad;
  const [dh, dw] = spec.dilation;
  const OH = convOut(H, kh, sh, ph, dh);
  const OW = convOut(W, kw, sw, pw, dw);
  const cg = C / G;
  const og = O / G;
  const out = new Float64Array(batch * O * OH * OW);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / og);
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) {
          let acc = bias ? bias[o]! : 0;
          for (let c = 0; c < cg; c++) {
            const ic = g * cg + c;
            for (let r = 0; r < kh; r++) {
              const iy = oy * sh - ph + r * dh;
              if (iy < 0 || iy >= H) continue;
              for (let s = 0; s < kw; s++) {
                const ix = ox * sw - pw + s * dw;
                if (ix < 0 || ix >= W) continue;
                acc += weights[((o * cg + c) * kh + r) * kw + s]! * input[((n * C + ic) * H + iy) * W + ix]!;
              }
            }
          }
          out[((n * O + o) * OH + oy) * OW + ox] = spec.relu && acc < 0 ? 0 : acc;
        }
      }
    }
  }
  return { data: out, shape: [batch, O, OH, OW] };
}

/** y[n, o] = b[o] + sum_k x[n, k] w[o, k] */
export function referenceGemm(
  input: Float32Array,
  batch: number,
  weights: Float32Array,
  outFeatures: number,
  inFeatures: number,
  bias: Float32Array | null,
  relu = false,
): Float64Array {
  const out = new Float64Array(batch * outFeatures);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outFeatures; o++) {
      let acc = bias ? bias[o]! : 0;
      for (let k = 0; k < inFeatures; k++) acc += input[n * inFeatures + k]! * weights[o * inFeatures + k]!;
      out[n * outFeatures + o] = relu && acc < 0 ? 0 : acc;
    }
  }
  return out;
}

/** Largest |a - b| and the largest |b| (to judge it), over equal-length arrays; NaN anywhere gives Infinity. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbs: number; maxRef: number } {
  if (a.length !== b.length) return { maxAbs: Infinity, maxRef: 0 };
  let maxAbs = 0;
  let maxRef = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
    const r = Math.abs(b[i]!);
    if (r > maxRef) maxRef = r;
  }
  return { maxAbs, maxRef };
}
