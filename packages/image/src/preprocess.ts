/**
 * Caffe-style input preprocessing, in this order (as Caffe's DataTransformer and the sparsecnn CLI do):
 * channels (alpha dropped; gray or RGB) -> resize to `resize` [h, w] (triangle filter, aspect ratio ignored, see
 * resize.ts) -> crop to the network's H x W (centre by default) -> optional mirror -> RGB to BGR (when `bgr`) ->
 * subtract the mean (per-channel values or a mean image) -> multiply by `scale` -> NCHW float32.
 * Grayscale networks (1 channel) resize straight to the input size.
 */
import { SparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { checkImage, toChannels, type ImageInput } from './pixels.js';
import { resizeImage } from './resize.js';

/** Where the crop window sits in the resized image: 'center' (Caffe's test-time crop) or its top-left corner. */
export type CropPosition = 'center' | { readonly x: number; readonly y: number };

export interface PreprocessOptions {
  /** Network input channels: 1 (grayscale) or 3 (colour). */
  readonly channels: number;
  /** Network input height and width (the crop size). */
  readonly height: number;
  readonly width: number;
  /** Size the image is resized to before the crop, [h, w]. Default [256, 256] (at least the input size); 1 channel: the input size. */
  readonly resize?: readonly [number, number];
  /** Where to crop; default 'center' (offset (size - crop) / 2, rounded down). */
  readonly crop?: CropPosition;
  /** Flip left-right after the crop (Caffe's mirror). Default false. */
  readonly mirror?: boolean;
  /** Swap RGB to BGR (Caffe models are BGR). Default true for 3 channels. */
  readonly bgr?: boolean;
  /** Per-channel mean in the network's channel order (BGR for Caffe), subtracted before scaling; one value for all. */
  readonly meanValues?: readonly number[];
  /** A mean image [C, H, W]: the resize size (cropped with the image), or at least the input size (centre-cropped). */
  readonly meanImage?: Tensor;
  /** Multiplier applied after mean subtraction (Caffe's transform_param.scale). Default 1. */
  readonly scale?: number;
}

/** PreprocessOptions checked, with every default filled in. */
export interface ResolvedPreprocess {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly resize: readonly [number, number];
  readonly crop: { readonly x: number; readonly y: number };
  readonly mirror: boolean;
  readonly bgr: boolean;
  readonly meanValues?: readonly number[];
  readonly meanImage?: Tensor;
  readonly scale: number;
}

const isPosInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** Validate the options and fill in defaults (typed errors for anything that cannot work). */
export function resolvePreprocess(o: PreprocessOptions): ResolvedPreprocess {
  if (typeof o !== 'object' || o === null) throw new SparseCnnError('E_ARGUMENT', 'preprocess options must be an object');
  const { channels, height, width } = o;
  if (channels !== 1 && channels !== 3) {
    throw new SparseCnnError('E_UNSUPPORTED', `image input needs 1 or 3 channels, the network's input has ${String(channels)}`);
  }
  if (!isPosInt(height) || !isPosInt(width)) {
    throw new SparseCnnError('E_ARGUMENT', `input size ${String(height)}x${String(width)} must be positive integers`);
  }
  const resize: readonly [number, number] =
    channels === 1 && o.resize === undefined ? [height, width] : o.resize ?? [Math.max(256, height), Math.max(256, width)];
  if (!Array.isArray(resize) || resize.length !== 2 || !isPosInt(resize[0]) || !isPosInt(resize[1])) {
    throw new SparseCnnError('E_ARGUMENT', `resize must be [height, width] in positive integers, got ${JSON.stringify(o.resize)}`);
  }
  if (resize[0] < height || resize[1] < width) {
    throw new SparseCnnError('E_ARGUMENT', `resize ${resize[0]}x${resize[1]} is smaller than the crop ${height}x${width}`);
  }
  let crop: { x: number; y: number };
  if (o.crop === undefined || o.crop === 'center') {
    // Caffe's centre crop offset: (size - crop) / 2, integer division.
    crop = { x: Math.floor((resize[1] - width) / 2), y: Math.floor((resize[0] - height) / 2) };
  } else if (typeof o.crop === 'object' && o.crop !== null && Number.isSafeInteger(o.crop.x) && Number.isSafeInteger(o.crop.y)) {
    crop = { x: o.crop.x, y: o.crop.y };
    if (crop.x < 0 || crop.y < 0 || crop.x + width > resize[1] || crop.y + height > resize[0]) {
      throw new SparseCnnError('E_ARGUMENT', `crop at x ${crop.x}, y ${crop.y} of ${width}x${height} leaves the ${resize[1]}x${resize[0]} resized image`);
    }
  } else throw new SparseCnnError('E_ARGUMENT', `crop must be 'center' or { x, y }, got ${JSON.stringify(o.crop)}`);
  if (o.meanValues !== undefined) {
    if (!Array.isArray(o.meanValues) || (o.meanValues.length !== 1 && o.meanValues.length !== channels)) {
      throw new SparseCnnError('E_ARGUMENT', `${Array.isArray(o.meanValues) ? o.meanValues.length : 'no'} mean values given for ${channels} input channels`);
    }
    if (o.meanValues.some((v) => !Number.isFinite(v))) throw new SparseCnnError('E_ARGUMENT', 'mean values must be finite numbers');
  }
  if (o.meanImage !== undefined) {
    const s = o.meanImage.shape;
    if (s.length !== 3 || s[0] !== channels) {
      throw new SparseCnnError('E_SHAPE', `mean image has shape [${s.join(', ')}], expected [${channels}, H, W]`);
    }
    const [, mh, mw] = s as [number, number, number];
    if (o.meanImage.data.length !== channels * mh * mw) {
      throw new SparseCnnError('E_SHAPE', `mean image [${s.join(', ')}] has ${o.meanImage.data.length} values`);
    }
    const fits = (mh === resize[0] && mw === resize[1]) || (mh >= height && mw >= width);
    if (!fits) throw new SparseCnnError('E_SHAPE', `mean image ${mh}x${mw} is smaller than the input ${height}x${width}`);
  }
  const scale = o.scale ?? 1;
  if (!Number.isFinite(scale)) throw new SparseCnnError('E_ARGUMENT', `scale must be a finite number, got ${String(o.scale)}`);
  return {
    channels, height, width, resize, crop,
    mirror: o.mirror === true,
    bgr: o.bgr ?? channels === 3,
    ...(o.meanValues !== undefined ? { meanValues: [...o.meanValues] } : {}),
    ...(o.meanImage !== undefined ? { meanImage: o.meanImage } : {}),
    scale,
  };
}

function resolved(o: PreprocessOptions | ResolvedPreprocess): ResolvedPreprocess {
  const r = o as ResolvedPreprocess;
  return typeof r.crop === 'object' && r.crop !== null && typeof r.mirror === 'boolean' && Array.isArray(r.resize) && typeof r.bgr === 'boolean'
    ? r
    : resolvePreprocess(o);
}

/**
 * Interleaved 8-bit pixels of the resized image [resize h, resize w, C] (RGB order for colour) -> the network input
 * [C, H, W] written at `out[offset]`: crop, mirror, channel swap, mean, scale.
 */
export function pixelsToInput(pixels: Uint8Array | Uint8ClampedArray, p: ResolvedPreprocess, out: Float32Array, offset = 0): void {
  const [rh, rw] = p.resize;
  const { channels: C, height: H, width: W, scale } = p;
  if (pixels.length !== rh * rw * C) {
    throw new SparseCnnError('E_SHAPE', `pixels hold ${pixels.length} bytes, expected ${rh}x${rw}x${C} = ${rh * rw * C}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + C * H * W > out.length) {
    throw new SparseCnnError('E_RANGE', `output offset ${offset} + ${C * H * W} values exceeds the output's ${out.length}`);
  }
  const { x: ox, y: oy } = p.crop;
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
        const sx = p.mirror ? W - 1 - x : x;
        let v = pixels[row + sx * C]! - mv;
        if (mean) v -= mean.data[mrow + sx]!;
        out[base + y * W + x] = v * scale;
      }
    }
  }
}

