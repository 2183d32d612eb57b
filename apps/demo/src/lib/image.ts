/**
 * Caffe-style image preprocessing in the browser, as the CLI's `classify` does it with sharp in Node: resize to
 * 256 x 256 ignoring the aspect ratio (bilinear with a support widened by the shrink factor, the triangle filter of
 * PIL and libvips), round to 8 bits, centre crop to the network's input, RGB -> BGR, subtract the per-channel mean,
 * multiply by the scale.
 */
import { SparseCnnError } from '@sparsecnn/tensor';

interface AxisCoefficients {
  /** First source sample of each output sample. */
  readonly start: Int32Array;
  /** Number of source samples of each output sample. */
  readonly count: Int32Array;
  /** Weights, `maxCount` per output sample, normalised to sum 1. */
  readonly weights: Float64Array;
  readonly maxCount: number;
}

/** Triangle-filter coefficients for resampling `inSize` samples to `outSize` (PIL's bilinear `precompute_coeffs`). */
export function bilinearCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // the triangle's support is 1, widened when shrinking
  const maxCount = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxCount);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(Math.floor(centre - support + 0.5), 0);
    const hi = Math.min(Math.floor(centre + support + 0.5), inSize);
    let total = 0;
    for (let j = lo; j < hi; j++) {
      const t = Math.abs((j - centre + 0.5) / filterScale);
      const w = t < 1 ? 1 - t : 0;
      weights[i * maxCount + (j - lo)] = w;
      total += w;
    }
    if (total > 0) for (let j = lo; j < hi; j++) weights[i * maxCount + (j - lo)]! /= total;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, maxCount };
}

/**
 * Resize interleaved 8-bit pixels (`channels` per pixel, e.g. RGBA from a canvas) to `dw` x `dh`, keeping the first
 * `keep` channels. Returns interleaved 8-bit pixels [dh, dw, keep].
 */
export function resizeBilinear(
  src: ArrayLike<number>, sw: number, sh: number, channels: number, dw: number, dh: number, keep = Math.min(channels, 3),
): Uint8Array {
  for (const [name, v] of [['source width', sw], ['source height', sh], ['width', dw], ['height', dh]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new SparseCnnError('E_ARGUMENT', `resize: ${name} must be a positive integer, got ${v}`);
  }
  if (!(keep >= 1 && keep <= channels) || src.length !== sw * sh * channels) {
    throw new SparseCnnError('E_ARGUMENT', `resize: expected ${sw} x ${sh} x ${channels} = ${sw * sh * channels} values, got ${src.length}`);
  }
  const cx = bilinearCoefficients(sw, dw);
  const cy = bilinearCoefficients(sh, dh);
  // Horizontal pass: [sh, dw, keep] in float64, then vertical: [dh, dw, keep].
  const tmp = new Float64Array(sh * dw * keep);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < dw; x++) {
      const s = cx.start[x]!;
      const n = cx.count[x]!;
      for (let c = 0; c < keep; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += cx.weights[x * cx.maxCount + k]! * src[(y * sw + s + k) * channels + c]!;
        tmp[(y * dw + x) * keep + c] = acc;
      }
    }
  }
  const out = new Uint8Array(dh * dw * keep);
  for (let y = 0; y < dh; y++) {
    const s = cy.start[y]!;
    const n = cy.count[y]!;
    for (let x = 0; x < dw; x++) {
      for (let c = 0; c < keep; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += cy.weights[y * cy.maxCount + k]! * tmp[((s + k) * dw + x) * keep + c]!;
        out[(y * dw + x) * keep + c] = Math.min(255, Math.max(0, Math.round(acc)));
      }
    }
  }
  return out;
}

export interface CaffeTransform {
  /** The network's input size (Caffe's crop_size). */
  readonly crop: number;
  /** Per-channel mean in the network's (BGR) order. */
  readonly mean: readonly [number, number, number];
  readonly scale: number;
}

/**
 * Interleaved RGB pixels [rh, rw, 3] -> the network input [3, crop, crop]: centre crop (Caffe's offset
 * floor((size - crop) / 2)), BGR order, minus the mean, times the scale.
 */
export function caffeInput(rgb: Uint8Array, rw: number, rh: number, t: CaffeTransform): Float32Array {
  const { crop, mean, scale } = t;
  if (rgb.length !== rw * rh * 3) throw new SparseCnnError('E_ARGUMENT', `expected ${rw} x ${rh} x 3 pixels, got ${rgb.length} values`);
  if (!Number.isInteger(crop) || crop < 1 || crop > rw || crop > rh) {
    throw new SparseCnnError('E_ARGUMENT', `crop ${crop} does not fit the ${rw} x ${rh} image`);
  }
  const oy = Math.floor((rh - crop) / 2);
  const ox = Math.floor((rw - crop) / 2);
  const out = new Float32Array(3 * crop * crop);
  for (let c = 0; c < 3; c++) {
    const srcC = 2 - c; // BGR
    for (let y = 0; y < crop; y++) {
      for (let x = 0; x < crop; x++) {
        out[c * crop * crop + y * crop + x] = (rgb[((y + oy) * rw + x + ox) * 3 + srcC]! - mean[c]!) * scale;
      }
    }
  }
  return out;
}

/** Softmax of scores (numerically stable), in float64. */
export function softmax(scores: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp(scores[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[b]! - values[a]! || a - b);
  return idx.slice(0, Math.max(0, Math.min(k, values.length)));
}
