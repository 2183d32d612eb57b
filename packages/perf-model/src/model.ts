import { SparseCnnError } from '@sparsecnn/tensor';
import { chooseChannelBlock } from '@sparsecnn/sparse';
import { layerCost, type LayerShape } from './layer.js';
import { evaluateLinear } from './linear.js';
import type { MachineProfile } from './profile.js';

/**
 * The roofline of PAPER-NOTES §2, made per-machine and per-kernel:
 *
 *   t_dense  = dense time model (fitted: MACs, lowering copies, outputs)
 *   t_sparse = max(t_compute(x), t_bandwidth(x))
 *   t_compute(x)   = fitted on our sparse kernel: per non-zero x vector work, per non-zero x tile, per tile, per input
 *                    (the paper's alpha * x * C / F, with alpha no longer a constant but a function of density and
 *                    shape: alpha(x) = t_compute(x) * F / (x * C))
 *   t_bandwidth(x) = (S_A + beta * x * S_W) / B, beta = 2 (fp32 value + int32 index), B the streaming bandwidth
 *
 * All times are seconds per image (multiplied by the batch).
 */

export const SPARSE_CONV_FEATURES = ['vectorFmas', 'nnzTiles', 'tiles', 'inputs', 'const'] as const;
export const DENSE_CONV_FEATURES = ['macs', 'lowered', 'outputs', 'const'] as const;
export const SPARSE_FC_FEATURES = ['nnzBatch', 'nnz', 'rows', 'const'] as const;
export const DENSE_FC_FEATURES = ['macsBatch', 'weights', 'const'] as const;

/** Accumulator rows per register tile assumed by the feature model (the fit absorbs the exact constant). */
const TILE_ROWS = 4;

function vectorsPerRow(outW: number, lanes: number): number {
  return Math.ceil(outW / Math.max(1, lanes));
}

export function sparseConvFeatures(layer: LayerShape, density: number, lanes: number, batch = 1): number[] {
  const c = layerCost(layer);
  const nnz = density * c.weights;
  if (layer.kind === 'fc') throw new SparseCnnError('E_ARGUMENT', 'sparseConvFeatures needs a conv layer');
  const vec = vectorsPerRow(c.outW, lanes);
  const tilesPerChannel = Math.ceil(c.outH / TILE_ROWS);
  const cg = layer.inChannels / layer.groups;
  const blocks = cg / chooseChannelBlock(Math.round(nnz), layer.outChannels, cg);
  return [
    batch * nnz * c.outH * vec,
    batch * nnz * tilesPerChannel,
    batch * layer.outChannels * tilesPerChannel * blocks,
    batch * c.inputs,
    1,
  ];
}

export function denseConvFeatures(layer: LayerShape, batch = 1): number[] {
  const c = layerCost(layer);
  if (layer.kind === 'fc') throw new SparseCnnError('E_ARGUMENT', 'denseConvFeatures needs a conv layer');
  const k = layer.kernel[0] * layer.kernel[1];
  const lowered = k === 1 && layer.stride[0] === 1 && layer.stride[1] === 1 ? 0 : (layer.inChannels * k * c.outH * c.outW);
  return [batch * c.macs, batch * lowered, batch * c.outputs, 1];
}

export function sparseFcFeatures(layer: LayerShape, density: number, batch = 1): number[] {
  const c = layerCost(layer);
  const nnz = density * c.weights;
  return [batch * nnz, nnz, c.outputRows, 1];
}

export function denseFcFeatures(layer: LayerShape, batch = 1): number[] {
  const c = layerCost(layer);
  return [batch * c.macs, c.weights, 1];
}

export interface LayerPrediction {
  readonly layer: string;
  readonly density: number;
  readonly batch: number;
  /** Dense MFLOP per batch (2 x MACs). */
  readonly denseMflop: number;
  readonly denseMs: number;
  readonly sparseMs: number;
  readonly sparseComputeMs: number;
  readonly sparseBandwidthMs: number;
  /** denseMs / sparseMs */
  readonly speedup: number;
  /** The paper's alpha at this density: t_compute * F / (x * C). */
  readonly alpha: number;
  readonly choice: 'dense' | 'sparse';
}

/** Bytes a sparse layer moves at least once: activations in and out, plus beta * x * dense weight bytes. */
export function sparseBytes(layer: LayerShape, density: number, batch: number, beta = 2): number {
  const c = layerCost(layer);
  return 4 * batch * (c.inputs + c.outputs) + beta * 4 * density * c.weights;
}

