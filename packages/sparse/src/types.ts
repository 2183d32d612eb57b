/**
 * Compressed sparse row. Row r's non-zeros are `values[rowPtr[r] .. rowPtr[r + 1])` at columns `colIdx[...]`,
 * strictly increasing within a row. Invariants (checked by `validateCsr`): rowPtr has rows + 1 entries, starts at 0,
 * never decreases, ends at nnz; 0 <= colIdx < cols; values are finite.
 */
export interface CsrMatrix {
  readonly format: 'csr';
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float32Array;
}

/**
 * Compressed sparse blocks (after Buluç et al.): the matrix is cut into a grid of `blockRows x blockCols` blocks;
 * block (bi, bj) holds its non-zeros at `blockPtr[bi * gridCols + bj] .. blockPtr[... + 1]`, in row-major order
 * within the block, with block-local row and column indices. The indices are 16-bit when both block dimensions are
 * at most 65536, else 32-bit.
 */
export interface CsbMatrix {
  readonly format: 'csb';
  readonly rows: number;
  readonly cols: number;
  readonly blockRows: number;
  readonly blockCols: number;
  /** ceil(rows / blockRows) */
  readonly gridRows: number;
  /** ceil(cols / blockCols) */
  readonly gridCols: number;
  /** gridRows * gridCols + 1 entries. */
  readonly blockPtr: Int32Array;
  readonly rowIdx: Uint16Array | Int32Array;
  readonly colIdx: Uint16Array | Int32Array;
  readonly values: Float32Array;
}

export type SparseMatrix = CsrMatrix | CsbMatrix;
