import type { KernelTable } from '@sparsecnn/kernels-api';
import { batchNorm } from './kernels/batch-norm.js';
import { concat } from './kernels/concat.js';
import { conv2dBackward } from './kernels/conv2d-backward.js';
import { conv2d, prepareConv2d } from './kernels/conv2d.js';
import { eltwise } from './kernels/eltwise.js';
import { gemmBackward } from './kernels/gemm-backward.js';
import { gemm, prepareGemm } from './kernels/gemm.js';
import { lrnBackward } from './kernels/lrn-backward.js';
import { lrn } from './kernels/lrn.js';
import { pool2dBackward } from './kernels/pool2d-backward.js';
import { pool2d } from './kernels/pool2d.js';
import { reluBackward } from './kernels/relu-backward.js';
import { relu } from './kernels/relu.js';
import { scale } from './kernels/scale.js';
import { softmaxCrossEntropy } from './kernels/softmax-cross-entropy.js';
import { softmax } from './kernels/softmax.js';
import { sparseConv2dBackward } from './kernels/sparse-conv2d-backward.js';
import { prepareSparseConv2d, sparseConv2d } from './kernels/sparse-conv2d.js';
import { prepareSpmm, spmm } from './kernels/spmm.js';

/** Every op of the contract, unwrapped (errors carry no op/backend context; createJsBackend adds it). */
export const jsKernels: KernelTable = {
  prepareConv2d, conv2d,
  prepareSparseConv2d, sparseConv2d,
  prepareGemm, gemm,
  prepareSpmm, spmm,
  pool2d, relu, lrn, softmax, concat, eltwise, batchNorm, scale,
  conv2dBackward, sparseConv2dBackward, gemmBackward, pool2dBackward, reluBackward, lrnBackward, softmaxCrossEntropy,
};
