/** The wasm kernel table: one factory per op (src/ops/<op>.ts), bound to one backend's context. */
import type { KernelTable } from '@sparsecnn/kernels-api';
import { batchNorm } from './ops/batch-norm.js';
import { concat } from './ops/concat.js';
import type { WasmOpContext } from './ops/context.js';
import { conv2d, prepareConv2d } from './ops/conv2d.js';
import { eltwise } from './ops/eltwise.js';
import { gemm, prepareGemm } from './ops/gemm.js';
import { lrn } from './ops/lrn.js';
import { pool2d } from './ops/pool2d.js';
import { relu } from './ops/relu.js';
import { scale } from './ops/scale.js';
import { softmax } from './ops/softmax.js';
import { prepareSparseConv2d, sparseConv2d } from './ops/sparse-conv2d.js';
import { prepareSpmm, spmm } from './ops/spmm.js';

/** Every forward op of the contract (the wasm backend has no backward ops). */
export function wasmKernels(c: WasmOpContext): Partial<KernelTable> {
  return {
    prepareConv2d: prepareConv2d(c), conv2d: conv2d(c),
    prepareSparseConv2d: prepareSparseConv2d(c), sparseConv2d: sparseConv2d(c),
    prepareGemm: prepareGemm(c), gemm: gemm(c),
    prepareSpmm: prepareSpmm(c), spmm: spmm(c),
    pool2d: pool2d(c), relu: relu(c), lrn: lrn(c), softmax: softmax(c), concat: concat(c), eltwise: eltwise(c),
    batchNorm: batchNorm(c), scale: scale(c),
  };
}
