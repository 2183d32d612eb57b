/**
 * A pruning run end to end: a pruning phase with one method (one-shot magnitude, global, iterative, AGP, DNS, L1
 * threshold, or GSL = guided AGP with the performance model's bounds), then a fine-tuning phase with the masks
 * frozen; progress and a report with per-layer density over time.
 */
import type { LayerShape, MachineProfile } from '@sparsecnn/perf-model';
import { SparseCnnError } from '@sparsecnn/tensor';
import { guidedPlan, layerShapes, restoreStuckLayers, evaluate, type GuidedPlan } from './guided.js';
import {
  AgpHook, DnsHook, IterativeHook, L1ThresholdHook, densityOf, freezeMasks, pruneGlobal, pruneLayerwise, weightParam, type Densities,
} from './prune.js';
import type { ParamBlob } from './net.js';
import type { IterationInfo, Solver, TestResult, TrainingHook } from './solver.js';

export type PruneMethod = 'magnitude' | 'global' | 'iterative' | 'agp' | 'dns' | 'l1' | 'gsl';
export const PRUNE_METHODS: readonly PruneMethod[] = ['magnitude', 'global', 'iterative', 'agp', 'dns', 'l1', 'gsl'];

export interface PruneRunOptions {
  readonly method: PruneMethod;
  /** Per-layer target densities (all methods but `global` and `l1`; GSL: accuracy targets, clipped by the model). */
  readonly targets?: Densities;
  /** `global`: total density over `layers`. */
  readonly globalDensity?: number;
  /** Layers to prune (`global`, `l1`; default: every weighted layer in `targets`, else all). */
  readonly layers?: readonly string[];
  readonly minDensity?: Densities | number;
  /** Iterations of the pruning phase (0 for the one-shot methods). */
  readonly pruneIters: number;
  /** Iterations of frozen-mask fine-tuning afterwards. */
  readonly finetuneIters: number;
  /**
   * Weight averaging (Polyak / SWA) over the end of fine-tuning: from this many fine-tuning iterations on, the
   * parameters are summed every `averageEvery` iterations (default 10) and the run ends with their mean (the masks
   * are frozen, so pruned weights stay zero). Default: off.
   */
  readonly averageFrom?: number;
  readonly averageEvery?: number;
  /** AGP: iterations between pruning steps; iterative: rounds. */
  readonly every?: number;
  readonly rounds?: number;
  /** Iterative: density per round, geometric target^(k/rounds) (default) or cubic (AGP's, small final steps). */
  readonly schedule?: 'geometric' | 'cubic';
  /** Test batches for the accuracy checks during the run (default: the solver's test_iter). */
  readonly testBatches?: number;
  /** Evaluate every this many iterations (default: the solver's test_interval, else 500). */
  readonly testEvery?: number;
  /** GSL: the machine profile of the target backend and the batch the ranges are computed for. */
  readonly profile?: MachineProfile;
  readonly batch?: number;
  /** GSL: conv layers whose predicted sparse speedup (at their upper bound of useful sparsity) is below this stay dense (default 1.1). */
  readonly minSpeedup?: number;
  /** L1: SkimCaffe's threshold t0 and factor f (the L1 decay is the solver's weight_decay x each layer's decay_mult). */
  readonly l1Threshold?: number;
  readonly l1Factor?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly onIteration?: (info: IterationInfo & { phase: 'prune' | 'finetune' }) => void;
  readonly onTest?: (point: HistoryPoint) => void;
  /** Called after each test with the current accuracy: the caller may snapshot ("last good"). */
  readonly onCheckpoint?: (solver: Solver, point: HistoryPoint) => void | Promise<void>;
}

export interface HistoryPoint {
  readonly iter: number;
  readonly phase: 'start' | 'prune' | 'finetune' | 'end';
  readonly accuracy: number;
  readonly loss: number;
  /** Layer -> density. */
  readonly densities: Record<string, number>;
}

