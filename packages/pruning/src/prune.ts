/**
 * Pruning methods. Masks live on the parameters (`ParamBlob.mask`, 1 = kept); the solver then keeps pruned weights
 * at zero and gives them no gradient, decay or momentum (a frozen mask), except under Dynamic Network Surgery,
 * where the update goes to dense `shadow` weights and the mask can splice weights back.
 *
 * - magnitude one-shot: layer-wise (each layer to its density) or global (one threshold over several layers);
 * - iterative prune + retrain (Han et al. 2015): rounds of pruning toward the targets, retraining in between;
 * - gradual pruning (Zhu & Gupta 2017, AGP): density follows a cubic schedule from 1 to the target;
 * - Dynamic Network Surgery (Guo et al. 2016): prune below 0.9 t, splice back above 1.1 t, with a mask-update
 *   probability that decays as (1 + gamma * iter)^-power;
 * - SkimCaffe's L1 + adaptive threshold: L1 decay on the pruned layers and, after each update, weights with
 *   |w| <= 1 / (|u| / t0 + 1 / (f t0)) set to zero (u = that weight's update);
 * - a per-layer minimum-density guard applies to every method.
 */
import { Rng, SparseCnnError } from '@sparsecnn/tensor';
import type { ParamBlob, ParamStore } from './net.js';
import type { Solver, TrainingHook } from './solver.js';

/** Layer name -> density (fraction of weights kept). */
export type Densities = Readonly<Record<string, number>>;

function checkDensity(d: number, what: string): void {
  if (!(d >= 0 && d <= 1)) throw new SparseCnnError('E_ARGUMENT', `${what}: density must be in [0, 1], got ${d}`);
}

/** The weight blob of a Convolution / InnerProduct layer. */
export function weightParam(store: ParamStore, layer: string): ParamBlob {
  const p = store.get(`${layer}/0`);
  if (!p) throw new SparseCnnError('E_ARGUMENT', `'${layer}' is not a Convolution or InnerProduct layer with weights`, { layer });
  return p;
}

/** Current density (non-zeros / weights) of a parameter's forward weights. */
export function densityOf(p: ParamBlob): number {
  let nz = 0;
  for (let i = 0; i < p.data.length; i++) if (p.data[i] !== 0) nz++;
  return p.data.length ? nz / p.data.length : 0;
}

/**
 * A mask keeping the `round(density * n)` largest magnitudes of `values` (ties at the cut broken by position,
 * earlier kept); `eligible` (when given) restricts which positions may be kept.
 */
export function magnitudeMask(values: Float32Array, density: number, eligible?: Uint8Array | null): Uint8Array {
  checkDensity(density, 'magnitudeMask');
  const n = values.length;
  const keep = Math.round(density * n);
  const mask = new Uint8Array(n);
  if (keep <= 0) return mask;
  const mags = new Float32Array(n);
  for (let i = 0; i < n; i++) mags[i] = eligible && !eligible[i] ? -1 : Math.abs(values[i]!);
  if (keep >= n) {
    for (let i = 0; i < n; i++) mask[i] = mags[i]! >= 0 ? 1 : 0;
    return mask;
  }
  const sorted = mags.slice().sort();
  const cut = sorted[n - keep]!;
  let above = 0;
  for (let i = 0; i < n; i++) if (mags[i]! > cut) above++;
  let ties = keep - above;
  for (let i = 0; i < n; i++) {
    const m = mags[i]!;
    if (m < 0) continue;
    if (m > cut || (m === cut && ties-- > 0)) mask[i] = 1;
  }
  return mask;
}

/** Set a parameter's mask: pruned weights (and their momentum) become zero. */
export function applyMask(p: ParamBlob, mask: Uint8Array): void {
  if (mask.length !== p.data.length) throw new SparseCnnError('E_SHAPE', `mask has ${mask.length} entries for ${p.data.length} weights`, { layer: p.layer });
  p.mask = mask;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) {
      p.data[i] = 0;
      p.history[i] = 0;
    }
  }
  p.version++;
}

/** Remove a mask (the weights keep their zeros but may grow again). */
export function clearMask(p: ParamBlob): void {
  p.mask = null;
  p.version++;
}

