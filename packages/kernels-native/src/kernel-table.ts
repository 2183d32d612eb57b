/** The native kernel table: one factory per op (src/ops/<op>.ts), bound to one backend's context. */
import type { AsyncKernelTable, KernelTable } from '@sparsecnn/kernels-api';
import { nativeBackwardKernels } from './backward.js';
import { guard } from './errors.js';
import { batchNorm } from './ops/batch-norm.js';
import { concat } from './ops/concat.js';
import type { NativeOpContext } from './ops/context.js';
import { prepareConv2d } from './ops/conv2d.js';
import { eltwise } from './ops/eltwise.js';
import { prepareGemm } from './ops/gemm.js';
import { lrn } from './ops/lrn.js';
import { pool2d } from './ops/pool2d.js';
import { relu } from './ops/relu.js';
import { asyncRunner, runner } from './ops/run.js';
import { scale } from './ops/scale.js';
import { softmax } from './ops/softmax.js';
import { prepareSparseConv2d } from './ops/sparse-conv2d.js';
import { prepareSpmm } from './ops/spmm.js';

/** Every forward op (sync), plus the backward ops when the addon has them. */
export function nativeKernels(c: NativeOpContext): Partial<KernelTable> {
  return {
    prepareConv2d: prepareConv2d(c), conv2d: runner(c, 'conv2d', 'conv2d'),
    prepareSparseConv2d: prepareSparseConv2d(c), sparseConv2d: runner(c, 'sparseConv2d', 'sparseConv2d'),
    prepareGemm: prepareGemm(c), gemm: runner(c, 'gemm', 'gemm'),
    prepareSpmm: prepareSpmm(c), spmm: runner(c, 'spmm', 'spmm'),
    pool2d: pool2d(c), relu: relu(c), lrn: lrn(c), softmax: softmax(c), concat: concat(c), eltwise: eltwise(c),
    batchNorm: batchNorm(c), scale: scale(c),
    ...nativeBackwardKernels(c.live('create'), (op) => c.live(op), guard),
  };
}

/** The ops with an async form (the heavy ones run on the addon's thread pool off the JS thread). */
export function nativeAsyncKernels(c: NativeOpContext): Partial<AsyncKernelTable> {
  return {
    conv2d: asyncRunner(c, 'conv2d', 'conv2d'),
    sparseConv2d: asyncRunner(c, 'sparseConv2d', 'sparseConv2d'),
    gemm: asyncRunner(c, 'gemm', 'gemm'),
    spmm: asyncRunner(c, 'spmm', 'spmm'),
  };
}
