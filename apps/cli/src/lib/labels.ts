/** Labels and top-k live in @sparsecnn/image; these are the CLI's names for them. */
import { parseLabels, topKIndices, type ClassLabel } from '@sparsecnn/image';
import { readTextOrThrow } from './files.js';

export { parseLabels, type ClassLabel };

export function readLabels(path: string): ClassLabel[] {
  return parseLabels(readTextOrThrow(path));
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export const topK: (values: ArrayLike<number>, k: number) => number[] = topKIndices;
