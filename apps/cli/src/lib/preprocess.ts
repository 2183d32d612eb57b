import sharp from 'sharp';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { ioError } from './files.js';
import { statSync } from 'node:fs';

/**
 * Caffe-style input preprocessing, applied in this order (as Caffe's DataTransformer and caffe.io do):
 * decode -> (3 channels) resize to `resize` bilinear, ignoring the aspect ratio -> centre crop to the network's
 * input H x W -> RGB to BGR (when `bgr`) -> subtract the mean (per-channel values or a mean image) -> multiply by
 * `scale`. Grayscale networks (1 channel) get a grayscale image resized straight to the input size.
 */
export interface PreprocessOptions {
  /** Network input channels: 1 (grayscale) or 3 (colour). */
  readonly channels: number;
  /** Network input height and width (the crop size). */
  readonly height: number;
  readonly width: number;
  /** Size the image is resized to before the centre crop, [h, w]. Default [256, 256] (at least the input size). */
  readonly resize?: readonly [number, number];
  /** Swap RGB to BGR (Caffe models are BGR). Default true for 3 channels. */
  readonly bgr?: boolean;
  /** Per-channel mean in the network's channel order (BGR for Caffe), subtracted before scaling. */
  readonly meanValues?: readonly number[];
  /** A mean image [C, H, W]: the resize size (cropped with the image), the input size, or larger (centre-cropped). */
  readonly meanImage?: Tensor;
  /** Multiplier applied after mean subtraction (Caffe's transform_param.scale). Default 1. */
  readonly scale?: number;
}

export interface ResolvedPreprocess {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly resize: readonly [number, number];
  readonly bgr: boolean;
  readonly meanValues?: readonly number[];
  readonly meanImage?: Tensor;
  readonly scale: number;
}

/** Validate the options and fill in defaults. */
export function resolvePreprocess(o: PreprocessOptions): ResolvedPreprocess {
  const { channels, height, width } = o;
  if (channels !== 1 && channels !== 3) {
    throw new SparseCnnError('E_UNSUPPORTED', `image input needs 1 or 3 channels, the network's input has ${channels}`);
  }
  const resize: readonly [number, number] =
    channels === 1 ? [height, width] : o.resize ?? [Math.max(256, height), Math.max(256, width)];
  if (resize[0] < height || resize[1] < width) {
    throw new SparseCnnError('E_ARGUMENT', `resize ${resize[0]}x${resize[1]} is smaller than the crop ${height}x${width}`);
  }
  if (o.meanValues !== undefined && o.meanValues.length !== 1 && o.meanValues.length !== channels) {
    throw new SparseCnnError('E_ARGUMENT', `${o.meanValues.length} mean values given for ${channels} input channels`);
  }
  if (o.meanImage !== undefined) {
    const s = o.meanImage.shape;
    if (s.length !== 3 || s[0] !== channels) {
      throw new SparseCnnError('E_SHAPE', `mean image has shape [${s.join(', ')}], expected [${channels}, H, W]`);
    }
    const [, mh, mw] = s as [number, number, number];
    const fits = (mh === resize[0] && mw === resize[1]) || (mh >= height && mw >= width);
    if (!fits) {
      throw new SparseCnnError('E_SHAPE', `mean image ${mh}x${mw} is smaller than the input ${height}x${width}`);
    }
  }
  return {
    channels,
    height,
    width,
    resize,
    bgr: o.bgr ?? channels === 3,
    ...(o.meanValues !== undefined ? { meanValues: o.meanValues } : {}),
    ...(o.meanImage !== undefined ? { meanImage: o.meanImage } : {}),
    scale: o.scale ?? 1,
  };
}

/** Decode and resize an image file (or encoded bytes) to interleaved 8-bit pixels [h, w, channels]. */
export async function decodeResized(
  source: string | Uint8Array,
  channels: number,
  [h, w]: readonly [number, number],
): Promise<Uint8Array> {
  const file = typeof source === 'string' ? source : undefined;
  if (file !== undefined) {
    try {
      if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    } catch (e) {
      throw ioError(file, e, 'image');
    }
  }
  try {
    let img = sharp(source, { failOn: 'error' }).removeAlpha();
    img = channels === 1 ? img.toColourspace('b-w') : img.toColourspace('srgb');
    const { data, info } = await img
      .resize(w, h, { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== w || info.height !== h) {
      throw new Error(`decoder returned ${info.width}x${info.height}, expected ${w}x${h}`);
    }
    if (info.channels === channels) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // Fold whatever band count the decoder gave into the wanted one (gray <-> rgb).
    const out = new Uint8Array(h * w * channels);
    const src = info.channels;
    for (let p = 0; p < h * w; p++) {
      if (channels === 1) {
        out[p] = src >= 3 ? Math.round(0.299 * data[p * src]! + 0.587 * data[p * src + 1]! + 0.114 * data[p * src + 2]!) : data[p * src]!;
      } else {
        for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * src + Math.min(c, src - 1)]!;
      }
    }
    return out;
  } catch (e) {
    if (e instanceof SparseCnnError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new SparseCnnError('E_FORMAT', `cannot decode image: ${msg}`, file !== undefined ? { file } : {}, { cause: e });
  }
}

/**
 * Turn interleaved 8-bit pixels [rh, rw, C] (RGB order for colour) into the network input [C, H, W] at `out[offset]`:
 * centre crop, channel swap, mean, scale.
 */
export function pixelsToInput(pixels: Uint8Array, p: ResolvedPreprocess, out: Float32Array, offset = 0): void {
  const [rh, rw] = p.resize;
  const { channels: C, height: H, width: W, scale } = p;
  // Caffe's centre crop offset: (size - crop) / 2, integer division.
  const oy = Math.floor((rh - H) / 2);
  const ox = Math.floor((rw - W) / 2);
  const mean = p.meanImage;
  let mh = 0;
  let mw = 0;
  let moy = 0;
  let mox = 0;
  if (mean) {
    mh = mean.shape[1]!;
    mw = mean.shape[2]!;
    if (mh === rh && mw === rw) {
      moy = oy;
      mox = ox;
    } else {
      moy = Math.floor((mh - H) / 2);
      mox = Math.floor((mw - W) / 2);
    }
  }
  for (let c = 0; c < C; c++) {
    const srcC = p.bgr && C === 3 ? 2 - c : c;
    const mv = p.meanValues ? (p.meanValues.length === 1 ? p.meanValues[0]! : p.meanValues[c]!) : 0;
    const base = offset + c * H * W;
    for (let y = 0; y < H; y++) {
      const row = ((y + oy) * rw + ox) * C + srcC;
      const mrow = mean ? c * mh * mw + (y + moy) * mw + mox : 0;
      for (let x = 0; x < W; x++) {
        let v = pixels[row + x * C]! - mv;
        if (mean) v -= mean.data[mrow + x]!;
        out[base + y * W + x] = v * scale;
      }
    }
  }
}

/** Load one image file into `out[offset ..]` as a preprocessed [C, H, W] network input. */
export async function loadImageInput(
  source: string | Uint8Array,
  p: ResolvedPreprocess,
  out: Float32Array,
  offset = 0,
): Promise<void> {
  const pixels = await decodeResized(source, p.channels, p.resize);
  pixelsToInput(pixels, p, out, offset);
}
