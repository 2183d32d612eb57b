/** Sparse inner product: CSR weights, or CSB weights as global COO, copied into linear memory at prepare time. */
import { assertFinite, gemmBatch, outputTensor, sparseDims, validateBias, type KernelTable } from '@sparsecnn/kernels-api';
import { validateCsr, type CsbMatrix } from '@sparsecnn/sparse';
import { WasmPrepared, ownPrepared } from '../prepared.js';
import { checkGemmParams, fail, gemmShape, withOp, type WasmOpContext } from './context.js';

interface SpmmState {
  readonly O: number;
  readonly K: number;
  readonly nnz: number;
  /** CSR: rowPtr address; COO (from CSB): rows address. */
  readonly csr: boolean;
  readonly rows: number;
  readonly cols: number;
  readonly vals: number;
  readonly bias: number;
  readonly relu: boolean;
}

/** Validate a CSB matrix completely; returns global row and column indices in block order. */
function csbToCoo(m: CsbMatrix): { rows: Int32Array; cols: Int32Array } {
  const op = 'prepareSpmm';
  const { rows, cols, blockRows, blockCols, gridRows, gridCols, blockPtr, rowIdx, colIdx, values } = m;
  for (const [k, v] of [['rows', rows], ['cols', cols], ['blockRows', blockRows], ['blockCols', blockCols]] as const) {
    if (!Number.isSafeInteger(v) || v < (k === 'rows' || k === 'cols' ? 0 : 1)) fail('E_SHAPE', op, `CSB ${k} is invalid: ${v}`);
  }
  if (gridRows !== Math.ceil(rows / blockRows) || gridCols !== Math.ceil(cols / blockCols)) {
    fail('E_SHAPE', op, `CSB grid ${gridRows} x ${gridCols} does not match ${rows} x ${cols} in ${blockRows} x ${blockCols} blocks`);
  }
  if (!(blockPtr instanceof Int32Array) || blockPtr.length !== gridRows * gridCols + 1) {
    fail('E_FORMAT' as 'E_RANGE', op, `CSB blockPtr must be an Int32Array of ${gridRows * gridCols + 1} entries`);
  }
  const nnz = values instanceof Float32Array ? values.length : -1;
  if (nnz < 0 || rowIdx?.length !== nnz || colIdx?.length !== nnz) fail('E_SHAPE', op, 'CSB rowIdx, colIdx and values must have one entry per non-zero');
  if (blockPtr[0] !== 0 || blockPtr[blockPtr.length - 1] !== nnz) fail('E_RANGE', op, `CSB blockPtr must run from 0 to ${nnz}`);
  const outRows = new Int32Array(nnz);
  const outCols = new Int32Array(nnz);
  for (let b = 0; b < gridRows * gridCols; b++) {
    const j0 = blockPtr[b]!;
    const j1 = blockPtr[b + 1]!;
    if (j1 < j0) fail('E_RANGE', op, `CSB blockPtr decreases at block ${b}`);
    const r0 = Math.floor(b / gridCols) * blockRows;
    const c0 = (b % gridCols) * blockCols;
    for (let j = j0; j < j1; j++) {
      const r = r0 + rowIdx[j]!;
      const c = c0 + colIdx[j]!;
      if (rowIdx[j]! >= blockRows || colIdx[j]! >= blockCols || r >= rows || c >= cols) {
        fail('E_RANGE', op, `CSB non-zero ${j} at (${r}, ${c}) lies outside its block or the ${rows} x ${cols} matrix`);
      }
      outRows[j] = r;
      outCols[j] = c;
    }
  }
  assertFinite(values, 'CSB values');
  return { rows: outRows, cols: outCols };
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
      const coo = csbToCoo(weights);
      rowsArr = coo.rows;
      colsArr = coo.cols;
    }
    const nnz = weights.values.length;
    const { heap } = c;
    const blocks: number[] = [];
    try {
      const rows = heap.alloc(rowsArr.length * 4);
      blocks.push(rows);
      const cols = heap.alloc(nnz * 4);
      blocks.push(cols);
      const vals = heap.alloc(nnz * 4);
      blocks.push(vals);
      const b = bias ? heap.alloc(O * 4) : 0;
      if (b) blocks.push(b);
      heap.i32().set(rowsArr, rows >> 2);
      heap.i32().set(colsArr, cols >> 2);
      heap.f32().set(weights.values, vals >> 2);
      if (bias) heap.f32().set(bias, b >> 2);
      const state: SpmmState = { O, K, nnz, csr, rows, cols, vals, bias: b, relu };
      const bytes = (rowsArr.length + 2 * nnz + (bias ? O : 0)) * 4;
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
      f.set(input.data, x! >> 2);
      ex.transpose(x!, xT!, N, s.K);
      f.fill(0, yT! >> 2, (yT! >> 2) + s.O * N);
      if (s.csr) ex.spmmCsr(xT!, N, s.rows, s.cols, s.vals, yT!, s.O);
      else ex.spmmCoo(xT!, N, s.rows, s.cols, s.vals, s.nnz, yT!);
      ex.spmmFinish(yT!, yp!, N, s.O, s.bias, s.relu ? 1 : 0);
      y.data.set(heap.f32().subarray(yp! >> 2, (yp! >> 2) + N * s.O));
    });
    return y;
  });