/** Bring a decoded image to the resize size and channel count of `p` (interleaved bytes). */
export function resizedPixels(image: ImageInput, p: ResolvedPreprocess): Uint8Array {
  const px = checkImage(image);
  const ch = p.channels === 1 ? 1 : 3;
  const converted = { data: toChannels(px, ch), width: px.width, height: px.height, channels: ch } as const;
  const r = resizeImage(converted, p.resize[1], p.resize[0]);
  return r.data instanceof Uint8Array ? r.data : new Uint8Array(r.data);
}

/** One decoded image -> the network input written at `out[offset]` ([C, H, W] values). */
export function preprocessInto(image: ImageInput, options: PreprocessOptions | ResolvedPreprocess, out: Float32Array, offset = 0): void {
  const p = resolved(options);
  pixelsToInput(resizedPixels(image, p), p, out, offset);
}

/** Decoded images (e.g. canvas ImageData) -> one NCHW float32 tensor [N, C, H, W]. */
export function preprocessImages(images: readonly ImageInput[], options: PreprocessOptions | ResolvedPreprocess): Tensor {
  const p = resolved(options);
  if (!Array.isArray(images) || images.length === 0) throw new SparseCnnError('E_ARGUMENT', 'preprocessImages needs at least one image');
  const per = p.channels * p.height * p.width;
  const data = new Float32Array(images.length * per);
  images.forEach((img, i) => {
    try {
      pixelsToInput(resizedPixels(img, p), p, data, i * per);
    } catch (e) {
      if (e instanceof SparseCnnError && images.length > 1) {
        throw new SparseCnnError(e.code, `image ${i}: ${e.bareMessage()}`, e.context, { cause: e });
      }
      throw e;
    }
  });
  return { dtype: 'float32', shape: [images.length, p.channels, p.height, p.width], data };
}

