/** Median, min and max of repeated timings after warm-up. */
export interface TimingStats {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly reps: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Time `fn`: `warmup` untimed calls, then repetitions until `minReps` are done and `budgetMs` is spent (at most
 * `maxReps`). Returns the median and spread in milliseconds.
 */
export function timeIt(fn: () => void, options: { warmup?: number; minReps?: number; maxReps?: number; budgetMs?: number } = {}): TimingStats {
  const { warmup = 2, minReps = 5, maxReps = 1000, budgetMs = 300 } = options;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxReps && (times.length < minReps || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), reps: times.length };
}
