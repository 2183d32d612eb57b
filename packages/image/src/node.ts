/**
 * Node helpers ('@sparsecnn/image/node'): decode image files or encoded bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF, ...)
 * with sharp, an optional peer dependency (`npm i sharp`), and read label files. Decoding refuses decompression
 * bombs: the dimensions an image declares are checked against `maxPixels` before any pixel is decoded, and sharp's
 * own `limitInputPixels` is set to the same bound.
 */
import { readFile, stat } from 'node:fs/promises';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { parseLabels, type ClassLabel } from './labels.js';
import type { Pixels } from './pixels.js';
import { pixelsToInput, resolvePreprocess, type PreprocessOptions, type ResolvedPreprocess } from './preprocess.js';

export * from './index.js';

/** Default bound on an image's declared width x height: 2^26 (about 67 megapixels, e.g. 8192 x 8192). */
export const DEFAULT_MAX_PIXELS = 2 ** 26;

/** An image file path, or the encoded bytes of one. */
export type ImageSource = string | Uint8Array | ArrayBuffer;

export interface DecodeOptions {
  /** 1: grayscale, 3: RGB (alpha dropped). Default: as decoded (1 to 4 channels). */
  readonly channels?: 1 | 3;
  /**
   * Resize to [height, width] while decoding: libvips' triangle ("linear") filter, antialiased when shrinking, the
   * aspect ratio ignored (Caffe's resize); the same as `resizeImage` of the browser-safe core up to rounding.
   */
  readonly resize?: readonly [number, number];
  /** Refuse images that declare more pixels than this (width x height). Default DEFAULT_MAX_PIXELS. */
  readonly maxPixels?: number;
  /** Name used in errors for bytes (paths name themselves). */
  readonly file?: string;
}

type SharpFactory = typeof import('sharp').default;
type Importer = () => Promise<unknown>;

const defaultImporter: Importer = () => import('sharp');
let importer: Importer = defaultImporter;
let sharpPromise: Promise<SharpFactory> | undefined;

/** Tests only: replace how sharp is imported (e.g. to simulate it missing); `undefined` restores the default. */
export function __setSharpImporterForTests(fn: Importer | undefined): void {
  importer = fn ?? defaultImporter;
  sharpPromise = undefined;
}

function loadSharp(): Promise<SharpFactory> {
  sharpPromise ??= (async () => {
    let mod: unknown;
    try {
      mod = await importer();
    } catch (e) {
      const code = (e as { code?: string } | null)?.code;
      const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
      throw new SparseCnnError(
        'E_UNSUPPORTED',
        missing
          ? "decoding image files needs the optional peer dependency 'sharp': install it (npm i sharp), or decode " +
            'the image yourself and pass its pixels to preprocessImage() from @sparsecnn/image'
          : `sharp is installed but does not load on this platform: ${(e as Error).message}`,
        {},
        { cause: e },
      );
    }
    const m = mod as { default?: SharpFactory } & SharpFactory;
    return typeof m.default === 'function' ? m.default : m;
  })();
  sharpPromise.catch(() => {
    sharpPromise = undefined; // a later call may find it installed
  });
  return sharpPromise;
}

function nameOf(source: ImageSource, o: DecodeOptions): string | undefined {
  return typeof source === 'string' ? source : o.file;
}

function ctxOf(name: string | undefined): { file?: string } {
  return name !== undefined ? { file: name } : {};
}

async function inputOf(source: ImageSource, name: string | undefined): Promise<string | Buffer> {
  if (typeof source === 'string') {
    let isFile = false;
    try {
      isFile = (await stat(source)).isFile();
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new SparseCnnError('E_IO', code === 'ENOENT' ? 'image not found' : `cannot read the image: ${(e as Error).message}`, { file: source }, { cause: e });
    }
    if (!isFile) throw new SparseCnnError('E_IO', 'image is not a regular file', { file: source });
    return source;
  }
  if (source instanceof ArrayBuffer) return Buffer.from(source);
  if (source instanceof Uint8Array) return Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  throw new SparseCnnError('E_ARGUMENT', 'an image source must be a file path, a Uint8Array or an ArrayBuffer', ctxOf(name));
}

function checkMaxPixels(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(v) || (v as number) < 1) throw new SparseCnnError('E_ARGUMENT', `maxPixels must be a positive integer, got ${String(v)}`);
  return v as number;
}

/**
 * The dimensions an image declares in its header (no pixel decoded), refusing more than `maxPixels`. Throws
 * E_FORMAT for data that is not an image sharp knows, E_RANGE for a (possible) decompression bomb.
 */
