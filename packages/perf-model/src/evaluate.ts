import { median } from './timing.js';
import type { LayerShape } from './layer.js';
import { predictLayer } from './model.js';
import type { MachineProfile } from './profile.js';

/** One measured (layer, density) case: our dense and sparse kernel times on the same batch. */
export interface MeasuredCase {
  readonly layer: LayerShape;
  readonly density: number;
  readonly batch: number;
  readonly denseMs: number;
  readonly sparseMs: number;
}

export interface CaseVerdict extends MeasuredCase {
  readonly predictedDenseMs: number;
  readonly predictedSparseMs: number;
  readonly sparseRelError: number;
  readonly predictedChoice: 'dense' | 'sparse';
  readonly measuredChoice: 'dense' | 'sparse';
  /** The choice is right, or both kernels are within `tieTolerance` of each other (either choice costs nothing). */
  readonly correct: boolean;
}

export interface ModelEvaluation {
  readonly cases: readonly CaseVerdict[];
  /** Fraction of cases where the model picks the faster kernel, or the two are within the tie tolerance. */
  readonly choiceAccuracy: number;
  /** Fraction of cases where the model picks the measured faster kernel, ties not excused. */
  readonly strictChoiceAccuracy: number;
  /** Median absolute relative error of the predicted sparse time. */
  readonly sparseMdape: number;
  readonly denseMdape: number;
}

/**
 * Score a profile against measurements: how often it picks the faster kernel, and how close its sparse-time
 * predictions are. Cases where dense and sparse are within `tieTolerance` (default 5%) count as correct either way,
 * because measurement noise decides them.
 */
export function evaluateModel(profile: MachineProfile, cases: readonly MeasuredCase[], tieTolerance = 0.05): ModelEvaluation {
  const verdicts = cases.map((c): CaseVerdict => {
    const p = predictLayer(profile, c.layer, c.density, c.batch);
    const measuredChoice = c.sparseMs < c.denseMs ? 'sparse' : 'dense';
    const tie = Math.abs(c.sparseMs - c.denseMs) <= tieTolerance * Math.min(c.sparseMs, c.denseMs);
    return {
      ...c,
      predictedDenseMs: p.denseMs,
      predictedSparseMs: p.sparseMs,
      sparseRelError: Math.abs(p.sparseMs - c.sparseMs) / c.sparseMs,
      predictedChoice: p.choice,
      measuredChoice,
      correct: tie || p.choice === measuredChoice,
    };
  });
  return {
    cases: verdicts,
    choiceAccuracy: verdicts.filter((v) => v.correct).length / Math.max(1, verdicts.length),
    strictChoiceAccuracy: verdicts.filter((v) => v.predictedChoice === v.measuredChoice).length / Math.max(1, verdicts.length),
    sparseMdape: median(verdicts.map((v) => v.sparseRelError)),
    denseMdape: median(verdicts.map((v) => Math.abs(v.predictedDenseMs - v.denseMs) / v.denseMs)),
  };
}
