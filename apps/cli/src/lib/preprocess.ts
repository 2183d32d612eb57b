/**
 * Caffe-style preprocessing lives in @sparsecnn/image (browser-safe core) and @sparsecnn/image/node (decoding with
 * sharp, decompression-bomb checks); these are the CLI's names for it.
 */
import {
  decodeImage, loadImageInto, type DecodeOptions, type ResolvedPreprocess,
} from '@sparsecnn/image/node';

export { pixelsToInput, resolvePreprocess } from '@sparsecnn/image';
export type { PreprocessOptions, ResolvedPreprocess } from '@sparsecnn/image';

/** Decode and resize an image file (or encoded bytes) to interleaved 8-bit pixels [h, w, channels]. */
export async function decodeResized(
  source: string | Uint8Array,
  channels: number,
  [h, w]: readonly [number, number],
  options: Pick<DecodeOptions, 'maxPixels'> = {},
): Promise<Uint8Array> {
  const px = await decodeImage(source, { channels: channels === 1 ? 1 : 3, resize: [h, w], ...options });
  return px.data instanceof Uint8Array ? px.data : new Uint8Array(px.data);
}

/** Load one image file into `out[offset ..]` as a preprocessed [C, H, W] network input. */
export async function loadImageInput(source: string | Uint8Array, p: ResolvedPreprocess, out: Float32Array, offset = 0): Promise<void> {
  await loadImageInto(source, p, out, offset);
}
