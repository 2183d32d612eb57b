/** Dense inner product: weights (and bias) copied into linear memory at prepare time. */
import { gemmBatch, outputTensor, validateBias, validateGemmWeights, type KernelTable } from '@sparsecnn/kernels-api';
import { WasmPrepared, ownPrepared } from '../prepared.js';
import { checkGemmParams, gemmShape, withOp, type WasmOpContext } from './context.js';

interface GemmState {
  readonly O: number;
  readonly K: number;
  readonly w: number;
  readonly bias: number;
  readonly relu: boolean;
}

export const prepareGemm = (c: WasmOpContext): KernelTable['prepareGemm'] => (weights, bias, params) =>
  withOp('prepareGemm', () => {
    c.alive('prepareGemm');
    const relu = checkGemmParams(params, 'prepareGemm');
    const [O, K] = validateGemmWeights(weights);
    validateBias(bias, O, 'inner product bias');
    const { heap } = c;
    const blocks: number[] = [];
    const w = heap.alloc(O * K * 4);
    blocks.push(w);
    const b = bias ? heap.alloc(O * 4) : 0;
    if (b) blocks.push(b);
    heap.f32().set(weights.data, w >> 2);
    if (bias) heap.f32().set(bias, b >> 2);
    const state: GemmState = { O, K, w, bias: b, relu };
    return c.track(new WasmPrepared('gemm', c.owner, heap, blocks, (O * K + (bias ? O : 0)) * 4, state, (s) => gemmShape(s, K, O)));
  });

export const gemm = (c: WasmOpContext): KernelTable['gemm'] => (input, prepared, out) =>
  withOp('gemm', () => {
    c.alive('gemm');
    const p = ownPrepared<'gemm', GemmState>(prepared, 'gemm', c.owner, 'gemm');
    const { O, K } = p.state;
    const N = gemmBatch(input, K);
    const y = outputTensor([N, O], out, 'inner product output');
    if (N === 0) return y;
    c.withTemp([N * K, N * O], ([x, yp]) => {
      c.heap.f32().set(input.data, x! >> 2);
      c.ex.gemm(x!, p.state.w, p.state.bias, yp!, N, O, K, p.state.relu ? 1 : 0);
      y.data.set(c.heap.f32().subarray(yp! >> 2, (yp! >> 2) + N * O));
    });
    return y;
  });