/** One decoded image -> an NCHW float32 tensor [1, C, H, W]. */
export function preprocessImage(image: ImageInput, options: PreprocessOptions | ResolvedPreprocess): Tensor {
  return preprocessImages([image], options);
}

/** Overrides for preprocessOptionsFor (they win over the model's transform_param). */
export interface PreprocessOverrides {
  readonly meanValues?: readonly number[];
  readonly meanImage?: Tensor;
  readonly scale?: number;
  readonly resize?: readonly [number, number];
  readonly crop?: CropPosition;
  /** Keep RGB order (default: BGR for colour models). */
  readonly rgb?: boolean;
  /** Which input to preprocess for (default the first). */
  readonly input?: string;
}

/**
 * The preprocessing a network expects: channels and crop size from its input [N, C, H, W], mean values or mean
 * image and scale from its transform_param (as loaded by @sparsecnn/caffe-io), then the overrides.
 */
export function preprocessOptionsFor(net: NetDescription, overrides: PreprocessOverrides = {}): PreprocessOptions {
  const input = overrides.input !== undefined ? net.inputs.find((i) => i.name === overrides.input) : net.inputs[0];
  if (!input) {
    throw new SparseCnnError('E_ARGUMENT', overrides.input !== undefined ? `the network has no input '${overrides.input}'` : 'the network has no input');
  }
  if (input.shape.length !== 4) {
    throw new SparseCnnError('E_SHAPE', `input '${input.name}' is [${input.shape.join(', ')}], expected N x C x H x W for images`);
  }
  const [, channels, height, width] = input.shape as [number, number, number, number];
  const t = net.transform;
  const meanImage = overrides.meanImage ?? (overrides.meanValues === undefined ? t?.meanImage : undefined);
  const meanValues = overrides.meanValues ?? (meanImage === undefined ? t?.meanValues : undefined);
  return {
    channels, height, width,
    ...(overrides.resize !== undefined ? { resize: overrides.resize } : {}),
    ...(overrides.crop !== undefined ? { crop: overrides.crop } : {}),
    bgr: overrides.rgb !== true && channels === 3,
    ...(meanValues !== undefined ? { meanValues } : {}),
    ...(meanImage !== undefined ? { meanImage } : {}),
    scale: overrides.scale ?? t?.scale ?? 1,
  };
}
