import {
  gemmBatch, outputTensor, validateBias, validateGemmWeights, type GemmParams, type Prepared,
} from '@sparsecnn/kernels-api';
import { SparseCnnError, type Shape, type Tensor } from '@sparsecnn/tensor';
import { JsPrepared, unwrapPrepared } from '../prepared.js';

interface GemmState {
  readonly o: number;
  readonly k: number;
  /** [O, K] */
  readonly weights: Float32Array;
  readonly bias: Float32Array | null;
  readonly relu: boolean;
}

export function checkGemmParams(params: GemmParams): boolean {
  if (typeof params !== 'object' || params === null || typeof params.relu !== 'boolean') {
    throw new SparseCnnError('E_ARGUMENT', 'inner product params must be { relu: boolean }');
  }
  return params.relu;
}

/** Output shape [N, O] of an inner product on an input [N, ...] with K features per item. */
export function fcOutputShape(inputShape: Shape, o: number, k: number): number[] {
  const n = inputShape[0];
  if (n === undefined) throw new SparseCnnError('E_SHAPE', 'inner product input must have a batch axis');
  let per = 1;
  for (let i = 1; i < inputShape.length; i++) per *= inputShape[i]!;
  if (per !== k) throw new SparseCnnError('E_SHAPE', `inner product input has ${per} features per item, the weights need ${k}`);
  return [n, o];
}

export function prepareGemm(weights: Tensor, bias: Float32Array | null, params: GemmParams): Prepared<'gemm'> {
  const [o, k] = validateGemmWeights(weights);
  validateBias(bias, o, 'inner product bias');
  const relu = checkGemmParams(params);
  const state: GemmState = { o, k, weights: weights.data.slice(), bias: bias ? bias.slice() : null, relu };
  return new JsPrepared('gemm', state, 4 * (o * k + o), (shape) => fcOutputShape(shape, o, k));
}

/** y[n, o] = dot(x[n, :], w[o, :]) + b[o]: both operands read contiguously. */
export function gemm(input: Tensor, prepared: Prepared<'gemm'>, out?: Tensor): Tensor {
  const s = unwrapPrepared<'gemm', GemmState>(prepared, 'gemm');
  const n = gemmBatch(input, s.k);
  const y = outputTensor([n, s.o], out, 'inner product output');
  const { o, k, weights: w, bias, relu } = s;
  const x = input.data;
  const yd = y.data;
  const finish = (acc: number, r: number): number => {
    const v = acc + (bias ? bias[r]! : 0);
    return relu && v < 0 ? 0 : v;
  };
  // Four weight rows per pass: four independent accumulation chains share each load of x.
  for (let b = 0; b < n; b++) {
    const xOff = b * k;
    let r = 0;
    for (; r + 4 <= o; r += 4) {
      const w0 = r * k;
      const w1 = w0 + k;
      const w2 = w1 + k;
      const w3 = w2 + k;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let i = 0; i < k; i++) {
        const xv = x[xOff + i]!;
        a0 += xv * w[w0 + i]!;
        a1 += xv * w[w1 + i]!;
        a2 += xv * w[w2 + i]!;
        a3 += xv * w[w3 + i]!;
      }
      yd[b * o + r] = finish(a0, r);
      yd[b * o + r + 1] = finish(a1, r + 1);
      yd[b * o + r + 2] = finish(a2, r + 2);
      yd[b * o + r + 3] = finish(a3, r + 3);
    }
    for (; r < o; r++) {
      const wOff = r * k;
      let acc = 0;
      for (let i = 0; i < k; i++) acc += x[xOff + i]! * w[wOff + i]!;
      yd[b * o + r] = finish(acc, r);
    }
  }
  return y;
}
