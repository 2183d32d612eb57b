/**
 * MNIST-style preprocessing of a hand-drawn digit (LeCun et al.'s recipe): the ink's bounding box is scaled, keeping
 * the aspect ratio, to fit a 20x20 box (area averaging, so strokes are anti-aliased as in MNIST), placed in a 28x28
 * field and shifted so that its centre of mass sits at the field's centre. White ink on black, 0..255.
 */
import { SparseCnnError } from '@sparsecnn/tensor';

export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;

export interface DigitImage {
  /** 28 x 28 grey levels 0..255 (row-major), white ink on black, as in the MNIST files. */
  readonly pixels: Uint8Array;
  /** True when nothing was drawn (no pixel above the ink threshold). */
  readonly empty: boolean;
  /** Centre of mass of the result, in pixel units ((0, 0) is the top-left corner of the field). */
  readonly centre: readonly [number, number];
}

/** Ink threshold on the canvas: anti-aliasing fringes below it do not widen the bounding box. */
const INK = 16;

/**
 * Area-average resampling of one axis: `src` has `n` samples per line (lines of `stride`, `count` lines), the result
 * `m` samples per line; sample i of the result averages the source interval [i * n / m, (i + 1) * n / m).
 */
function resampleAxis(
  src: Float64Array, n: number, m: number, count: number, srcStep: number, srcLine: number,
  dst: Float64Array, dstStep: number, dstLine: number,
): void {
  const ratio = n / m;
  for (let line = 0; line < count; line++) {
    for (let i = 0; i < m; i++) {
      const a = i * ratio;
      const b = (i + 1) * ratio;
      let sum = 0;
      for (let j = Math.floor(a); j < Math.ceil(b) && j < n; j++) {
        const cover = Math.min(b, j + 1) - Math.max(a, j);
        if (cover > 0) sum += cover * src[line * srcLine + j * srcStep]!;
      }
      dst[line * dstLine + i * dstStep] = sum / ratio;
    }
  }
}

/**
 * Grey canvas pixels (one byte per pixel, row-major, white ink on black) -> an MNIST-like 28x28 digit.
 */
export function mnistDigit(gray: ArrayLike<number>, width: number, height: number): DigitImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || gray.length !== width * height) {
    throw new SparseCnnError('E_ARGUMENT', `canvas pixels: expected ${width} x ${height} = ${width * height} values, got ${gray.length}`);
  }
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x]! >= INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const pixels = new Uint8Array(MNIST_SIZE * MNIST_SIZE);
  if (x1 < 0) return { pixels, empty: true, centre: [MNIST_SIZE / 2, MNIST_SIZE / 2] };
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const side = Math.max(bw, bh);
  const tw = Math.max(1, Math.round((bw * MNIST_BOX) / side));
  const th = Math.max(1, Math.round((bh * MNIST_BOX) / side));

  const box = new Float64Array(bw * bh);
  for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) box[y * bw + x] = gray[(y0 + y) * width + x0 + x]!;
  const rows = new Float64Array(tw * bh);
  resampleAxis(box, bw, tw, bh, 1, bw, rows, 1, tw); // along x: each of bh rows
  const small = new Float64Array(tw * th);
  resampleAxis(rows, bh, th, tw, tw, 1, small, tw, 1); // along y: each of tw columns

  // Centre of mass of the scaled digit (pixel centres at +0.5).
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const cx = mass > 0 ? mx / mass : tw / 2;
  const cy = mass > 0 ? my / mass : th / 2;
  // Integer shift that puts the centre of mass nearest the field's centre, keeping the digit inside the field.
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const ox = clamp(Math.round(MNIST_SIZE / 2 - cx), MNIST_SIZE - tw);
  const oy = clamp(Math.round(MNIST_SIZE / 2 - cy), MNIST_SIZE - th);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      pixels[(oy + y) * MNIST_SIZE + ox + x] = Math.min(255, Math.max(0, Math.round(small[y * tw + x]!)));
    }
  }
  return { pixels, empty: false, centre: [ox + cx, oy + cy] };
}

/** LeNet input ([n, 1, 28, 28] for n digits): grey levels times the model's scale (Caffe's LeNet: 1/256). */
export function digitInput(pixels: Uint8Array, scale: number): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! * scale;
  return out;
}
