/** Class labels (synset_words.txt and plain name lists) and top-k. */
import { SparseCnnError } from '@sparsecnn/tensor';

export interface ClassLabel {
  /** WordNet id when the line has one ("n01440764"), else undefined. */
  readonly wnid?: string;
  /** The name ("tench, Tinca tinca"). */
  readonly name: string;
}

/**
 * Class names, one per line, line i = class i. Accepts Caffe's synset_words.txt ("n01440764 tench, Tinca tinca")
 * and plain name lists; CRLF line ends; trailing empty lines are ignored.
 */
export function parseLabels(text: string): ClassLabel[] {
  if (typeof text !== 'string') throw new SparseCnnError('E_ARGUMENT', 'parseLabels needs the text of a labels file');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((line) => {
    const m = /^(n\d{8})\s+(.*)$/.exec(line.trim());
    return m ? { wnid: m[1]!, name: m[2]! } : { name: line.trim() };
  });
}

/**
 * Throw E_SHAPE unless there is one label per class: a labels file for another model silently names every class
 * wrong. `source` (e.g. the file name) goes into the message and the error's context.
 */
export function checkLabelCount(labels: readonly unknown[], classes: number, source?: string): void {
  if (labels.length !== classes) {
    throw new SparseCnnError(
      'E_SHAPE',
      `${source ?? 'the labels'} has ${labels.length} label line(s) but the network's output has ${classes} classes`,
      source !== undefined ? { file: source } : {},
    );
  }
}

/** Indices of the k largest values, largest first (ties: lower index first; NaN never ranks). */
export function topKIndices(values: ArrayLike<number>, k: number): number[] {
  if (!Number.isSafeInteger(k) || k < 0) throw new SparseCnnError('E_ARGUMENT', `k must be a non-negative integer, got ${String(k)}`);
  k = Math.min(k, values.length);
  const best: number[] = [];
  if (k === 0) return best;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (best.length === k && !(v > values[best[k - 1]!]!)) continue;
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && v > values[best[j - 1]!]!) j--;
    best.splice(j, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

export interface TopKEntry {
  readonly index: number;
  /** The value at `index` (a probability after Softmax, else a score). */
  readonly prob: number;
  /** The class name, when labels were given. */
  readonly label?: string;
  /** The WordNet id, when the labels have them. */
  readonly wnid?: string;
}

/**
 * The k most probable classes, most probable first: `{ index, prob, label?, wnid? }`. `labels`: from parseLabels,
 * or plain strings; when given, their count must equal the number of classes (E_SHAPE otherwise).
 */
export function topK(prob: ArrayLike<number>, k: number, labels?: readonly (ClassLabel | string)[]): TopKEntry[] {
  if (labels !== undefined) checkLabelCount(labels, prob.length);
  return topKIndices(prob, k).map((index) => {
    const l = labels?.[index];
    const label = typeof l === 'string' ? { name: l } : l;
    return {
      index,
      prob: prob[index]!,
      ...(label !== undefined ? { label: label.name } : {}),
      ...(label?.wnid !== undefined ? { wnid: label.wnid } : {}),
    };
  });
}
