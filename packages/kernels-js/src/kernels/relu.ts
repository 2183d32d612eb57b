import { assertFloat, outputTensor, type ReluParams } from '@sparsecnn/kernels-api';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';

export function reluSlope(params: ReluParams): number {
  const s = params?.negativeSlope;
  if (typeof s !== 'number' || !Number.isFinite(s)) {
    throw new SparseCnnError('E_ARGUMENT', `relu negativeSlope must be a finite number, got ${String(s)}`);
  }
  return s;
}

/** y = x > 0 ? x : negativeSlope * x (Caffe ReLU; in place when out === input). */
export function relu(input: Tensor, params: ReluParams, out?: Tensor): Tensor {
  assertFloat(input, 'relu input');
  const slope = reluSlope(params);
  const y = outputTensor(input.shape, out, 'relu output');
  const x = input.data;
  const yd = y.data;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    yd[i] = v > 0 ? v : slope === 0 ? (v < 0 ? 0 : v) : v * slope;
  }
  return y;
}
