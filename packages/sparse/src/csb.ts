import { SparseCnnError } from '@sparsecnn/tensor';
import { denseToCsr, validateCsr } from './csr.js';
import type { CsbMatrix, CsrMatrix } from './types.js';

/** Block shape of a CSB matrix. */
export interface CsbBlocking {
  readonly blockRows: number;
  readonly blockCols: number;
}

/** Largest block dimension whose local indices (0 .. dim - 1) fit in a Uint16Array. */
export const CSB_MAX_16BIT_BLOCK = 65536;

const INT32_MAX = 0x7fffffff;

/** True when a CSB with these block dimensions stores its local indices as Uint16Array. */
export function csbUses16BitIndices(blockRows: number, blockCols: number): boolean {
  return blockRows <= CSB_MAX_16BIT_BLOCK && blockCols <= CSB_MAX_16BIT_BLOCK;
}

/** Validate the block shape against the matrix and return the grid size; throws E_ARGUMENT / E_OVERFLOW. */
export function csbGrid(rows: number, cols: number, blocking: CsbBlocking): { gridRows: number; gridCols: number } {
  const { blockRows, blockCols } = blocking ?? ({} as CsbBlocking);
  for (const [name, v] of [['blockRows', blockRows], ['blockCols', blockCols]] as const) {
    if (!Number.isSafeInteger(v) || v < 1 || v > INT32_MAX) {
      throw new SparseCnnError('E_ARGUMENT', `${name} must be an integer in [1, 2^31 - 1], got ${String(v)}`);
    }
  }
  const gridRows = Math.ceil(rows / blockRows);
  const gridCols = Math.ceil(cols / blockCols);
  if (gridRows * gridCols + 1 > INT32_MAX) {
    throw new SparseCnnError(
      'E_OVERFLOW',
      `a ${rows} x ${cols} matrix in ${blockRows} x ${blockCols} blocks needs ${gridRows * gridCols} blocks (more than 2^31 - 1)`,
    );
  }
  return { gridRows, gridCols };
}

function allocIndex(sixteen: boolean, n: number): Uint16Array | Int32Array {
  return sixteen ? new Uint16Array(n) : new Int32Array(n);
}

/**
 * CSR to CSB. Blocks are numbered row-major over the grid; within a block the non-zeros are row-major (local row,
 * then local column), which is the order a CSR row sweep produces. O(nnz + rows + blocks). Explicit zeros stored in
 * the CSR are kept.
 */
export function csrToCsb(m: CsrMatrix, blocking: CsbBlocking): CsbMatrix {
  const { gridRows, gridCols } = csbGrid(m.rows, m.cols, blocking);
  validateCsr(m, 'CSR matrix');
  const { blockRows, blockCols } = blocking;
  const nnz = m.values.length;
  const blockPtr = new Int32Array(gridRows * gridCols + 1);
  for (let r = 0; r < m.rows; r++) {
    const rowBase = Math.floor(r / blockRows) * gridCols;
    for (let j = m.rowPtr[r]!; j < m.rowPtr[r + 1]!; j++) blockPtr[rowBase + Math.floor(m.colIdx[j]! / blockCols) + 1]!++;
  }
  for (let b = 0; b < gridRows * gridCols; b++) blockPtr[b + 1]! += blockPtr[b]!;
  const sixteen = csbUses16BitIndices(blockRows, blockCols);
  const rowIdx = allocIndex(sixteen, nnz);
  const colIdx = allocIndex(sixteen, nnz);
  const values = new Float32Array(nnz);
  const cursor = blockPtr.slice(0, gridRows * gridCols);
  for (let r = 0; r < m.rows; r++) {
    const bi = Math.floor(r / blockRows);
    const lr = r - bi * blockRows;
    const rowBase = bi * gridCols;
    for (let j = m.rowPtr[r]!; j < m.rowPtr[r + 1]!; j++) {
      const c = m.colIdx[j]!;
      const bj = Math.floor(c / blockCols);
      const k = cursor[rowBase + bj]!++;
      rowIdx[k] = lr;
      colIdx[k] = c - bj * blockCols;
      values[k] = m.values[j]!;
    }
  }
  return { format: 'csb', rows: m.rows, cols: m.cols, blockRows, blockCols, gridRows, gridCols, blockPtr, rowIdx, colIdx, values };
}

