/**
 * Sparse inner product: CSR weights, or CSB weights as global (row, col) pairs in block order (csbToCoordinates of
 * @sparsecnn/sparse, which validates them), copied into linear memory at prepare time.
 */
import { gemmBatch, outputTensor, sparseDims, validateBias, type KernelTable } from '@sparsecnn/kernels-api';
import { csbToCoordinates, validateCsr } from '@sparsecnn/sparse';
import { WasmPrepared, ownPrepared } from '../prepared.js';
import { splitByPrefix, type ThreadJob } from '../threads.js';
import { checkGemmParams, gemmShape, withOp, type WasmOpContext } from './context.js';

/** Below this many multiply-adds an inner product runs on one thread. */
const MIN_THREADED_MACS = 1 << 17;

interface SpmmState {
  readonly O: number;
  readonly K: number;
  readonly nnz: number;
  /** CSR: rowPtr address; COO (from CSB): rows address. */
  readonly csr: boolean;
  /** CSR with 16-bit column indices (K <= 65536). */
  readonly narrow: boolean;
  /** CSR row pointers (thread splits by non-zeros). */
  readonly rowPtr: Int32Array | null;
  /** Row bounds by thread count. */
  readonly splits: Map<number, number[]>;
  readonly rows: number;
  readonly cols: number;
  readonly vals: number;
  readonly bias: number;
  readonly relu: boolean;
}

export const prepareSpmm = (c: WasmOpContext): KernelTable['prepareSpmm'] => (weights, bias, params) =>
  withOp('prepareSpmm', () => {
    c.alive('prepareSpmm');
    const relu = checkGemmParams(params, 'prepareSpmm');
    const [O, K] = sparseDims(weights);
    validateBias(bias, O, 'inner product bias');
    let rowsArr: Int32Array;
    let colsArr: Int32Array;
    const csr = weights.format === 'csr';
    if (weights.format === 'csr') {
      validateCsr(weights, 'sparse inner product weights');
      rowsArr = weights.rowPtr;
      colsArr = weights.colIdx;
    } else {
      const coo = csbToCoordinates(weights, 'sparse inner product weights');
      rowsArr = coo.rows;
      colsArr = coo.cols;
    }
    const nnz = weights.values.length;
    const narrow = csr && K <= 65536;
    const { heap } = c;
    const blocks: number[] = [];
    try {
      const rows = heap.alloc(rowsArr.length * 4);
      blocks.push(rows);
      const cols = heap.alloc(nnz * (narrow ? 2 : 4));
      blocks.push(cols);
      const vals = heap.alloc(nnz * 4);
      blocks.push(vals);
      const b = bias ? heap.alloc(O * 4) : 0;
      if (b) blocks.push(b);
      heap.i32().set(rowsArr, rows >> 2);
      if (narrow) new Uint16Array(heap.memory.buffer, cols, nnz).set(colsArr);
      else heap.i32().set(colsArr, cols >> 2);
      heap.f32().set(weights.values, vals >> 2);
      if (bias) heap.f32().set(bias, b >> 2);
      const state: SpmmState = { O, K, nnz, csr, narrow, rowPtr: narrow ? rowsArr.slice() : null, splits: new Map(), rows, cols, vals, bias: b, relu };
      const bytes = (rowsArr.length + nnz + (bias ? O : 0)) * 4 + nnz * (narrow ? 2 : 4);
      return c.track(new WasmPrepared('spmm', c.owner, heap, blocks, bytes, state, (s) => gemmShape(s, K, O)));
    } catch (e) {
      for (const p of blocks) heap.free(p);
      throw e;
    }
  });

export const spmm = (c: WasmOpContext): KernelTable['spmm'] => (input, prepared, out) =>
  withOp('spmm', () => {
    c.alive('spmm');
    const p = ownPrepared<'spmm', SpmmState>(prepared, 'spmm', c.owner, 'spmm');
    const s = p.state;
    const N = gemmBatch(input, s.K);
    const y = outputTensor([N, s.O], out, 'inner product output');
    if (N === 0) return y;
    const { ex, heap } = c;
    c.withTemp([N * s.K, s.K * N, s.O * N, N * s.O], ([x, xT, yT, yp]) => {
      const f = heap.f32();
      // One image: x is its own transpose.
      if (N === 1) f.set(input.data, xT! >> 2);
      else {
        f.set(input.data, x! >> 2);
        ex.transpose(x!, xT!, N, s.K);
      }
      f.fill(0, yT! >> 2, (yT! >> 2) + s.O * N);
      const pool = c.pool;
      if (s.narrow && pool && pool.size > 1 && s.rowPtr && s.nnz * N >= MIN_THREADED_MACS) {
        let bounds = s.splits.get(pool.size);
        if (!bounds) {
          bounds = splitByPrefix(s.rowPtr, 0, s.O, Math.min(pool.size, s.O));
          s.splits.set(pool.size, bounds);
        }
        const jobs: ThreadJob[] = [];
        for (let t = 0; t + 1 < bounds.length; t++) {
          if (bounds[t + 1]! > bounds[t]!) jobs.push({ fn: 'spmmCsr16', args: [xT!, N, s.rows, s.cols, s.vals, yT!, bounds[t]!, bounds[t + 1]!] });
        }
        pool.run(jobs);
      } else if (s.narrow) ex.spmmCsr16(xT!, N, s.rows, s.cols, s.vals, yT!, 0, s.O);
      else if (s.csr) ex.spmmCsr(xT!, N, s.rows, s.cols, s.vals, yT!, s.O);
      else ex.spmmCoo(xT!, N, s.rows, s.cols, s.vals, s.nnz, yT!);
      ex.spmmFinish(yT!, yp!, N, s.O, s.bias, s.relu ? 1 : 0);
      y.data.set(heap.f32().subarray(yp! >> 2, (yp! >> 2) + N * s.O));
    });
    return y;
  });
