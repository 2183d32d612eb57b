/** Median, min and max of repeated timings after warm-up. */
export interface TimingStats {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Samples taken. */
  readonly reps: number;
  /** Calls per sample (1 unless a call is too short for the clock). */
  readonly batch: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface TimeItOptions {
  readonly warmup?: number;
  readonly minReps?: number;
  readonly maxReps?: number;
  readonly budgetMs?: number;
  /** The clock, in ms (default performance.now). */
  readonly clock?: () => number;
}

const defaultClock = (): number => performance.now();
const resolutions = new WeakMap<() => number, number>();

/**
 * The smallest step a clock shows, in ms (measured once per clock): about 1e-4 in Node; 0.005 (cross-origin
 * isolated) or 0.1 in browsers, which coarsen performance.now(). 0 when the clock did not move while sampled.
 */
export function clockResolution(clock: () => number = defaultClock): number {
  const known = resolutions.get(clock);
  if (known !== undefined) return known;
  let last = clock();
  let step = Infinity;
  let seen = 0;
  for (let i = 0; i < 2_000_000 && seen < 12; i++) {
    const t = clock();
    if (t !== last) {
      if (t > last) step = Math.min(step, t - last);
      last = t;
      seen++;
    }
  }
  const res = Number.isFinite(step) ? step : 0;
  resolutions.set(clock, res);
  return res;
}

/** A call shorter than this many clock steps is timed in batches (see timeIt). */
const STEPS_PER_SAMPLE = 50;

/**
 * Time `fn`: `warmup` untimed calls, then samples until `minReps` are done and `budgetMs` is spent (at most
 * `maxReps`). Returns the median and spread per call, in milliseconds. A call that the clock cannot resolve well
 * (shorter than 50 of its steps: browsers coarsen performance.now() to 5-100 us) is timed in batches of `batch`
 * calls per sample, each sample giving the batch's mean, so short calls are neither rounded to 0 nor quantised.
 */
export function timeIt(fn: () => void, options: TimeItOptions = {}): TimingStats {
  const { warmup = 2, minReps = 5, maxReps = 1000, budgetMs = 300, clock = defaultClock } = options;
  for (let i = 0; i < warmup; i++) fn();
  let batch = 1;
  const target = STEPS_PER_SAMPLE * clockResolution(clock);
  if (target > 0) {
    for (;;) {
      const t0 = clock();
      for (let i = 0; i < batch; i++) fn();
      const t = clock() - t0;
      if (t >= target || batch >= 1 << 20) break;
      batch = Math.min(1 << 20, t > 0 ? Math.max(batch * 2, Math.ceil((batch * target * 1.2) / t)) : batch * 8);
    }
  }
  const times: number[] = [];
  const start = clock();
  while (times.length < maxReps && (times.length < minReps || clock() - start < budgetMs)) {
    const t0 = clock();
    for (let i = 0; i < batch; i++) fn();
    times.push((clock() - t0) / batch);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), reps: times.length, batch };
}