/** Global coordinates of a CSB matrix's non-zeros; entry j is (rows[j], cols[j]) with value `values[j]` of the CSB. */
export interface CsbCoordinates {
  readonly rows: Int32Array;
  readonly cols: Int32Array;
}

/**
 * The kernels' CSB conversion: validate the CSB completely (`validateCsb`, so kernels can index without checks) and
 * give every non-zero its global row and column, keeping the CSB order (blocks row-major over the grid, entries
 * row-major within a block) so that a kernel sweeping j = 0 .. nnz - 1 visits one block at a time. `values` are
 * not copied: entry j pairs with `m.values[j]`. Backends whose kernel takes CSR use `csbToCsr`. O(nnz + blocks).
 */
export function csbToCoordinates(m: CsbMatrix, what = 'CSB matrix'): CsbCoordinates {
  validateCsb(m, what);
  const nnz = m.values.length;
  const rows = new Int32Array(nnz);
  const cols = new Int32Array(nnz);
  for (let b = 0; b < m.gridRows * m.gridCols; b++) {
    const r0 = Math.floor(b / m.gridCols) * m.blockRows;
    const c0 = (b % m.gridCols) * m.blockCols;
    for (let j = m.blockPtr[b]!; j < m.blockPtr[b + 1]!; j++) {
      rows[j] = r0 + m.rowIdx[j]!;
      cols[j] = c0 + m.colIdx[j]!;
    }
  }
  return { rows, cols };
}

/**
 * CSB to CSR (columns ascending within each row). Validates the CSB first (`what` names it in errors).
 * O(nnz + rows + blocks).
 */
