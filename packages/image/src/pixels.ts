/** Decoded images: interleaved 8-bit pixels, and conversion between gray, gray + alpha, RGB and RGBA. */
import { SparseCnnError } from '@sparsecnn/tensor';

/**
 * A decoded image: interleaved 8-bit pixels, row by row. `channels`: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA; when
 * left out it is data.length / (width x height), so a canvas `ImageData` (RGBA) can be passed as it is.
 */
export interface ImageInput {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels?: number;
}

/** An image with its channel count known and checked. */
export interface Pixels {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/** Check an ImageInput (sizes, channel count, data length) and fill in `channels`. */
export function checkImage(image: ImageInput, what = 'image'): Pixels {
  if (typeof image !== 'object' || image === null) throw new SparseCnnError('E_ARGUMENT', `${what} must be { data, width, height, channels? }`);
  const { data, width, height } = image;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new SparseCnnError('E_ARGUMENT', `${what}.data must be a Uint8Array or Uint8ClampedArray (8-bit pixels)`);
  }
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    throw new SparseCnnError('E_SHAPE', `${what} is ${String(width)}x${String(height)}: width and height must be positive integers`);
  }
  const channels = image.channels ?? data.length / (width * height);
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new SparseCnnError(
      'E_SHAPE',
      image.channels === undefined
        ? `${what} has ${data.length} bytes for ${width}x${height} pixels: not 1, 2, 3 or 4 channels`
        : `${what} has ${String(channels)} channels; 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) are supported`,
    );
  }
  if (data.length !== width * height * channels) {
    throw new SparseCnnError('E_SHAPE', `${what} is ${width}x${height}x${channels} = ${width * height * channels} bytes, data has ${data.length}`);
  }
  return { data, width, height, channels };
}

/**
 * Interleaved pixels with `channels` 1 (gray) or 3 (RGB): alpha is dropped (not blended), gray is repeated into
 * R, G and B, colour becomes gray as round(0.299 R + 0.587 G + 0.114 B) (ITU-R BT.601, as the CLI has always done).
 */
export function toChannels(image: Pixels, channels: 1 | 3): Uint8Array {
  const { data, width, height, channels: src } = image;
  const n = width * height;
  if (src === channels) return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(n * channels);
  if (channels === 1) {
    if (src <= 2) for (let p = 0; p < n; p++) out[p] = data[p * src]!;
    else {
      for (let p = 0; p < n; p++) {
        const i = p * src;
        out[p] = Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
      }
    }
    return out;
  }
  for (let p = 0; p < n; p++) {
    const i = p * src;
    if (src <= 2) {
      const g = data[i]!;
      out[p * 3] = g;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = g;
    } else {
      out[p * 3] = data[i]!;
      out[p * 3 + 1] = data[i + 1]!;
      out[p * 3 + 2] = data[i + 2]!;
    }
  }
  return out;
}