export async function imageDimensions(source: ImageSource, o: DecodeOptions = {}): Promise<{ width: number; height: number; format: string }> {
  const name = nameOf(source, o);
  const maxPixels = checkMaxPixels(o.maxPixels);
  const sharp = await loadSharp();
  const input = await inputOf(source, name);
  let meta: { width?: number; height?: number; format?: string; pageHeight?: number };
  try {
    meta = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `cannot decode image: ${(e as Error).message}`, ctxOf(name), { cause: e });
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!(width > 0) || !(height > 0)) throw new SparseCnnError('E_FORMAT', 'the image declares no width or height', ctxOf(name));
  if (width * height > maxPixels) {
    throw new SparseCnnError(
      'E_RANGE',
      `refusing to decode a ${width}x${height} image (${width * height} pixels > maxPixels ${maxPixels}): a decompression ` +
        'bomb? Pass { maxPixels } to allow larger images',
      ctxOf(name),
    );
  }
  return { width, height, format: meta.format ?? 'unknown' };
}

/** Decode an image file or encoded bytes to interleaved 8-bit pixels (optionally converted and resized). */
export async function decodeImage(source: ImageSource, o: DecodeOptions = {}): Promise<Pixels> {
  const name = nameOf(source, o);
  if (o.channels !== undefined && o.channels !== 1 && o.channels !== 3) {
    throw new SparseCnnError('E_ARGUMENT', `channels must be 1 or 3, got ${String(o.channels)}`, ctxOf(name));
  }
  if (o.resize !== undefined && (!Array.isArray(o.resize) || o.resize.length !== 2 || !o.resize.every((d) => Number.isSafeInteger(d) && d > 0))) {
    throw new SparseCnnError('E_ARGUMENT', `resize must be [height, width] in positive integers, got ${JSON.stringify(o.resize)}`, ctxOf(name));
  }
  const maxPixels = checkMaxPixels(o.maxPixels);
  await imageDimensions(source, o);
  const sharp = await loadSharp();
  const input = await inputOf(source, name);
  try {
    let img = sharp(input, { failOn: 'error', limitInputPixels: maxPixels });
    if (o.channels !== undefined) {
      img = img.removeAlpha();
      img = o.channels === 1 ? img.toColourspace('b-w') : img.toColourspace('srgb');
    }
    if (o.resize !== undefined) img = img.resize(o.resize[1], o.resize[0], { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false });
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (o.resize !== undefined && (info.width !== o.resize[1] || info.height !== o.resize[0])) {
      throw new Error(`decoder returned ${info.width}x${info.height}, expected ${o.resize[1]}x${o.resize[0]}`);
    }
    const want = o.channels ?? info.channels;
    if (info.channels === want) return { data: bytes, width: info.width, height: info.height, channels: want };
    // Fold whatever band count the decoder gave into the wanted one (gray <-> RGB).
    const n = info.width * info.height;
    const out = new Uint8Array(n * want);
    const src = info.channels;
    for (let p = 0; p < n; p++) {
      if (want === 1) {
        out[p] = src >= 3 ? Math.round(0.299 * bytes[p * src]! + 0.587 * bytes[p * src + 1]! + 0.114 * bytes[p * src + 2]!) : bytes[p * src]!;
      } else {
        for (let c = 0; c < 3; c++) out[p * 3 + c] = bytes[p * src + Math.min(c, src - 1)]!;
      }
    }
    return { data: out, width: info.width, height: info.height, channels: want };
  } catch (e) {
    if (e instanceof SparseCnnError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const bomb = /pixel limit/i.test(msg);
    throw new SparseCnnError(bomb ? 'E_RANGE' : 'E_FORMAT', `cannot decode image: ${msg}`, ctxOf(name), { cause: e });
  }
}

export interface LoadImageOptions {
  /** See DecodeOptions.maxPixels. */
  readonly maxPixels?: number;
  /** Name used in errors for bytes. */
  readonly file?: string;
}

/**
 * Decode one image (file or bytes) and write the network input [C, H, W] at `out[offset]`: decoded straight to the
 * resize size by sharp (as the CLI's classify does), then crop, mirror, BGR, mean, scale.
 */
export async function loadImageInto(
  source: ImageSource, p: ResolvedPreprocess, out: Float32Array, offset = 0, o: LoadImageOptions = {},
): Promise<void> {
  const px = await decodeImage(source, { channels: p.channels === 1 ? 1 : 3, resize: p.resize, ...o });
  pixelsToInput(px.data, p, out, offset);
}

/** Decode one image (file or bytes) into a network input tensor [1, C, H, W]. */
export async function loadImageTensor(source: ImageSource, options: PreprocessOptions, o: LoadImageOptions = {}): Promise<Tensor> {
  const p = resolvePreprocess(options);
  const data = new Float32Array(p.channels * p.height * p.width);
  await loadImageInto(source, p, data, 0, o);
  return { dtype: 'float32', shape: [1, p.channels, p.height, p.width], data };
}

/** Read a labels file (synset_words.txt or one name per line); E_IO naming the file when it cannot be read. */
export async function readLabels(path: string): Promise<ClassLabel[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new SparseCnnError('E_IO', code === 'ENOENT' ? 'labels file not found' : `cannot read the labels file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  return parseLabels(text);
}
