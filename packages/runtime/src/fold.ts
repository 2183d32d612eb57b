/**
 * Inference-time folding of BatchNorm and Scale layers into the Convolution or InnerProduct that feeds them, as
 * onnxruntime and TensorRT do: y = ((W x + b) - mean) / sqrt(var + eps) * gamma + beta is one layer with
 * W' = W * a[o] and b' = (b - mean) * a[o] + beta, a[o] = gamma[o] / sqrt(var[o] + eps). A ResNet-50 has 53 such
 * pairs, each a full extra pass over its activations. Zero weights stay zero, so a pruned layer keeps its sparsity.
 *
 * A layer is folded only where that cannot change a result: the BatchNorm / Scale reads the weighted layer's top,
 * nothing else reads that top before it (and, when it is not computed in place, nothing at all), the Scale is per
 * channel with learned factors (one bottom, axis 1, one axis), and every folded factor is finite.
 */
import type { LayerDescription, NetDescription, Tensor } from '@sparsecnn/tensor';

export interface FoldReport {
  /** The weighted layer that absorbed the others. */
  readonly into: string;
  /** BatchNorm / Scale layers removed, in order. */
  readonly folded: readonly string[];
}

type Weighted = Extract<LayerDescription, { type: 'Convolution' | 'InnerProduct' }>;

function f32(t: Tensor | undefined): Float32Array | null {
  return t && t.data instanceof Float32Array ? t.data : null;
}

/** Per-output-channel affine (a, c) of a BatchNorm or Scale layer over `channels`, or null when it cannot fold. */
function affineOf(layer: LayerDescription, channels: number): { a: Float64Array; c: Float64Array } | null {
  const a = new Float64Array(channels);
  const c = new Float64Array(channels);
  if (layer.type === 'BatchNorm') {
    const mean = f32(layer.blobs[0]);
    const variance = f32(layer.blobs[1]);
    if (!mean || !variance || mean.length !== channels || variance.length !== channels) return null;
    const factor = layer.blobs[2]?.data[0] ?? 1;
    const inv = factor === 0 ? 0 : 1 / factor;
    for (let o = 0; o < channels; o++) {
      a[o] = 1 / Math.sqrt(variance[o]! * inv + layer.params.eps);
      c[o] = -mean[o]! * inv * a[o]!;
    }
  } else if (layer.type === 'Scale') {
    const p = layer.params;
    if (layer.bottoms.length !== 1 || p.axis !== 1 || p.numAxes !== 1) return null;
    const s = f32(layer.blobs[0]);
    const b = p.biasTerm ? f32(layer.blobs[1]) : null;
    if (!s || (s.length !== channels && s.length !== 1)) return null;
    if (p.biasTerm && (!b || (b.length !== channels && b.length !== 1))) return null;
    for (let o = 0; o < channels; o++) {
      a[o] = s.length === 1 ? s[0]! : s[o]!;
      c[o] = b ? (b.length === 1 ? b[0]! : b[o]!) : 0;
    }
  } else {
    return null;
  }
  for (let o = 0; o < channels; o++) if (!Number.isFinite(a[o]!) || !Number.isFinite(c[o]!)) return null;
  return { a, c };
}

function allFinite(x: Float32Array): boolean {
  for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k]!)) return false;
  return true;
}

function outputsOf(layer: Weighted): number {
  return layer.params.numOutput;
}

/**
 * The net with every foldable BatchNorm / Scale chain merged into its Convolution / InnerProduct (new weight tensors;
 * the caller's net and tensors are not modified), and what was folded.
 */
export function foldBatchNorm(net: NetDescription): { net: NetDescription; folds: FoldReport[] } {
  const layers = [...net.layers];
  const removed = new Set<number>();
  const folds: FoldReport[] = [];
  const readsAfter = (blob: string, from: number, until: number): boolean => {
    for (let k = from; k < until; k++) if (!removed.has(k) && layers[k]!.bottoms.includes(blob)) return true;
    return false;
  };
  for (let i = 0; i < layers.length; i++) {
    const base = layers[i]!;
    if (base.type !== 'Convolution' && base.type !== 'InnerProduct') continue;
    if (base.tops.length !== 1 || base.blobs.length < 1) continue;
    if (base.type === 'InnerProduct' && base.params.transpose) continue;
    let layer = base;
    const channels = outputsOf(layer);
    const w = f32(layer.blobs[0]);
    if (!w || w.length % channels !== 0) continue;
    const names: string[] = [];
    let top = layer.tops[0]!;
    let weights: Float32Array | null = null;
    let bias: Float64Array | null = null;
    for (let j = i + 1; j < layers.length; j++) {
      const next = layers[j]!;
      if (next.type !== 'BatchNorm' && next.type !== 'Scale') break;
      if (next.bottoms[0] !== top || next.tops.length !== 1) break;
      // Nobody may read `top` between the weighted layer and this one; if this one writes a new blob, nobody may
      // read `top` later either (it would see the unfolded value).
      if (readsAfter(top, i + 1, j)) break;
      const inPlace = next.tops[0] === top;
      if (!inPlace && readsAfter(top, j + 1, layers.length)) break;
      const aff = affineOf(next, channels);
      if (!aff) break;
      if (!weights) {
        weights = Float32Array.from(w);
        const b = layer.params.biasTerm ? f32(layer.blobs[1]) : null;
        bias = new Float64Array(channels);
        if (b) for (let o = 0; o < channels; o++) bias[o] = b.length === 1 ? b[0]! : b[o]!;
      }
      const per = weights.length / channels;
      for (let o = 0; o < channels; o++) {
        const s = aff.a[o]!;
        for (let k = o * per; k < (o + 1) * per; k++) weights[k] = weights[k]! * s;
        bias![o] = bias![o]! * s + aff.c[o]!;
      }
      names.push(next.name);
      removed.add(j);
      top = next.tops[0]!;
    }
    if (!weights || !bias || names.length === 0) continue;
    const wt = layer.blobs[0]!;
    const b32 = Float32Array.from(bias);
    if (!allFinite(weights) || !allFinite(b32)) {
      for (let j = i + 1; j <= i + names.length; j++) removed.delete(j);
      continue;
    }
    layer = {
      ...layer,
      tops: [top],
      params: { ...layer.params, biasTerm: true },
      blobs: [{ ...wt, data: weights }, { dtype: 'float32', shape: [channels], data: b32 }],
    } as Weighted;
    layers[i] = layer;
    folds.push({ into: layer.name, folded: names });
  }
  if (folds.length === 0) return { net, folds };
  return { net: { ...net, layers: layers.filter((_, k) => !removed.has(k)) }, folds };
}