/** Freeze the current zero pattern as the mask of each listed layer (SkimCaffe's DISCONNECTED_ELTWISE). */
export function freezeMasks(store: ParamStore, layers: readonly string[]): void {
  for (const l of layers) {
    const p = weightParam(store, l);
    if (p.shadow) {
      for (let i = 0; i < p.data.length; i++) p.data[i] = p.mask && !p.mask[i] ? 0 : p.shadow[i]!;
      p.shadow = null;
    }
    const mask = new Uint8Array(p.data.length);
    for (let i = 0; i < mask.length; i++) mask[i] = p.data[i] !== 0 ? 1 : 0;
    applyMask(p, mask);
  }
}

/** Density after the minimum-density guard. */
export function guarded(layer: string, density: number, minDensity: Densities | number | undefined): number {
  const floor = typeof minDensity === 'number' ? minDensity : minDensity?.[layer] ?? 0;
  return Math.max(density, floor);
}

/** One-shot layer-wise magnitude pruning to each layer's density. Returns the densities reached. */
export function pruneLayerwise(store: ParamStore, targets: Densities, options: { minDensity?: Densities | number } = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [layer, d] of Object.entries(targets)) {
    checkDensity(d, layer);
    const p = weightParam(store, layer);
    const dd = guarded(layer, d, options.minDensity);
    applyMask(p, magnitudeMask(p.data, dd, p.mask));
    out[layer] = densityOf(p);
  }
  return out;
}

/**
 * One-shot global magnitude pruning: one magnitude threshold over all `layers` keeping `density` of their weights
 * in total; the per-layer minimum-density guard keeps each layer's largest weights up to its floor.
 */