/** Predict dense and sparse time of one layer at a density (fraction of non-zeros) and batch. */
export function predictLayer(profile: MachineProfile, layer: LayerShape, density: number, batch = 1): LayerPrediction {
  if (!(density >= 0 && density <= 1)) throw new SparseCnnError('E_ARGUMENT', `density must be in [0, 1], got ${density}`);
  if (!Number.isInteger(batch) || batch < 1) throw new SparseCnnError('E_ARGUMENT', `batch must be a positive integer, got ${batch}`);
  const c = layerCost(layer);
  let dense: number;
  let compute: number;
  if (layer.kind === 'conv') {
    dense = evaluateLinear(profile.models.denseConv, denseConvFeatures(layer, batch));
    compute = evaluateLinear(profile.models.sparseConv, sparseConvFeatures(layer, density, profile.lanes, batch));
  } else {
    dense = evaluateLinear(profile.models.denseFc, denseFcFeatures(layer, batch));
    compute = evaluateLinear(profile.models.sparseFc, sparseFcFeatures(layer, density, batch));
  }
  const bandwidth = sparseBytes(layer, density, batch) / profile.bandwidth;
  const sparse = Math.max(compute, bandwidth);
  const flops = 2 * c.macs * batch;
  const alpha = density > 0 ? (compute * profile.denseFlops) / (density * flops) : Infinity;
  return {
    layer: layer.name,
    density,
    batch,
    denseMflop: flops / 1e6,
    denseMs: dense * 1e3,
    sparseMs: sparse * 1e3,
    sparseComputeMs: compute * 1e3,
    sparseBandwidthMs: bandwidth * 1e3,
    speedup: dense / sparse,
    alpha,
    choice: sparse < dense ? 'sparse' : 'dense',
  };
}

export interface SparsityRange {
  readonly layer: string;
  /**
   * Lower bound of useful sparsity, as a density: sparse wins for densities below this (the paper's 1/alpha point).
   * 0 when sparse never wins.
   */
  readonly maxUsefulDensity: number;
  /**
   * Upper bound of useful sparsity, as a density: below it the layer is bound by bandwidth or fixed per-tile costs
   * (the paper's t_compute = t_bandwidth point), so further pruning stops paying.
   */
  readonly minUsefulDensity: number;
  /** Predicted speedup at minUsefulDensity. */
  readonly speedupAtMin: number;
  /** Same as the bounds, stated as sparsity (1 - density) like the paper. */
  readonly sparsityLower: number;
  readonly sparsityUpper: number;
}

/** The useful sparsity range of a layer on a machine. */
export function usefulRange(profile: MachineProfile, layer: LayerShape, batch = 1): SparsityRange {
  const gain = (x: number) => {
    const p = predictLayer(profile, layer, x, batch);
    return p.denseMs - p.sparseMs;
  };
  // Lower bound: the largest density at which sparse is still faster (bisection on the crossing; t_sparse grows with x).
  let maxUseful = 0;
  if (gain(1) > 0) maxUseful = 1;
  else if (gain(1e-4) > 0) {
    let lo = 1e-4;
    let hi = 1;
    for (let i = 0; i < 50; i++) {
      const mid = Math.sqrt(lo * hi);
      if (gain(mid) > 0) lo = mid;
      else hi = mid;
    }
    maxUseful = lo;
  }
  // Upper bound (the paper's t_compute = t_bandwidth, generalised to kernels with fixed costs): the density where the
  // density-proportional compute equals the density-independent floor max(t_compute(0), t_bandwidth(x)).
  const c0 = predictLayer(profile, layer, 0, batch).sparseComputeMs;
  const excess = (x: number) => {
    const p = predictLayer(profile, layer, x, batch);
    return p.sparseComputeMs - c0 - Math.max(c0, p.sparseBandwidthMs);
  };
  let minUseful = 1;
  if (excess(1) > 0) {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (excess(mid) > 0) hi = mid;
      else lo = mid;
    }
    minUseful = hi;
  }
  const speedupAtMin = predictLayer(profile, layer, minUseful, batch).speedup;
  return {
    layer: layer.name,
    maxUsefulDensity: maxUseful,
    minUsefulDensity: Math.min(minUseful, maxUseful),
    speedupAtMin,
    sparsityLower: 1 - maxUseful,
    sparsityUpper: 1 - Math.min(minUseful, maxUseful),
  };
}

export interface NetworkPrediction {
  readonly layers: readonly LayerPrediction[];
  readonly denseMs: number;
  /** Each layer at its better kernel. */
  readonly bestMs: number;
  readonly speedup: number;
}

/**
 * Predicted network speedup for chosen per-layer densities (the API guided pruning uses): every layer runs dense or
 * sparse, whichever the model predicts faster; layers without a density entry are dense (density 1).
 */
export function predictNetwork(
  profile: MachineProfile,
  layers: readonly LayerShape[],
  densities: Readonly<Record<string, number>>,
  batch = 1,
): NetworkPrediction {
  const preds = layers.map((l) => predictLayer(profile, l, densities[l.name] ?? 1, batch));
  const denseMs = preds.reduce((s, p) => s + p.denseMs, 0);
  const bestMs = preds.reduce((s, p) => s + Math.min(p.denseMs, p.sparseMs), 0);
  return { layers: preds, denseMs, bestMs, speedup: denseMs / bestMs };
}
