/** Sparse inner product (CSR, or CSB converted to CSR at prepare time); run through ./run.ts. */
import { SparseCnnError } from '@sparsecnn/tensor';
import { validateCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { sparseDims, validateBias, type GemmParams, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import { NativePrepared, gemmShape, type NativeOpContext } from './context.js';

/** CSB -> CSR (row-major, columns ascending), kept local so the FC path accepts both formats. */
function csbToCsrLocal(m: CsbMatrix): CsrMatrix {
  const { rows, cols, blockRows, blockCols, gridRows, gridCols, blockPtr, rowIdx, colIdx, values } = m;
  const ok =
    Number.isSafeInteger(rows) && Number.isSafeInteger(cols) && rows >= 0 && cols >= 0 && blockRows >= 1 && blockCols >= 1 &&
    gridRows === Math.ceil(rows / blockRows) && gridCols === Math.ceil(cols / blockCols) &&
    blockPtr instanceof Int32Array && blockPtr.length === gridRows * gridCols + 1 && values instanceof Float32Array &&
    rowIdx.length === values.length && colIdx.length === values.length && blockPtr[0] === 0 &&
    blockPtr[gridRows * gridCols] === values.length;
  if (!ok) throw new SparseCnnError('E_FORMAT', 'malformed CSB matrix (dimensions, grid or array lengths)');
  const counts = new Int32Array(rows + 1);
  for (let bi = 0; bi < gridRows; bi++) {
    for (let bj = 0; bj < gridCols; bj++) {
      const a = blockPtr[bi * gridCols + bj]!;
      const b = blockPtr[bi * gridCols + bj + 1]!;
      if (b < a || b > values.length) throw new SparseCnnError('E_FORMAT', `CSB blockPtr decreases at block ${bi},${bj}`);
      for (let j = a; j < b; j++) {
        const r = bi * blockRows + rowIdx[j]!;
        const c = bj * blockCols + colIdx[j]!;
        if (rowIdx[j]! >= blockRows || colIdx[j]! >= blockCols || r >= rows || c >= cols) {
          throw new SparseCnnError('E_RANGE', `CSB entry ${j} at (${r}, ${c}) is outside the ${rows} x ${cols} matrix`);
        }
        counts[r + 1]!++;
      }
    }
  }
  const rowPtr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) rowPtr[r + 1] = rowPtr[r]! + counts[r + 1]!;
  const fill = rowPtr.slice(0, rows);
  const outCols = new Int32Array(values.length);
  const outVals = new Float32Array(values.length);
  // blocks of one block-row in column order, entries row-major within a block: per row, columns come out ascending
  for (let bi = 0; bi < gridRows; bi++) {
    for (let bj = 0; bj < gridCols; bj++) {
      for (let j = blockPtr[bi * gridCols + bj]!; j < blockPtr[bi * gridCols + bj + 1]!; j++) {
        const r = bi * blockRows + rowIdx[j]!;
        const d = fill[r]!++;
        outCols[d] = bj * blockCols + colIdx[j]!;
        outVals[d] = values[j]!;
      }
    }
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx: outCols, values: outVals };
}

export const prepareSpmm = (c: NativeOpContext): KernelTable['prepareSpmm'] => (weights, bias, params: GemmParams) =>
  guard('prepareSpmm', () => {
    const [o, k] = sparseDims(weights);
    const csr = weights.format === 'csb' ? csbToCsrLocal(weights) : weights;
    validateCsr(csr, 'sparse inner product weights');
    validateBias(bias, o);
    const h = c.live('prepareSpmm').prepareSpmm(o, k, Boolean(params?.relu), csr.rowPtr, csr.colIdx, csr.values, bias);
    return new NativePrepared('spmm', h, c.owner, gemmShape(o, k));
  });