export function csbToCsr(m: CsbMatrix, what = 'CSB matrix'): CsrMatrix {
  validateCsb(m, what);
  const { rows, cols, blockRows, gridRows, gridCols, blockCols } = m;
  const nnz = m.values.length;
  const rowPtr = new Int32Array(rows + 1);
  for (let bi = 0; bi < gridRows; bi++) {
    const rowBase = bi * blockRows;
    for (let k = m.blockPtr[bi * gridCols]!; k < m.blockPtr[(bi + 1) * gridCols]!; k++) rowPtr[rowBase + m.rowIdx[k]! + 1]!++;
  }
  for (let r = 0; r < rows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  const cursor = rowPtr.slice(0, rows);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  // Within one block row, sweeping the blocks left to right and each block row-major yields every row's columns in
  // ascending order.
  for (let bi = 0; bi < gridRows; bi++) {
    const rowBase = bi * blockRows;
    for (let bj = 0; bj < gridCols; bj++) {
      const b = bi * gridCols + bj;
      const colBase = bj * blockCols;
      for (let k = m.blockPtr[b]!; k < m.blockPtr[b + 1]!; k++) {
        const j = cursor[rowBase + m.rowIdx[k]!]!++;
        colIdx[j] = colBase + m.colIdx[k]!;
        values[j] = m.values[k]!;
      }
    }
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx, values };
}

/** Dense row-major [rows, cols] to CSB (exact non-zeros; -0 counts as zero, as in `denseToCsr`). */
export function denseToCsb(dense: Float32Array, rows: number, cols: number, blocking: CsbBlocking): CsbMatrix {
  csbGrid(rows, cols, blocking);
  return csrToCsb(denseToCsr(dense, rows, cols), blocking);
}

/** CSB to dense row-major Float32Array of rows * cols. */
export function csbToDense(m: CsbMatrix): Float32Array {
  validateCsb(m, 'CSB matrix');
  const out = new Float32Array(m.rows * m.cols);
  for (let bi = 0; bi < m.gridRows; bi++) {
    for (let bj = 0; bj < m.gridCols; bj++) {
      const b = bi * m.gridCols + bj;
      const r0 = bi * m.blockRows;
      const c0 = bj * m.blockCols;
      for (let k = m.blockPtr[b]!; k < m.blockPtr[b + 1]!; k++) {
        out[(r0 + m.rowIdx[k]!) * m.cols + c0 + m.colIdx[k]!] = m.values[k]!;
      }
    }
  }
  return out;
}

/**
 * Check every CSB invariant; throw E_SHAPE / E_FORMAT / E_RANGE / E_OVERFLOW naming the first violation.
 * Checked: dimensions; grid size = ceil(dims / block dims); index arrays are Uint16Array exactly when both block
 * dimensions are <= 65536 (else Int32Array); blockPtr has blocks + 1 entries, starts at 0, never decreases and ends
 * at nnz; local indices lie inside the block and inside the matrix (edge blocks are partial); entries of a block are
 * strictly increasing in (local row, local column); values are finite. O(nnz + blocks).
 */
export function validateCsb(m: CsbMatrix, what = 'CSB matrix'): void {
  const fail = (code: 'E_RANGE' | 'E_FORMAT' | 'E_SHAPE', msg: string): never => {
    throw new SparseCnnError(code, `${what}: ${msg}`);
  };
  if (m === null || typeof m !== 'object' || m.format !== 'csb') fail('E_FORMAT', 'not a CSB matrix');
  if (!Number.isSafeInteger(m.rows) || !Number.isSafeInteger(m.cols) || m.rows < 0 || m.cols < 0) {
    fail('E_SHAPE', `invalid dimensions ${m.rows} x ${m.cols}`);
  }
  if (m.rows > INT32_MAX || m.cols > INT32_MAX) fail('E_SHAPE', `dimensions ${m.rows} x ${m.cols} exceed int32`);
  let grid: { gridRows: number; gridCols: number };
  try {
    grid = csbGrid(m.rows, m.cols, m);
  } catch (e) {
    if (e instanceof SparseCnnError && e.code === 'E_ARGUMENT') fail('E_SHAPE', e.message);
    throw e;
  }
  if (m.gridRows !== grid.gridRows || m.gridCols !== grid.gridCols) {
    fail('E_SHAPE', `grid is ${m.gridRows} x ${m.gridCols}, expected ${grid.gridRows} x ${grid.gridCols}`);
  }
  const sixteen = csbUses16BitIndices(m.blockRows, m.blockCols);
  const IndexType = sixteen ? Uint16Array : Int32Array;
  if (!(m.blockPtr instanceof Int32Array) || !(m.values instanceof Float32Array)) {
    fail('E_FORMAT', 'blockPtr must be Int32Array and values Float32Array');
  }
  if (!(m.rowIdx instanceof IndexType) || !(m.colIdx instanceof IndexType)) {
    fail('E_FORMAT', `local indices must be ${IndexType.name} for ${m.blockRows} x ${m.blockCols} blocks`);
  }
  const blocks = m.gridRows * m.gridCols;
  if (m.blockPtr.length !== blocks + 1) fail('E_FORMAT', `blockPtr has ${m.blockPtr.length} entries, expected ${blocks + 1}`);
  if (m.blockPtr[0] !== 0) fail('E_FORMAT', `blockPtr[0] is ${m.blockPtr[0]}, expected 0`);
  const nnz = m.blockPtr[blocks]!;
  if (m.rowIdx.length !== nnz || m.colIdx.length !== nnz || m.values.length !== nnz) {
    fail('E_FORMAT', `blockPtr ends at ${nnz} but rowIdx/colIdx/values have ${m.rowIdx.length}/${m.colIdx.length}/${m.values.length} entries`);
  }
  for (let b = 0; b < blocks; b++) {
    const a = m.blockPtr[b]!;
    const e = m.blockPtr[b + 1]!;
    if (e < a) fail('E_FORMAT', `blockPtr decreases at block ${b} (${a} -> ${e})`);
    const bi = Math.floor(b / m.gridCols);
    const bj = b - bi * m.gridCols;
    const hRows = Math.min(m.blockRows, m.rows - bi * m.blockRows);
    const hCols = Math.min(m.blockCols, m.cols - bj * m.blockCols);
    let prevR = -1;
    let prevC = -1;
    for (let k = a; k < e; k++) {
      const r = m.rowIdx[k]!;
      const c = m.colIdx[k]!;
      if (r < 0 || r >= hRows || c < 0 || c >= hCols) {
        fail('E_RANGE', `local index (${r}, ${c}) at entry ${k} is outside block (${bi}, ${bj}) of ${hRows} x ${hCols}`);
      }
      if (r < prevR || (r === prevR && c <= prevC)) {
        fail('E_FORMAT', `entries of block (${bi}, ${bj}) are not strictly row-major at entry ${k}`);
      }
      prevR = r;
      prevC = c;
      const v = m.values[k]!;
      if (!Number.isFinite(v)) fail('E_RANGE', `value at entry ${k} (block (${bi}, ${bj})) is ${v}`);
    }
  }
}
