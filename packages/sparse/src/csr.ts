import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import type { CsrMatrix } from './types.js';

/**
 * Dense row-major [rows, cols] (any trailing shape flattened into cols) to CSR, keeping exact non-zeros. -0 counts as
 * zero and is not stored (pruning by masking, `w * 0`, leaves -0 for negative weights), so a dense -0 comes back as
 * +0; every other value, NaN included, round-trips bit for bit (NaN/Inf are then rejected by `validateCsr`).
 */
export function denseToCsr(dense: Float32Array, rows: number, cols: number): CsrMatrix {
  if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 0 || cols < 0 || rows * cols !== dense.length) {
    throw new SparseCnnError('E_SHAPE', `dense data of ${dense.length} elements is not ${rows} x ${cols}`);
  }
  let nnz = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nnz++;
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = dense[base + c]!;
      if (v !== 0) {
        colIdx[k] = c;
        values[k] = v;
        k++;
      }
    }
    rowPtr[r + 1] = k;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx, values };
}

/** A weight tensor [out, ...] (conv [O, C/g, kh, kw] or FC [O, K]) to CSR with O rows. */
export function tensorToCsr(weights: Tensor): CsrMatrix {
  const rows = weights.shape[0] ?? 0;
  const cols = rows === 0 ? 0 : weights.data.length / rows;
  return denseToCsr(weights.data, rows, cols);
}

/** CSR to dense row-major Float32Array of rows * cols. */
export function csrToDense(m: CsrMatrix): Float32Array {
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let j = m.rowPtr[r]!; j < m.rowPtr[r + 1]!; j++) out[r * m.cols + m.colIdx[j]!] = m.values[j]!;
  }
  return out;
}

export function csrNnz(m: CsrMatrix): number {
  return m.rowPtr[m.rows] ?? 0;
}

/**
 * Check every CSR invariant; throw E_RANGE / E_FORMAT / E_SHAPE naming the first violation. Cost O(rows + nnz).
 * `what` names the matrix in the message (e.g. a layer).
 */
export function validateCsr(m: CsrMatrix, what = 'CSR matrix'): void {
  const fail = (code: 'E_RANGE' | 'E_FORMAT' | 'E_SHAPE', msg: string): never => {
    throw new SparseCnnError(code, `${what}: ${msg}`);
  };
  if (!Number.isSafeInteger(m.rows) || !Number.isSafeInteger(m.cols) || m.rows < 0 || m.cols < 0) {
    fail('E_SHAPE', `invalid dimensions ${m.rows} x ${m.cols}`);
  }
  if (m.rows > 0x7fffffff || m.cols > 0x7fffffff) fail('E_SHAPE', `dimensions ${m.rows} x ${m.cols} exceed int32`);
  if (!(m.rowPtr instanceof Int32Array) || !(m.colIdx instanceof Int32Array) || !(m.values instanceof Float32Array)) {
    fail('E_FORMAT', 'rowPtr and colIdx must be Int32Array and values Float32Array');
  }
  if (m.rowPtr.length !== m.rows + 1) fail('E_FORMAT', `rowPtr has ${m.rowPtr.length} entries, expected ${m.rows + 1}`);
  if (m.rowPtr[0] !== 0) fail('E_FORMAT', `rowPtr[0] is ${m.rowPtr[0]}, expected 0`);
  const nnz = m.rowPtr[m.rows]!;
  if (m.colIdx.length !== nnz || m.values.length !== nnz) {
    fail('E_FORMAT', `rowPtr ends at ${nnz} but colIdx has ${m.colIdx.length} and values ${m.values.length} entries`);
  }
  for (let r = 0; r < m.rows; r++) {
    const a = m.rowPtr[r]!;
    const b = m.rowPtr[r + 1]!;
    if (b < a) fail('E_FORMAT', `rowPtr decreases at row ${r} (${a} -> ${b})`);
    let prev = -1;
    for (let j = a; j < b; j++) {
      const c = m.colIdx[j]!;
      if (c < 0 || c >= m.cols) fail('E_RANGE', `column index ${c} at entry ${j} (row ${r}) is outside [0, ${m.cols})`);
      if (c <= prev) fail('E_FORMAT', `column indices of row ${r} are not strictly increasing at entry ${j}`);
      prev = c;
      const v = m.values[j]!;
      if (!Number.isFinite(v)) fail('E_RANGE', `value at entry ${j} (row ${r}, column ${c}) is ${v}`);
    }
  }
}