export function pruneGlobal(store: ParamStore, layers: readonly string[], density: number, options: { minDensity?: Densities | number } = {}): Record<string, number> {
  checkDensity(density, 'global pruning');
  const params = layers.map((l) => weightParam(store, l));
  const total = params.reduce((s, p) => s + p.data.length, 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const p of params) {
    for (let i = 0; i < p.data.length; i++) all[o + i] = p.mask && !p.mask[i] ? 0 : p.data[i]!;
    o += p.data.length;
  }
  // Kept weights are non-zero, so a threshold of 0 (everything kept) needs no special case.
  const threshold = magnitudeThreshold(all, density);
  const out: Record<string, number> = {};
  for (const p of params) {
    const mask = new Uint8Array(p.data.length);
    let kept = 0;
    for (let i = 0; i < mask.length; i++) {
      if ((!p.mask || p.mask[i]) && Math.abs(p.data[i]!) >= threshold && p.data[i] !== 0) {
        mask[i] = 1;
        kept++;
      }
    }
    // the guard keeps at least ceil(floor * n) weights
    const floor = Math.ceil(guarded(p.layer, 0, options.minDensity) * mask.length) / Math.max(1, mask.length);
    const final = kept < floor * mask.length ? magnitudeMask(p.data, floor, p.mask) : mask;
    applyMask(p, final);
    out[p.layer] = densityOf(p);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ schedules

/** Zhu & Gupta's cubic schedule: density at step t of [t0, t0 + n dt]. */
export function agpDensity(initial: number, final: number, t: number, start: number, end: number): number {
  if (t <= start) return initial;
  if (t >= end) return final;
  const f = 1 - (t - start) / (end - start);
  return final + (initial - final) * f * f * f;
}

export interface ScheduleOptions {
  readonly targets: Densities;
  /** First pruning step (iteration, relative to the solver's iteration counter). */
  readonly start: number;
  /** Last pruning step: the targets are reached here. */
  readonly end: number;
  /** Iterations between pruning steps. */
  readonly every: number;
  readonly minDensity?: Densities | number;
}

/** Track which layers reached their target (for reports). */
function reached(store: ParamStore, targets: Densities): boolean {
  return Object.entries(targets).every(([l, d]) => densityOf(weightParam(store, l)) <= d + 1e-9);
}

/**
 * Gradual pruning (AGP): at iterations start, start + every, ..., end each layer's density is set to
 * d_t = d_f + (1 - d_f) (1 - (t - start) / (end - start))^3 by magnitude (masks frozen in between).
 */
export class AgpHook implements TrainingHook {
  readonly name = 'agp';
  /** Layers taken out of the schedule (GSL: stopped at their upper bound). */
  readonly stopped = new Set<string>();
  targets: Record<string, number>;

  constructor(readonly options: ScheduleOptions) {
    if (!(options.every >= 1 && options.end >= options.start)) throw new SparseCnnError('E_ARGUMENT', 'AGP needs every >= 1 and end >= start');
    for (const [l, d] of Object.entries(options.targets)) checkDensity(d, l);
    this.targets = { ...options.targets };
  }

  beforeIteration(solver: Solver, iter: number): void {
    const { start, end, every } = this.options;
    if (iter < start || iter > end || ((iter - start) % every !== 0 && iter !== end)) return;
    for (const [layer, target] of Object.entries(this.targets)) {
      if (this.stopped.has(layer)) continue;
      const p = weightParam(solver.store, layer);
      const d = guarded(layer, agpDensity(1, target, iter, start, end), this.options.minDensity);
      if (p.mask && densityOf(p) <= d) continue;
      applyMask(p, magnitudeMask(p.data, d, p.mask));
    }
  }

  done(): boolean {
    return false;
  }

  state(): unknown {
    return { stopped: [...this.stopped], targets: this.targets };
  }

  restore(s: unknown): void {
    const o = s as { stopped?: string[]; targets?: Record<string, number> };
    this.stopped.clear();
    for (const l of o.stopped ?? []) this.stopped.add(l);
    if (o.targets) this.targets = { ...o.targets };
  }

  /** Whether every (non-stopped) layer reached its target. */
  complete(store: ParamStore): boolean {
    const live = Object.fromEntries(Object.entries(this.targets).filter(([l]) => !this.stopped.has(l)));
    return reached(store, live);
  }
}

/**
 * Iterative pruning (Han et al.): `rounds` rounds, `every` iterations apart starting at `start`; round k prunes each
 * layer to target^(k / rounds) of its weights by magnitude (or, `schedule: 'cubic'`, to the AGP density at step k of
 * rounds: smaller steps at the end), then training continues with the masks frozen.
 */
export class IterativeHook implements TrainingHook {
  readonly name = 'iterative';
  constructor(readonly options: { targets: Densities; rounds: number; start: number; every: number; minDensity?: Densities | number; schedule?: 'geometric' | 'cubic' }) {
    if (!(options.rounds >= 1 && options.every >= 1)) throw new SparseCnnError('E_ARGUMENT', 'iterative pruning needs rounds >= 1 and every >= 1');
    for (const [l, d] of Object.entries(options.targets)) checkDensity(d, l);
  }

  /** Density of a layer after round k (1-based). */
  densityAt(target: number, k: number): number {
    // cubic: Zhu & Gupta's schedule over the rounds, big steps first and small ones at the end.
    if (this.options.schedule === 'cubic') return agpDensity(1, target, k, 0, this.options.rounds);
    return target <= 0 ? (k >= this.options.rounds ? 0 : Math.pow(1e-3, k / this.options.rounds)) : Math.pow(target, k / this.options.rounds);
  }

  beforeIteration(solver: Solver, iter: number): void {
    const { start, every, rounds, targets } = this.options;
    if (iter < start || (iter - start) % every !== 0) return;
    const k = (iter - start) / every + 1;
    if (k > rounds) return;
    for (const [layer, target] of Object.entries(targets)) {
      const p = weightParam(solver.store, layer);
      applyMask(p, magnitudeMask(p.data, guarded(layer, this.densityAt(target, k), this.options.minDensity), p.mask));
    }
  }

  /** Iteration at which the last round prunes. */
  get lastPrune(): number {
    return this.options.start + (this.options.rounds - 1) * this.options.every;
  }
}

/**
 * Dynamic Network Surgery. Each listed layer keeps dense `shadow` weights (updated with the full gradient); with
 * probability (1 + gamma * iter)^-power per iteration its mask is recomputed with hysteresis: kept weights with
 * |w| < 0.9 t are pruned, pruned weights with |w| > 1.1 t are spliced back, where t is the magnitude that keeps
 * the layer's target density. From `stopIter` on the masks are frozen.
 */
export class DnsHook implements TrainingHook {
  readonly name = 'dns';
  private started = false;
  private readonly thresholds = new Map<string, number>();
  constructor(readonly options: { targets: Densities; gamma?: number; power?: number; stopIter: number; seed: number; minDensity?: Densities | number; low?: number; high?: number }) {
    for (const [l, d] of Object.entries(options.targets)) checkDensity(d, l);
  }

  private start(store: ParamStore): void {
    for (const layer of Object.keys(this.options.targets)) {
      const p = weightParam(store, layer);
      if (!p.shadow) {
        p.shadow = p.data.slice();
        if (!p.mask) p.mask = new Uint8Array(p.data.length).fill(1);
      }
    }
    this.started = true;
  }

  beforeIteration(solver: Solver, iter: number): void {
    const { gamma = 1e-4, power = 1, stopIter, seed, low = 0.9, high = 1.1 } = this.options;
    if (iter >= stopIter) {
      if (this.started || Object.keys(this.options.targets).some((l) => weightParam(solver.store, l).shadow)) {
        freezeMasks(solver.store, Object.keys(this.options.targets));
        this.started = false;
      }
      return;
    }
    if (!this.started) this.start(solver.store);
    const rng = new Rng((seed ^ Math.imul(iter + 7, 0x85ebca6b)) >>> 0);
    if (rng.next() > Math.pow(1 + gamma * iter, -power)) return;
    for (const [layer, target] of Object.entries(this.options.targets)) {
      const p = weightParam(solver.store, layer);
      const w = p.shadow!;
      const d = guarded(layer, target, this.options.minDensity);
      // t tracks the target density; recomputing it (a sort) every 100 iterations is enough.
      let t = this.thresholds.get(layer);
      if (t === undefined || iter % 100 === 0) {
        t = magnitudeThreshold(w, d);
        this.thresholds.set(layer, t);
      }
      const mask = p.mask!;
      for (let i = 0; i < w.length; i++) {
        const a = Math.abs(w[i]!);
        if (mask[i] && a < low * t) mask[i] = 0;
        else if (!mask[i] && a > high * t) mask[i] = 1;
      }
      for (let i = 0; i < w.length; i++) p.data[i] = mask[i] ? w[i]! : 0;
      p.version++;
    }
  }
}

/** The magnitude t such that about `density` of |w| is >= t. */
export function magnitudeThreshold(w: Float32Array, density: number): number {
  const n = w.length;
  const keep = Math.round(density * n);
  if (keep <= 0) return Infinity;
  if (keep >= n) return 0;
  const mags = new Float32Array(n);
  for (let i = 0; i < n; i++) mags[i] = Math.abs(w[i]!);
  mags.sort();
  return mags[n - keep]!;
}

/**
 * SkimCaffe's L1 pruning: the listed layers get L1 weight decay (decay multiplier `decayMult` x the solver's
 * weight_decay, else their own), and after each update weights with |w| <= 1 / (|u| / t0 + 1 / (f t0)) are zeroed,
 * u being the weight's update value (a fixed t0 when f < 2). Pruned weights may grow back; freeze the masks
 * afterwards for fine-tuning.
 */
export class L1ThresholdHook implements TrainingHook {
  readonly name = 'l1';
  constructor(readonly options: { layers: readonly string[]; threshold?: number; factor?: number; minDensity?: Densities | number; until?: number }) {}

  beforeIteration(solver: Solver): void {
    for (const l of this.options.layers) weightParam(solver.store, l).regularization = 'L1';
  }

  afterUpdate(solver: Solver, iter: number): void {
    if (this.options.until !== undefined && iter >= this.options.until) return;
    const t0 = this.options.threshold ?? 1e-4;
    const f = this.options.factor ?? 10;
    for (const l of this.options.layers) {
      const p = weightParam(solver.store, l);
      const w = p.data;
      const u = p.diff;
      const floor = guarded(l, 0, this.options.minDensity);
      let zeroed = 0;
      const before = floor > 0 ? w.slice() : null;
      for (let i = 0; i < w.length; i++) {
        const th = f < 2 ? t0 : 1 / (Math.abs(u[i]!) / t0 + 1 / (f * t0));
        if (w[i] !== 0 && Math.abs(w[i]!) <= th) {
          w[i] = 0;
          zeroed++;
        }
      }
      if (before && densityOf(p) < floor) {
        // The guard: keep the layer's largest weights up to its minimum density.
        const keep = magnitudeMask(before, floor);
        for (let i = 0; i < w.length; i++) if (keep[i]) w[i] = before[i]!;
      }
      if (zeroed > 0) p.version++;
    }
  }
}
