/**
 * The one place that decides whether a weighted layer runs dense or sparse: by the perf-model's per-machine
 * roofline prediction when a machine profile is given (`options.perfProfile`), else by a density threshold.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import { parseProfile, predictLayer, type LayerShape } from '@sparsecnn/perf-model';
import type { KernelChoice, PlanOptions } from './types.js';

/** Default density at or below which a convolution runs sparse (direct sparse convolution pays off below ~1/3). */
export const DEFAULT_CONV_SPARSE_THRESHOLD = 0.35;
/**
 * The same on the wasm backend, whose dense convolution has 4 lanes and no FMA: sparse pays off up to ~0.65 density
 * there (1 thread, CaffeNet conv1/conv2/conv3 shapes at 0.5: sparse 1.2-1.6x faster than dense; conv1 at 0.40:
 * 3.6 vs 6.4 ms).
 */
export const WASM_CONV_SPARSE_THRESHOLD = 0.5;

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
  /** The layer's geometry for the performance model. */
  readonly shape?: LayerShape;
  /** Batch size the prediction is made for (default 1). */
  readonly batch?: number;
  /** The backend that will run the layer (PlanOptions.targetBackend), when known: picks the convolution threshold. */
  readonly backend?: string;
}

export interface KernelDecision {
  readonly choice: KernelChoice;
  readonly reason: string;
  /** The perf-model's predicted times for this batch (when a machine profile was given). */
  readonly predicted?: { readonly denseMs: number; readonly sparseMs: number };
}

/** CSR bytes of a rows x cols matrix with nnz non-zeros (float32 values, int32 indices and row pointers). */
export function csrBytes(rows: number, nnz: number): number {
  return nnz * 8 + (rows + 1) * 4;
}

/** Check the plan options once (unknown layer names in an override record are reported by the planner). */
export function validatePlanOptions(options: PlanOptions): void {
  if (options.targetBackend !== undefined && typeof options.targetBackend !== 'string') {
    throw new SparseCnnError('E_ARGUMENT', `options.targetBackend must be a backend name, got ${String(options.targetBackend)}`);
  }
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
  if (options.perfProfile !== undefined) parseProfile(options.perfProfile, 'options.perfProfile');
  if (options.fuse !== undefined && typeof options.fuse !== 'boolean') {
    throw new SparseCnnError('E_ARGUMENT', `options.fuse must be a boolean, got ${String(options.fuse)}`);
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
  const profile = options.perfProfile;
  if (profile && input.shape && options.sparseThreshold === undefined) {
    const p = predictLayer(profile, input.shape, density, input.batch ?? 1);
    const predicted = { denseMs: p.denseMs, sparseMs: p.sparseMs };
    const how = `density ${d}: predicted sparse ${p.sparseMs.toFixed(3)} ms vs dense ${p.denseMs.toFixed(3)} ms (${profile.backend}/${profile.isa})`;
    return { choice: p.choice, reason: how, predicted };
  }
  if (options.sparseThreshold !== undefined || input.type === 'Convolution') {
    const t = options.sparseThreshold ?? (input.backend === 'wasm' ? WASM_CONV_SPARSE_THRESHOLD : DEFAULT_CONV_SPARSE_THRESHOLD);
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
