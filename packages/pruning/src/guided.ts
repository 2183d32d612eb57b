/**
 * Sensitivity sweeps and guided sparsity learning (GSL, PAPER-NOTES §3): the performance model's useful sparsity
 * range per convolution decides which layers are pruned and how far; fully-connected layers are pruned for size;
 * a latency budget picks per-layer densities greedily by predicted milliseconds saved per accuracy lost.
 */
import {
  predictLayer, predictNetwork, usefulRange, type ConvLayerShape, type FcLayerShape, type LayerShape, type MachineProfile,
  type SparsityRange,
} from '@sparsecnn/perf-model';
import { SparseCnnError } from '@sparsecnn/tensor';
import type { ParamStore, TrainNet } from './net.js';
import { applyMask, clearMask, densityOf, magnitudeMask, weightParam, type Densities } from './prune.js';
import type { Solver } from './solver.js';

export const DEFAULT_SWEEP_DENSITIES: readonly number[] = [1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.03, 0.02, 0.01];

export interface SensitivityPoint {
  readonly density: number;
  readonly accuracy: number;
}

export interface SensitivitySweep {
  readonly format: 'sparsecnn-sensitivity';
  readonly version: 1;
  /** Accuracy of the unpruned net on the same images. */
  readonly baseline: number;
  /** Images each accuracy is measured on. */
  readonly images: number;
  readonly layers: Readonly<Record<string, readonly SensitivityPoint[]>>;
  /** Lowest swept density per layer whose accuracy drop is at most `maxDrop`. */
  readonly targets: Readonly<Record<string, number>>;
  readonly maxDrop: number;
}

/** Accuracy of the test net over the first `batches` test batches (cursor reset: every call sees the same images). */
export function evaluate(solver: Solver, batches: number): number {
  if (!solver.testFeeder || !solver.test) throw new SparseCnnError('E_ARGUMENT', 'evaluation needs a test net and test data');
  const saved = solver.testFeeder.cursor;
  solver.testFeeder.cursor = 0;
  const r = solver.runTest(batches);
  solver.testFeeder.cursor = saved;
  return r.accuracy;
}

/**
 * Prune one layer at a time (magnitude, no retraining) to each density and measure the accuracy; every layer's
 * weights are restored afterwards. `targets` = per layer the lowest density within `maxDrop` of the baseline.
 */
export function sensitivitySweep(
  solver: Solver,
  layers: readonly string[],
  options: { densities?: readonly number[]; batches: number; maxDrop?: number; onPoint?: (layer: string, p: SensitivityPoint) => void },
): SensitivitySweep {
  const densities = [...(options.densities ?? DEFAULT_SWEEP_DENSITIES)].sort((a, b) => b - a);
  const maxDrop = options.maxDrop ?? 0.002;
  const baseline = evaluate(solver, options.batches);
  const out: Record<string, SensitivityPoint[]> = {};
  const targets: Record<string, number> = {};
  for (const layer of layers) {
    const p = weightParam(solver.store, layer);
    const saved = { data: p.data.slice(), mask: p.mask, history: p.history.slice() };
    const points: SensitivityPoint[] = [];
    for (const d of densities) {
      p.data.set(saved.data);
      p.mask = saved.mask;
      if (d < 1) applyMask(p, magnitudeMask(saved.data, d, saved.mask));
      else p.version++;
      const point = { density: d, accuracy: evaluate(solver, options.batches) };
      points.push(point);
      options.onPoint?.(layer, point);
    }
    p.data.set(saved.data);
    p.history.set(saved.history);
    p.mask = saved.mask;
    p.version++;
    out[layer] = points;
    let best = 1;
    for (const pt of points) if (pt.accuracy >= baseline - maxDrop) best = Math.min(best, pt.density);
    targets[layer] = best;
  }
  return { format: 'sparsecnn-sensitivity', version: 1, baseline, images: options.batches * (solver.test?.batch ?? 0), layers: out, targets, maxDrop };
}

