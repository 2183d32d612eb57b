/**
 * Float64 references the benchmark checks every output against: the conformance suite's oracles (no vitest import).
 */
import { oracleConv2d, oracleConvOutputShape, oracleGemm } from '@sparsecnn/kernels-api/oracles';

export interface RefConvSpec {
  readonly inChannels: number;
  readonly inH: number;
  readonly inW: number;
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly pad: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
  readonly relu: boolean;
}

/** Grouped NCHW convolution in float64 (the conformance oracle of @sparsecnn/kernels-api). */
export function referenceConv2d(
  input: Float32Array,
  batch: number,
  weights: Float32Array,
  bias: Float32Array | null,
  spec: RefConvSpec,
): { data: Float64Array; shape: [number, number, number, number] } {
  return { data: oracleConv2d(input, batch, weights, bias, spec), shape: oracleConvOutputShape(batch, spec) };
}

/** y[n, o] = b[o] + sum_k x[n, k] w[o, k] in float64. */
export function referenceGemm(
  input: Float32Array,
  batch: number,
  weights: Float32Array,
  outFeatures: number,
  inFeatures: number,
  bias: Float32Array | null,
  relu = false,
): Float64Array {
  return oracleGemm(input, batch, weights, outFeatures, inFeatures, bias, relu);
}

/** Largest |a - b| and the largest |b| (to judge it), over equal-length arrays; NaN anywhere gives Infinity. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbs: number; maxRef: number } {
  if (a.length !== b.length) return { maxAbs: Infinity, maxRef: 0 };
  let maxAbs = 0;
  let maxRef = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
    const r = Math.abs(b[i]!);
    if (r > maxRef) maxRef = r;
  }
  return { maxAbs, maxRef };
}
