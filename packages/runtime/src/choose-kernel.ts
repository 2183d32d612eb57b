/**
 * The one place that decides whether a weighted layer runs dense or sparse. Today a density threshold; the
 * perf-model package is meant to replace `chooseKernel` with a per-machine roofline prediction.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import type { KernelChoice, PlanOptions } from './types.js';

/** Default density at or below which a convolution runs sparse (direct sparse convolution pays off below ~1/3). */
export const DEFAULT_CONV_SPARSE_THRESHOLD = 0.35;

/** What the choice may look at. */
export interface KernelChoiceInput {
  readonly layer: string;
  readonly type: 'Convolution' | 'InnerProduct';
  /** Weight matrix rows (output channels / outputs) and columns (per-row weights). */
  readonly rows: number;
  readonly cols: number;
  readonly nonZeros: number;
  /** Dense MACs per image. */
  readonly macs: number;
}

export interface KernelDecision {
  readonly choice: KernelChoice;
  readonly reason: string;
}

/** CSR bytes of a rows x cols matrix with nnz non-zeros (float32 values, int32 indices and row pointers). */
export function csrBytes(rows: number, nnz: number): number {
  return nnz * 8 + (rows + 1) * 4;
}

/** Check the plan options once (unknown layer names in an override record are reported by the planner). */
export function validatePlanOptions(options: PlanOptions): void {
  const s = options.sparse;
  if (s !== undefined && s !== 'auto' && s !== 'always' && s !== 'never') {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      throw new SparseCnnError('E_ARGUMENT', `options.sparse must be 'auto', 'always', 'never' or a record of layer -> 'dense' | 'sparse'`);
    }
    for (const [name, v] of Object.entries(s)) {
      if (v !== 'dense' && v !== 'sparse') {
        throw new SparseCnnError('E_ARGUMENT', `options.sparse['${name}'] must be 'dense' or 'sparse', got ${JSON.stringify(v)}`, { layer: name });
      }
    }
  }
  const t = options.sparseThreshold;
  if (t !== undefined && !(typeof t === 'number' && t >= 0 && t <= 1)) {
    throw new SparseCnnError('E_ARGUMENT', `options.sparseThreshold must be a number in [0, 1], got ${String(t)}`);
  }
}

/** Dense or sparse for one layer. */
export function chooseKernel(input: KernelChoiceInput, options: PlanOptions = {}): KernelDecision {
  const s = options.sparse ?? 'auto';
  if (s === 'always') return { choice: 'sparse', reason: "sparse: 'always'" };
  if (s === 'never') return { choice: 'dense', reason: "sparse: 'never'" };
  if (typeof s === 'object') {
    const forced = s[input.layer];
    if (forced !== undefined) return { choice: forced, reason: `forced ${forced} by options.sparse` };
  }
  const total = input.rows * input.cols;
  const density = total === 0 ? 1 : input.nonZeros / total;
  const d = density.toFixed(3);
  if (options.sparseThreshold !== undefined || input.type === 'Convolution') {
    const t = options.sparseThreshold ?? DEFAULT_CONV_SPARSE_THRESHOLD;
    return density <= t
      ? { choice: 'sparse', reason: `density ${d} <= ${t}` }
      : { choice: 'dense', reason: `density ${d} > ${t}` };
  }
  // Inner product: for size. Batch-1 FC is bandwidth-bound, so fewer bytes is also the faster choice.
  const dense = total * 4;
  const sparse = csrBytes(input.rows, input.nonZeros);
  return sparse < dense
    ? { choice: 'sparse', reason: `density ${d}: CSR ${sparse} B < dense ${dense} B` }
    : { choice: 'dense', reason: `density ${d}: CSR ${sparse} B >= dense ${dense} B` };
}