/** Parse a sweep written by `sensitivitySweep` (JSON). */
export function parseSweep(json: unknown, file?: string): SensitivitySweep {
  const o = json as Partial<SensitivitySweep>;
  if (!o || o.format !== 'sparsecnn-sensitivity' || o.version !== 1 || typeof o.layers !== 'object' || typeof o.targets !== 'object') {
    throw new SparseCnnError('E_FORMAT', 'not a sparsecnn sensitivity sweep (format/version)', file !== undefined ? { file } : {});
  }
  return o as SensitivitySweep;
}

/** Per-layer shapes (per image) of the weighted layers of a net, for the performance model. */
export function layerShapes(net: TrainNet): LayerShape[] {
  const out: LayerShape[] = [];
  for (const s of net.steps) {
    if (s.type !== 'Convolution' && s.type !== 'InnerProduct') continue;
    const xs = net.blobShapes[s.bottoms[0]!]!;
    const ws = weightShapeOf(net.store, s.name);
    if (s.type === 'InnerProduct') {
      out.push({ kind: 'fc', name: s.name, inFeatures: ws[1]!, outFeatures: ws[0]! } satisfies FcLayerShape);
    } else {
      const conv = net.convSpecs.get(s.name)!;
      out.push({
        kind: 'conv', name: s.name, inChannels: xs[1]!, inH: xs[2]!, inW: xs[3]!, outChannels: ws[0]!, kernel: conv.kernel,
        stride: conv.stride, pad: conv.pad, dilation: conv.dilation, groups: conv.groups,
      } satisfies ConvLayerShape);
    }
  }
  return out;
}

function weightShapeOf(store: ParamStore, layer: string): readonly number[] {
  return weightParam(store, layer).shape;
}

export interface GuidedLayer {
  readonly layer: string;
  readonly kind: 'conv' | 'fc';
  /** Conv layers: the useful sparsity range on the target backend (null for fc). */
  readonly range: SparsityRange | null;
  /** Whether the layer is pruned. */
  readonly prune: boolean;
  /** Target density (1 when not pruned). */
  readonly target: number;
  readonly reason: string;
}

export interface GuidedPlan {
  readonly layers: readonly GuidedLayer[];
  readonly batch: number;
  readonly targets: Record<string, number>;
}

/**
 * GSL's plan: a convolution is pruned only when the model predicts a speedup at some density (max useful density
 * > 0), toward max(its accuracy target, its upper bound of useful sparsity = min useful density); fully-connected
 * layers are pruned for size toward their accuracy targets.
 */
export function guidedPlan(
  profile: MachineProfile,
  shapes: readonly LayerShape[],
  accuracyTargets: Densities,
  options: { batch?: number; fcDefault?: number; convDefault?: number; minSpeedup?: number } = {},
): GuidedPlan {
  const batch = options.batch ?? 1;
  const minSpeedup = options.minSpeedup ?? 1.1;
  const layers: GuidedLayer[] = shapes.map((s) => {
    const acc = accuracyTargets[s.name];
    if (s.kind === 'fc') {
      const target = acc ?? options.fcDefault ?? 0.05;
      return { layer: s.name, kind: 'fc', range: null, prune: target < 1, target, reason: `fc: pruned for size to ${fmt(target)}` };
    }
    const range = usefulRange(profile, s, batch);
    if (range.maxUsefulDensity <= 0) {
      return { layer: s.name, kind: 'conv', range, prune: false, target: 1, reason: 'sparse never predicted faster: kept dense' };
    }
    // A layer whose best predicted sparse time barely beats dense: pruning it would cost accuracy for no speed. (The
    // speedup at the clamped upper bound: a collapsed range's speedupAtMin is taken past its lower bound.)
    const best = predictLayer(profile, s, range.minUsefulDensity, batch).speedup;
    if (best < minSpeedup) {
      return {
        layer: s.name, kind: 'conv', range, prune: false, target: 1,
        reason: `predicted sparse speedup at most ${best.toFixed(2)}x (< ${minSpeedup}x): kept dense`,
      };
    }
    const wanted = acc ?? options.convDefault ?? range.minUsefulDensity;
    const target = Math.max(wanted, range.minUsefulDensity);
    const reason = wanted < range.minUsefulDensity
      ? `stops at the upper bound of useful sparsity (density ${fmt(range.minUsefulDensity)})`
      : wanted > range.maxUsefulDensity
        ? `accuracy target ${fmt(wanted)} is above the lower bound (${fmt(range.maxUsefulDensity)}): restored dense unless training gets it below`
        : `inside the useful range [${fmt(range.minUsefulDensity)}, ${fmt(range.maxUsefulDensity)}]`;
    return { layer: s.name, kind: 'conv', range, prune: true, target, reason };
  });
  const targets: Record<string, number> = {};
  for (const l of layers) if (l.prune) targets[l.layer] = l.target;
  return { layers, batch, targets };
}

