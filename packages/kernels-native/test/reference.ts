/** Float64 reference computations for the native tests (straight loops, no tricks). */
import type { Tensor } from '@sparsecnn/tensor';
import type { Conv2dSpec } from '@sparsecnn/kernels-api';
import { oracleConv2d, oracleGemm } from '@sparsecnn/kernels-api/oracles';

/** Direct convolution in float64 (the conformance oracle); weights dense [O, C/g, kh, kw]. */
export function refConv(input: Tensor, weights: Float32Array, bias: Float32Array | null, spec: Conv2dSpec): Float64Array {
  return oracleConv2d(input.data, input.shape[0]!, weights, bias, spec);
}

/** y[n, o] = sum_k x[n, k] w[o, k] + b[o] in float64. */
export const refGemm = oracleGemm;

/** Largest |a - e| / (atol + rtol |e|); <= 1 passes. */
export function worstError(actual: Float32Array, expected: Float64Array, atol: number, rtol: number): { ratio: number; index: number } {
  let ratio = 0;
  let index = -1;
  if (actual.length !== expected.length) return { ratio: Infinity, index: -1 };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const r = Number.isNaN(a) ? Infinity : Math.abs(a - e) / (atol + rtol * Math.abs(e));
    if (r > ratio) {
      ratio = r;
      index = i;
    }
  }
  return { ratio, index };
}
