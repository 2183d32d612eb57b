/**
 * Labelled image sets for training: IDX files (the MNIST format: big-endian magic, counts, then uint8 row-major
 * pixels; labels one uint8 each), and the batch feeder that plays Caffe's Data layer (sequential reads that wrap
 * around, the transform's scale and mean values applied).
 */
import { SparseCnnError } from '@sparsecnn/tensor';

export interface ImageSet {
  readonly count: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** count * channels * height * width bytes. */
  readonly pixels: Uint8Array;
  /** count labels. */
  readonly labels: Uint8Array;
  /** Where it came from (for reports). */
  readonly source: string;
}

/** Parse an uncompressed IDX image file (magic 0x803, 3-D) and its label file (magic 0x801). */
export function parseIdxPair(images: Uint8Array, labels: Uint8Array, names: { images?: string; labels?: string } = {}): ImageSet {
  const ictx = names.images !== undefined ? { file: names.images } : {};
  const lctx = names.labels !== undefined ? { file: names.labels } : {};
  if (images.length < 16) throw new SparseCnnError('E_TRUNCATED', 'IDX image header cut off (16 bytes needed)', ictx);
  if (labels.length < 8) throw new SparseCnnError('E_TRUNCATED', 'IDX label header cut off (8 bytes needed)', lctx);
  const iv = new DataView(images.buffer, images.byteOffset, images.byteLength);
  const lv = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  if (iv.getUint32(0) !== 0x803) throw new SparseCnnError('E_FORMAT', `not an IDX uint8 3-D image file (magic 0x${iv.getUint32(0).toString(16)}, want 0x803)`, ictx);
  if (lv.getUint32(0) !== 0x801) throw new SparseCnnError('E_FORMAT', `not an IDX uint8 label file (magic 0x${lv.getUint32(0).toString(16)}, want 0x801)`, lctx);
  const count = iv.getUint32(4);
  const height = iv.getUint32(8);
  const width = iv.getUint32(12);
  if (height < 1 || width < 1 || height > 4096 || width > 4096) throw new SparseCnnError('E_FORMAT', `implausible image size ${height}x${width}`, ictx);
  if (lv.getUint32(4) !== count) throw new SparseCnnError('E_FORMAT', `${count} images but ${lv.getUint32(4)} labels`, lctx);
  const need = 16 + count * height * width;
  if (images.length < need) throw new SparseCnnError('E_TRUNCATED', `IDX image data has ${images.length - 16} bytes, the header says ${need - 16}`, ictx);
  if (labels.length < 8 + count) throw new SparseCnnError('E_TRUNCATED', `IDX label data has ${labels.length - 8} bytes, the header says ${count}`, lctx);
  return {
    count, channels: 1, height, width,
    pixels: images.subarray(16, need),
    labels: labels.subarray(8, 8 + count),
    source: names.images ?? 'idx',
  };
}

/** Encode an image set as an IDX pair (for tests and synthetic datasets). */
export function encodeIdxPair(set: Pick<ImageSet, 'count' | 'height' | 'width' | 'pixels' | 'labels'>): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(16 + set.count * set.height * set.width);
  const iv = new DataView(images.buffer);
  iv.setUint32(0, 0x803);
  iv.setUint32(4, set.count);
  iv.setUint32(8, set.height);
  iv.setUint32(12, set.width);
  images.set(set.pixels.subarray(0, set.count * set.height * set.width), 16);
  const labels = new Uint8Array(8 + set.count);
  const lv = new DataView(labels.buffer);
  lv.setUint32(0, 0x801);
  lv.setUint32(4, set.count);
  labels.set(set.labels.subarray(0, set.count), 8);
  return { images, labels };
}

/** The first `n` items of a set (a view, no copy). */
export function subset(set: ImageSet, n: number, start = 0): ImageSet {
  if (!(Number.isSafeInteger(n) && n >= 1 && Number.isSafeInteger(start) && start >= 0 && start + n <= set.count)) {
    throw new SparseCnnError('E_ARGUMENT', `subset [${start}, ${start + n}) is outside the ${set.count} items`);
  }
  const px = set.channels * set.height * set.width;
  return { ...set, count: n, pixels: set.pixels.subarray(start * px, (start + n) * px), labels: set.labels.subarray(start, start + n), source: `${set.source}[${start}:${start + n}]` };
}

/** The Data layer's transform: x = (pixel - mean[c]) * scale. */
export interface DataTransform {
  readonly scale: number;
  readonly meanValues: readonly number[];
}

/**
 * Serves batches in Caffe's order: item (cursor + i) mod count, the cursor advancing by the batch size and wrapping
 * (a Data layer reading its LMDB sequentially). `shuffle` permutes the order once per pass with a seeded generator,
 * so that a given cursor always maps to the same items (resumable).
 */
export class BatchFeeder {
  cursor = 0;
  private perm: Uint32Array | null = null;
  private permPass = -1;

  constructor(
    readonly set: ImageSet,
    readonly batch: number,
    readonly transform: DataTransform,
    private readonly shuffleSeed: number | null = null,
  ) {
    if (!(Number.isSafeInteger(batch) && batch >= 1)) throw new SparseCnnError('E_ARGUMENT', `batch size must be a positive integer, got ${batch}`);
    if (set.count < 1) throw new SparseCnnError('E_ARGUMENT', `the data set ${set.source} is empty`);
    const c = set.channels;
    if (transform.meanValues.length > 1 && transform.meanValues.length !== c) {
      throw new SparseCnnError('E_SHAPE', `${transform.meanValues.length} mean values for ${c}-channel images`);
    }
  }

  private index(k: number): number {
    const n = this.set.count;
    const pos = k % n;
    if (this.shuffleSeed === null) return pos;
    const pass = Math.floor(k / n);
    if (pass !== this.permPass) {
      this.perm = permutation(n, (this.shuffleSeed + Math.imul(pass, 0x9e3779b1)) >>> 0);
      this.permPass = pass;
    }
    return this.perm![pos]!;
  }

  /** Fill `data` ([batch, C, H, W]) and `labels` with the next batch and advance the cursor. */
  next(data: Float32Array, labels: Int32Array): void {
    const { set, batch } = this;
    const px = set.channels * set.height * set.width;
    const plane = set.height * set.width;
    const scale = this.transform.scale;
    const means = this.transform.meanValues;
    for (let b = 0; b < batch; b++) {
      const item = this.index(this.cursor + b);
      const src = item * px;
      const dst = b * px;
      if (means.length === 0) {
        for (let i = 0; i < px; i++) data[dst + i] = set.pixels[src + i]! * scale;
      } else {
        for (let i = 0; i < px; i++) {
          const m = means.length === 1 ? means[0]! : means[Math.floor(i / plane)]!;
          data[dst + i] = (set.pixels[src + i]! - m) * scale;
        }
      }
      labels[b] = set.labels[item]!;
    }
    this.cursor += batch;
  }
}

/** A seeded permutation of [0, n) (xorshift32 Fisher-Yates). */
function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let s = seed || 0x12345678;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
