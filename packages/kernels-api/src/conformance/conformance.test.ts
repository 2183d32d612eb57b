/**
 * The suite against a deliberately partial backend: implemented ops run, missing ops are skipped at run time, and
 * listed ops are skipped with their reason. (Full backends run it from their own packages.)
 */
import { assertFloat, outputTensor } from '../validate.js';
import type { KernelBackend } from '../backend.js';
import type { KernelTable, ReluParams } from '../ops.js';
import { describeConformance } from './describe.js';
import type { Tensor } from '@sparsecnn/tensor';

const relu = (input: Tensor, params: ReluParams, out?: Tensor): Tensor => {
  assertFloat(input, 'relu input');
  const y = outputTensor(input.shape, out);
  for (let i = 0; i < input.data.length; i++) {
    const v = input.data[i]!;
    y.data[i] = v > 0 ? v : v * params.negativeSlope;
  }
  return y;
};

const reluBackward = (input: Tensor, gradOutput: Tensor, params: ReluParams): Tensor => {
  assertFloat(input, 'relu input');
  outputTensor(input.shape, gradOutput);
  const g = outputTensor(input.shape, undefined);
  for (let i = 0; i < input.data.length; i++) g.data[i] = input.data[i]! > 0 ? gradOutput.data[i]! : gradOutput.data[i]! * params.negativeSlope;
  return g;
};

const kernels: Partial<KernelTable> = { relu, reluBackward };

describeConformance({
  name: 'partial (relu only)',
  create: async (): Promise<KernelBackend> => ({
    name: 'partial', kernels, info: () => ({ name: 'partial', isa: 'js', threads: 1, version: '0' }), dispose: () => {},
  }),
  skip: { reluBackward: 'listed as a known gap to exercise the skip list' },
});
