import { assertFloat, outputTensor, type ReluParams } from '@sparsecnn/kernels-api';
import type { Tensor } from '@sparsecnn/tensor';
import { reluSlope } from './relu.js';

/** Caffe: dx = dy * (x > 0 ? 1 : negativeSlope). */
export function reluBackward(input: Tensor, gradOutput: Tensor, params: ReluParams): Tensor {
  assertFloat(input, 'relu input');
  const slope = reluSlope(params);
  outputTensor(input.shape, gradOutput, 'relu output gradient');
  const gx = outputTensor(input.shape, undefined);
  const x = input.data;
  const g = gradOutput.data;
  for (let i = 0; i < x.length; i++) gx.data[i] = x[i]! > 0 ? g[i]! : g[i]! * slope;
  return gx;
}