export interface PruneReport {
  readonly method: PruneMethod;
  readonly iterations: number;
  readonly stopped: boolean;
  readonly history: readonly HistoryPoint[];
  readonly before: { accuracy: number; nonZeros: number; weights: number };
  readonly after: { accuracy: number; nonZeros: number; weights: number; compression: number };
  readonly layers: ReadonlyArray<{ layer: string; weights: number; nonZeros: number; density: number }>;
  /** Fine-tuning samples averaged into the final weights (0: no averaging). */
  readonly averaged: number;
  /** GSL only: the plan and which layers were restored dense. */
  readonly gsl?: { plan: GuidedPlan; restored: readonly string[]; shapes: readonly LayerShape[] };
}

function densities(solver: Solver): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of solver.store.weights()) out[p.layer] = densityOf(p);
  return out;
}

/** Run a pruning method then fine-tuning on `solver` (which holds the starting weights). */
export async function runPruning(solver: Solver, o: PruneRunOptions): Promise<PruneReport> {
  if (!solver.test || !solver.testFeeder) throw new SparseCnnError('E_ARGUMENT', 'pruning needs a test net and test data to watch the accuracy');
  const allLayers = solver.store.weights().map((p) => p.layer);
  const targets = o.targets ?? {};
  for (const l of Object.keys(targets)) weightParam(solver.store, l);
  const layers = o.layers ?? (Object.keys(targets).length > 0 ? Object.keys(targets) : allLayers);
  const testBatches = o.testBatches ?? (solver.config.testIter || 10);
  const testEvery = o.testEvery ?? (solver.config.testInterval || 500);
  const history: HistoryPoint[] = [];
  const test = (phase: HistoryPoint['phase']): HistoryPoint => {
    const saved = solver.testFeeder!.cursor;
    solver.testFeeder!.cursor = 0;
    const r: TestResult = solver.runTest(testBatches);
    solver.testFeeder!.cursor = saved;
    const point = { iter: solver.iter, phase, accuracy: r.accuracy, loss: r.loss, densities: densities(solver) };
    history.push(point);
    o.onTest?.(point);
    return point;
  };
  const nz0 = solver.store.nonZeros();
  const start = test('start');
  const t0 = solver.iter;
  let gsl: PruneReport['gsl'];
  let dense: Map<string, Float32Array> | null = null;
  solver.hooks = [];
  let agp: AgpHook | null = null;
  switch (o.method) {
    case 'magnitude':
      pruneLayerwise(solver.store, targets, { ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}) });
      break;
    case 'global':
      if (o.globalDensity === undefined) throw new SparseCnnError('E_ARGUMENT', 'global pruning needs a total density');
      pruneGlobal(solver.store, layers, o.globalDensity, { ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}) });
      break;
    case 'iterative': {
      const rounds = o.rounds ?? 4;
      solver.hooks.push(new IterativeHook({ targets, rounds, start: t0, every: Math.max(1, Math.floor(o.pruneIters / rounds)), ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}), ...(o.schedule ? { schedule: o.schedule } : {}) }));
      break;
    }
    case 'agp':
    case 'gsl': {
      let t = targets;
      if (o.method === 'gsl') {
        if (!o.profile) throw new SparseCnnError('E_ARGUMENT', 'GSL needs a machine profile (perf-model) of the target backend');
        const shapes = layerShapes(solver.train);
        const plan = guidedPlan(o.profile, shapes, targets, { batch: o.batch ?? 1, ...(o.minSpeedup !== undefined ? { minSpeedup: o.minSpeedup } : {}) });
        t = plan.targets;
        gsl = { plan, restored: [], shapes };
        dense = new Map(solver.store.weights().map((p) => [p.layer, p.data.slice()]));
      }
      const end = t0 + Math.max(0, Math.floor(o.pruneIters * 0.8));
      agp = new AgpHook({ targets: t, start: t0, end, every: o.every ?? Math.max(1, Math.floor(o.pruneIters / 40)), ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}) });
      solver.hooks.push(agp);
      break;
    }
    case 'dns':
      solver.hooks.push(new DnsHook({ targets, stopIter: t0 + o.pruneIters, seed: o.seed ?? solver.seed, gamma: 1e-4, power: 1, ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}) }));
      break;
    case 'l1': {
      solver.hooks.push(new L1ThresholdHook({ layers, threshold: o.l1Threshold ?? 1e-4, factor: o.l1Factor ?? 10, until: t0 + o.pruneIters, ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}) }));
      break;
    }
  }
  let stopped = false;
  let averaged = 0;
  const phaseRun = async (iters: number, phase: 'prune' | 'finetune'): Promise<void> => {
    const until = solver.iter + iters;
    while (solver.iter < until && !stopped) {
      const chunk = Math.min(until, solver.iter + testEvery - ((solver.iter - t0) % testEvery));
      const r = await solver.solve(
        { onIteration: (info) => o.onIteration?.({ ...info, phase }) },
        { until: chunk, ...(o.signal ? { signal: o.signal } : {}) },
      );
      if (r.stopped) {
        stopped = true;
        break;
      }
      const point = test(phase);
      await o.onCheckpoint?.(solver, point);
    }
  };
  // Snapshots and tests are driven from here: the solver's own schedule is switched off for the run.
  const cfg = solver.config;
  solver.config = { ...cfg, testInterval: 0, snapshot: 0, snapshotAfterTrain: false, display: 0 };
  try {
    if (o.pruneIters > 0) await phaseRun(o.pruneIters, 'prune');
    // End of pruning: every pruned layer's zero pattern is frozen (DNS / L1 masks included).
    solver.hooks = [];
    const pruned = o.method === 'gsl' || o.method === 'agp' ? Object.keys(agp?.targets ?? {}) : layers.filter((l) => o.method !== 'magnitude' || l in targets);
    if (!stopped) {
      if (o.method === 'gsl' && gsl && dense) {
        const restored = restoreStuckLayers(solver.store, gsl.plan, dense);
        gsl = { ...gsl, restored };
      }
      freezeMasks(solver.store, pruned.filter((l) => !(gsl?.restored ?? []).includes(l)));
      if (o.finetuneIters > 0) {
        const from = o.averageFrom;
        if (from !== undefined && from < o.finetuneIters) {
          if (from > 0) await phaseRun(from, 'finetune');
          const avg = new WeightAverage(solver, o.averageEvery ?? 10);
          solver.hooks.push(avg);
          if (!stopped) await phaseRun(o.finetuneIters - from, 'finetune');
          solver.hooks = solver.hooks.filter((h) => h !== avg);
          if (!stopped) {
            averaged = avg.apply();
            test('end');
          }
        } else await phaseRun(o.finetuneIters, 'finetune');
      }
    }
  } finally {
    solver.config = cfg;
  }
  const end = history.at(-1)!.iter === solver.iter && history.length > 1 ? history.at(-1)! : test('end');
  const nz = solver.store.nonZeros();
  return {
    method: o.method,
    iterations: solver.iter - t0,
    stopped,
    history,
    before: { accuracy: start.accuracy, nonZeros: nz0.total, weights: nz0.weights },
    after: { accuracy: end.accuracy, nonZeros: nz.total, weights: nz.weights, compression: nz.weights / Math.max(1, nz.total) },
    layers: nz.layers,
    averaged,
    ...(gsl ? { gsl } : {}),
  };
}

export { evaluate };

/** Running sum of every parameter, taken after the update of every `every`-th iteration; `apply` sets the mean. */
class WeightAverage implements TrainingHook {
  readonly name = 'average';
  private readonly sums: Map<ParamBlob, Float64Array>;
  private count = 0;
  constructor(solver: Solver, private readonly every: number) {
    if (!(Number.isSafeInteger(every) && every >= 1)) throw new SparseCnnError('E_ARGUMENT', `averageEvery must be a positive integer, got ${every}`);
    this.sums = new Map(solver.store.list().map((p) => [p, new Float64Array(p.data.length)]));
  }
  afterUpdate(_solver: Solver, iter: number): void {
    if ((iter + 1) % this.every !== 0) return;
    for (const [p, sum] of this.sums) {
      const w = p.data;
      for (let i = 0; i < w.length; i++) sum[i]! += w[i]!;
    }
    this.count++;
  }
  /** Replace the weights with their mean (no-op before the first sample); returns the number of samples. */
  apply(): number {
    if (this.count === 0) return 0;
    for (const [p, sum] of this.sums) {
      for (let i = 0; i < sum.length; i++) p.data[i] = sum[i]! / this.count;
      p.version++;
    }
    return this.count;
  }
}