function fmt(x: number): string {
  return x.toFixed(3);
}

/**
 * End of GSL's pruning phase: every pruned convolution whose density stayed above its max useful density (sparsity
 * below the lower bound) gets its original dense weights back and is no longer pruned. Returns the restored layers.
 */
export function restoreStuckLayers(store: ParamStore, plan: GuidedPlan, dense: ReadonlyMap<string, Float32Array>): string[] {
  const restored: string[] = [];
  for (const l of plan.layers) {
    if (l.kind !== 'conv' || !l.prune || !l.range) continue;
    const p = weightParam(store, l.layer);
    // One weight of slack: magnitude masks keep round(d n) weights, a hair above a bound that is not a multiple of 1/n.
    if (densityOf(p) > l.range.maxUsefulDensity + 1 / p.data.length) {
      const orig = dense.get(l.layer);
      if (!orig) continue;
      p.data.set(orig);
      p.shadow = null;
      p.history.fill(0);
      clearMask(p);
      restored.push(l.layer);
    }
  }
  return restored;
}

export interface BudgetStep {
  readonly layer: string;
  readonly density: number;
  readonly predictedMs: number;
  readonly accuracy: number;
}

export interface BudgetPlan {
  readonly targetMs: number;
  readonly denseMs: number;
  readonly predictedMs: number;
  readonly targets: Record<string, number>;
  readonly steps: readonly BudgetStep[];
  readonly met: boolean;
}

/**
 * Latency-budget mode: starting dense, repeatedly make the move (one layer to a lower swept density) that saves the
 * most predicted milliseconds per accuracy point lost (from the sweep), until the predicted forward time meets
 * `targetMs` (or no move is left: `met` false).
 */
export function budgetPlan(profile: MachineProfile, shapes: readonly LayerShape[], sweep: SensitivitySweep, targetMs: number, batch = 1): BudgetPlan {
  if (!(targetMs > 0)) throw new SparseCnnError('E_ARGUMENT', `the latency budget must be > 0 ms, got ${targetMs}`);
  const current: Record<string, number> = {};
  const accOf = (layer: string, d: number): number => sweep.layers[layer]?.find((p) => p.density === d)?.accuracy ?? sweep.baseline;
  const predicted = (dens: Record<string, number>) => predictNetwork(profile, shapes, dens, batch).bestMs;
  const denseMs = predicted({});
  let now = denseMs;
  const steps: BudgetStep[] = [];
  for (let guard = 0; guard < 1000 && now > targetMs; guard++) {
    let best: { layer: string; density: number; ms: number; score: number } | null = null;
    for (const s of shapes) {
      const points = sweep.layers[s.name];
      if (!points) continue;
      const cur = current[s.name] ?? 1;
      // Every lower swept density is a candidate move (sparse kernels may only pay off a few steps down).
      for (const next of points.map((p) => p.density).filter((d) => d < cur)) {
        const ms = predicted({ ...current, [s.name]: next });
        const saved = now - ms;
        if (saved <= 0) continue;
        const lost = Math.max(1e-5, accOf(s.name, cur) - accOf(s.name, next));
        const score = saved / lost;
        if (!best || score > best.score) best = { layer: s.name, density: next, ms, score };
      }
    }
    if (!best) break;
    current[best.layer] = best.density;
    now = best.ms;
    steps.push({ layer: best.layer, density: best.density, predictedMs: now, accuracy: accOf(best.layer, best.density) });
  }
  return { targetMs, denseMs, predictedMs: now, targets: current, steps, met: now <= targetMs };
}

/** Predicted per-layer times (ms) of the current densities. */
export function predictDensities(profile: MachineProfile, shapes: readonly LayerShape[], densities: Densities, batch = 1) {
  return shapes.map((s) => predictLayer(profile, s, densities[s.name] ?? 1, batch));
}
