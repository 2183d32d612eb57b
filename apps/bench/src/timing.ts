/**
 * The one timing helper both benchmarks use: warm-up, then repeated timed calls (count adapted so that a case takes
 * about `targetMs`), reporting median / min / max. The machine is shared: medians, never means, are the headline.
 */

export interface TimingStats {
  /** Median of the timed samples, in milliseconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Number of timed samples. */
  readonly reps: number;
  readonly warmup: number;
}

export interface MeasureOptions {
  /** Untimed calls before timing (at least 1: the first call pays for lazy allocation and JIT). Default 3. */
  readonly warmup?: number;
  /** Aim for about this much total timed work per case. Default 800 ms. */
  readonly targetMs?: number;
  /** Default 5. */
  readonly minReps?: number;
  /** Default 200. */
  readonly maxReps?: number;
}

export const QUICK_OPTIONS: MeasureOptions = { warmup: 1, targetMs: 150, minReps: 3, maxReps: 40 };
export const FULL_OPTIONS: MeasureOptions = { warmup: 3, targetMs: 800, minReps: 7, maxReps: 200 };

/** Median (mean of the two middle values for an even count), min, max and mean of a non-empty sample. */
export function summarize(samples: readonly number[], warmup = 0): TimingStats {
  if (samples.length === 0) throw new RangeError('summarize() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  let sum = 0;
  for (const s of sorted) sum += s;
  return { median, min: sorted[0]!, max: sorted[n - 1]!, mean: sum / n, reps: n, warmup };
}

/** How many timed reps for a per-call estimate. */
export function chooseReps(estimateMs: number, options: MeasureOptions = FULL_OPTIONS): number {
  const target = options.targetMs ?? 800;
  const lo = Math.max(1, options.minReps ?? 5);
  const hi = Math.max(lo, options.maxReps ?? 200);
  const want = estimateMs > 0 ? Math.ceil(target / estimateMs) : hi;
  return Math.min(hi, Math.max(lo, want));
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

function hrNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * `before` runs untimed before every call (e.g. evicting the caches for a cold-cache measurement); `clock` (ms)
 * replaces the high-resolution clock, so that tests can check the bookkeeping without depending on wall time.
 */
export interface TimingHooks {
  before?: () => unknown;
  clock?: () => number;
}

/**
 * Time `fn` (sync or async). Each sample is one call; an async call is timed until its promise settles.
 * `fn` must do the same work every call (write into preallocated outputs where the API allows).
 * `hooks.before` runs untimed before every call (e.g. evicting the caches for a cold-cache measurement).
 */
export async function measure(
  fn: () => unknown,
  options: MeasureOptions = FULL_OPTIONS,
  hooks: TimingHooks = {},
): Promise<TimingStats> {
  const now = hooks.clock ?? hrNow;
  const warmup = Math.max(1, options.warmup ?? 3);
  let last = 0;
  for (let i = 0; i < warmup; i++) {
    hooks.before?.();
    const t0 = now();
    const r = fn();
    if (isThenable(r)) await r;
    last = now() - t0;
  }
  const reps = chooseReps(last, options);
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    hooks.before?.();
    const t0 = now();
    const r = fn();
    if (isThenable(r)) await r;
    samples.push(now() - t0);
  }
  return summarize(samples, warmup);
}

/**
 * Time several functions in alternating blocks (a a a, b b b, c c c, a a a, ...) so that every one of them sees the
 * same background load on a shared machine, which keeps their ratios far steadier than one long block each. Each
 * block starts with one untimed lead-in call: it absorbs what the previous block left behind (another library's
 * thread pool still spinning, caches holding the other case's data). Blocks last about `blockMs` each.
 * Warm-up: `warmup` calls of each function. Reps per function: chosen so that one call of each fits the budget.
 */
export async function measureInterleaved(
  fns: ReadonlyArray<() => unknown>,
  options: MeasureOptions = FULL_OPTIONS,
  hooks: TimingHooks = {},
  blockMs = 40,
): Promise<TimingStats[]> {
  if (fns.length === 0) return [];
  const now = hooks.clock ?? hrNow;
  const warmup = Math.max(1, options.warmup ?? 3);
  const call = async (f: number): Promise<number> => {
    hooks.before?.();
    const t0 = now();
    const r = fns[f]!();
    if (isThenable(r)) await r;
    return now() - t0;
  };
  const last = fns.map(() => 0);
  for (let i = 0; i < warmup; i++) for (let f = 0; f < fns.length; f++) last[f] = await call(f);
  const reps = chooseReps(last.reduce((a, b) => a + b, 0), options);
  const block = last.map((est) => Math.min(reps, Math.max(1, Math.ceil(blockMs / Math.max(est, 1e-3)))));
  const samples: number[][] = fns.map(() => []);
  while (samples.some((s) => s.length < reps)) {
    for (let f = 0; f < fns.length; f++) {
      const todo = Math.min(block[f]!, reps - samples[f]!.length);
      if (todo <= 0) continue;
      await call(f); // lead-in, untimed
      for (let i = 0; i < todo; i++) samples[f]!.push(await call(f));
    }
  }
  return samples.map((s) => summarize(s, warmup));
}

/** Process CPU time (user + system) in ms, as a `clock` hook: per-call CPU time instead of wall time. */
export function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
