import { readTextOrThrow } from './files.js';

export interface ClassLabel {
  /** WordNet id when the file has one ("n01440764"), else undefined. */
  readonly wnid?: string;
  readonly name: string;
}

/**
 * Class names, one per line, line i = class i. Accepts Caffe's synset_words.txt ("n01440764 tench, Tinca tinca") and
 * plain name lists. Trailing empty lines are ignored.
 */
export function parseLabels(text: string): ClassLabel[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((line) => {
    const m = /^(n\d{8})\s+(.*)$/.exec(line.trim());
    return m ? { wnid: m[1]!, name: m[2]! } : { name: line.trim() };
  });
}

export function readLabels(path: string): ClassLabel[] {
  return parseLabels(readTextOrThrow(path));
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (best.length === k && !(v > values[best[k - 1]!]!)) continue;
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && v > values[best[j - 1]!]!) j--;
    best.splice(j, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
