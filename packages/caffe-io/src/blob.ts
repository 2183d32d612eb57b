/** BlobProto <-> Tensor. */
import { MAX_ELEMENTS, SparseCnnError, formatShape, tensor } from '@sparsecnn/tensor';
import type { Tensor } from '@sparsecnn/tensor';
import { caffe, int64ToNumber } from './schema.js';
import type { BlobProto, Int64Like } from './schema.js';

/** Tensors that came from a legacy (num, channels, height, width) blob and may be reshaped when counts match. */
export const legacyBlobs = new WeakSet<Tensor>();

export interface BlobContext {
  readonly file?: string;
  readonly layer?: string;
}

/** The dims a blob declares: `shape.dim`, else the legacy 4-D num/channels/height/width. */
export function blobDims(blob: BlobProto, ctx: BlobContext = {}): { dims: number[]; legacy: boolean } {
  // A NetParameter built in code (or rebuilt from another format) may have holes in a layer's blob list.
  if (blob === null || typeof blob !== 'object') throw new SparseCnnError('E_FORMAT', `blob is missing (${String(blob)})`, ctx);
  const shape = blob.shape;
  if (shape && Object.prototype.hasOwnProperty.call(blob, 'shape')) {
    const dims = (shape.dim ?? []).map((d) => int64ToNumber(d as Int64Like));
    return { dims: checkDims(dims, ctx), legacy: false };
  }
  const dims = [blob.num ?? 0, blob.channels ?? 0, blob.height ?? 0, blob.width ?? 0];
  return { dims: checkDims(dims, ctx), legacy: true };
}

function checkDims(dims: number[], ctx: BlobContext): number[] {
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new SparseCnnError('E_FORMAT', `blob has an invalid dimension ${d} in ${formatShape(dims)}`, ctx);
    }
    count *= d;
    if (count > MAX_ELEMENTS) {
      throw new SparseCnnError('E_OVERFLOW', `blob shape ${formatShape(dims)} is too large`, ctx);
    }
  }
  return dims;
}

/** A BlobProto as a float32 tensor (float data, else double data converted). */
export function blobToTensor(blob: BlobProto, ctx: BlobContext = {}): Tensor {
  const { dims, legacy } = blobDims(blob, ctx);
  const raw: ArrayLike<number> =
    blob.data && blob.data.length > 0 ? blob.data : blob.double_data && blob.double_data.length > 0 ? blob.double_data : [];
  let shape = dims;
  const count = dims.reduce((a, b) => a * b, 1);
  if (legacy && count === 0 && raw.length > 0) shape = [raw.length];
  else if (count !== raw.length) {
    throw new SparseCnnError(
      'E_SHAPE',
      `blob declares shape ${formatShape(dims)} (${count} values) but holds ${raw.length} values`,
      ctx,
    );
  }
  // Decoded blobs hold fresh Float32Arrays (see fast-blob.ts): the tensor shares that memory instead of copying.
  const data = raw instanceof Float32Array ? raw : Float32Array.from(raw);
  const t = tensor(data, shape);
  if (legacy) legacyBlobs.add(t);
  return t;
}

/** A tensor as a BlobProto with `shape` and packed float data (what current Caffe writes). */
export function tensorToBlob(t: Tensor): BlobProto {
  return caffe.BlobProto.create({
    shape: caffe.BlobShape.create({ dim: [...t.shape] }),
    data: t.data as unknown as number[],
  });
}

/** Decodes a binary BlobProto (e.g. Caffe's mean.binaryproto) to a tensor. */
export function decodeBlobProto(bytes: Uint8Array, options: { file?: string } = {}): Tensor {
  let blob: caffe.BlobProto;
  try {
    blob = caffe.BlobProto.decode(bytes);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new SparseCnnError(
      e instanceof RangeError ? 'E_TRUNCATED' : 'E_FORMAT',
      `not a valid BlobProto (${msg})`,
      { file: options.file },
      { cause: e },
    );
  }
  return blobToTensor(blob, { file: options.file });
}
