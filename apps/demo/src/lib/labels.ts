export interface ClassLabel {
  /** WordNet id ("n01440764") when the line has one. */
  readonly wnid?: string;
  readonly name: string;
}

/** Caffe's synset_words.txt (or a plain list): line i = class i; trailing empty lines are ignored. */
export function parseLabels(text: string): ClassLabel[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((line) => {
    const m = /^(n\d{8})\s+(.*)$/.exec(line.trim());
    return m ? { wnid: m[1]!, name: m[2]! } : { name: line.trim() };
  });
}
