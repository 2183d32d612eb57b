/**
 * Backend-free planning: shapes, per-layer kernel choice, densities, bytes and MACs (for `sparsecnn inspect` and the
 * perf model). A session's `plan` has the same rows with the backend and the prepared bytes filled in.
 */
import type { NetDescription } from '@sparsecnn/tensor';
import { layoutArena } from './arena.js';
import {
  analyzeNetwork, stepKernel, stepOp, stepShapes, stepWeightBytes, type NetworkAnalysis, type ShapeInfo, type Step,
} from './graph.js';
import type { LayerPlan, PlanOptions } from './types.js';

export interface NetworkPlan {
  readonly batch: number;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>;
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>;
  readonly layers: readonly LayerPlan[];
  /** Activation memory: the arena a session would allocate, and the total if every blob had its own buffer. */
  readonly memory: { readonly arenaBytes: number; readonly unsharedBytes: number };
  readonly totals: {
    readonly weightBytesDense: number;
    readonly weightBytesPrepared: number;
    readonly macs: number;
    readonly sparseMacs: number;
  };
}

/** One plan row; `backend` / `preparedBytes` are filled in by a session. */
export function layerPlanOf(
  a: NetworkAnalysis, s: Step, backend: string | null = null, preparedBytes: number | null = null,
): LayerPlan {
  const { inputShapes, outputShapes } = stepShapes(a, s);
  const w = s.weights;
  const bytes = stepWeightBytes(s);
  const weightCount = w ? w.rows * w.cols : 0;
  // Unknown (null) for weightless layers and for weighted layers whose weights are not loaded (a bare prototxt).
  const density = w && w.hasWeights ? (weightCount === 0 ? 1 : w.nonZeros / weightCount) : null;
  return {
    name: s.layer.name,
    type: s.layer.type,
    bottoms: [...s.layer.bottoms],
    tops: [...s.layer.tops],
    inputShapes,
    outputShapes,
    kernel: stepKernel(s),
    op: stepOp(s),
    backend,
    fusedWith: s.fusedWith,
    weightCount,
    nonZeros: w ? w.nonZeros : 0,
    weightDensity: density,
    weightBytes: { dense: bytes.dense, sparse: bytes.sparse, prepared: preparedBytes ?? bytes.chosen },
    macs: s.macs,
    sparseMacs: density === null ? s.macs : Math.round(s.macs * density),
    reason: w ? w.decision.reason : null,
    predictedMs: w?.decision.predicted ? { dense: w.decision.predicted.denseMs, sparse: w.decision.predicted.sparseMs } : null,
  };
}

function summarize(a: NetworkAnalysis, layers: readonly LayerPlan[]): NetworkPlan {
  const arena = layoutArena(a.storages, a.steps.length);
  return {
    batch: a.batch,
    inputs: a.inputs.map((i) => ({ name: i.name, shape: a.values[i.value]!.shape })),
    outputs: a.outputs.map((o) => ({ name: o.name, shape: a.values[o.value]!.shape })),
    layers,
    memory: { arenaBytes: arena.elements * 4, unsharedBytes: arena.unsharedElements * 4 },
    totals: {
      weightBytesDense: layers.reduce((x, l) => x + l.weightBytes.dense, 0),
      weightBytesPrepared: layers.reduce((x, l) => x + l.weightBytes.prepared, 0),
      macs: layers.reduce((x, l) => x + l.macs, 0),
      sparseMacs: layers.reduce((x, l) => x + l.sparseMacs, 0),
    },
  };
}

/**
 * Plan a network without loading any backend: validation, shapes for `batch` (default: the description's input
 * batch), dense/sparse per weighted layer, fused ReLUs, weight bytes, MACs and the activation arena size.
 * Throws SparseCnnError naming the layer for anything a session would reject.
 */
export function planNetwork(net: NetDescription, batch?: number, options: PlanOptions = {}): NetworkPlan {
  const a = analyzeNetwork(net, batch, options);
  return summarize(a, a.steps.map((s) => layerPlanOf(a, s)));
}

/** Caffe shape inference for every layer, with no backend. */
export function inferShapes(net: NetDescription, batch?: number): ShapeInfo {
  const a = analyzeNetwork(net, batch, {});
  return {
    batch: a.batch,
    inputs: a.inputs.map((i) => ({ name: i.name, shape: a.values[i.value]!.shape })),
    outputs: a.outputs.map((o) => ({ name: o.name, shape: a.values[o.value]!.shape })),
    layers: a.steps.map((s) => ({ name: s.layer.name, type: s.layer.type, ...stepShapes(a, s) })),
  };
}

export { summarize as summarizeAnalysis };
