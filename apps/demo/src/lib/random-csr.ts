import type { CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, type Rng } from '@sparsecnn/tensor';

/**
 * A random CSR matrix whose entries are each non-zero with probability `density` (values uniform in [-1, 1)), drawn
 * by geometric gaps between non-zeros: O(non-zeros) time and memory, where a dense random tensor would need all
 * rows x cols values (CaffeNet fc6: 37.7 M).
 */
export function randomCsr(rows: number, cols: number, density: number, rng: Rng): CsrMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || !(density > 0 && density <= 1)) {
    throw new SparseCnnError('E_ARGUMENT', `randomCsr: need integer rows, cols >= 0 and density in (0, 1], got ${rows} x ${cols} at ${density}`);
  }
  const rowPtr = new Int32Array(rows + 1);
  const cap = Math.ceil(rows * cols * density * 1.05 + 64);
  let colIdx = new Int32Array(cap);
  let values = new Float32Array(cap);
  let nnz = 0;
  const logQ = Math.log1p(-Math.min(density, 1 - 1e-12));
  for (let r = 0; r < rows; r++) {
    let c = -1;
    for (;;) {
      c += density >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng.next()) / logQ);
      if (c >= cols) break;
      if (nnz === colIdx.length) {
        const ci = new Int32Array(2 * nnz);
        ci.set(colIdx);
        colIdx = ci;
        const vs = new Float32Array(2 * nnz);
        vs.set(values);
        values = vs;
      }
      colIdx[nnz] = c;
      let v = 0;
      while (v === 0) v = rng.uniform(-1, 1);
      values[nnz++] = v;
    }
    rowPtr[r + 1] = nnz;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx: colIdx.slice(0, nnz), values: values.slice(0, nnz) };
}

