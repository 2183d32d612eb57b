/**
 * A small MatrixMarket (coordinate real general, 1-based) reader producing CSR with sorted columns. Local to the
 * bench so that it does not depend on @sparsecnn/sparse's reader landing first.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import type { CsrMatrix } from '@sparsecnn/sparse';

export function parseMatrixMarket(text: string, file = '<matrix market>'): CsrMatrix {
  const lines = text.split('\n');
  let li = 0;
  const header = lines[li++] ?? '';
  if (!/^%%MatrixMarket\s+matrix\s+coordinate\s+real\s+general\s*$/i.test(header.trim())) {
    throw new SparseCnnError('E_FORMAT', `not a 'matrix coordinate real general' MatrixMarket file`, { file, line: 1 });
  }
  while (li < lines.length && (lines[li]!.startsWith('%') || lines[li]!.trim() === '')) li++;
  const size = (lines[li++] ?? '').trim().split(/\s+/).map(Number);
  const [rows, cols, nnz] = size;
  if (size.length !== 3 || !(rows! > 0 && cols! > 0 && nnz! >= 0) || !size.every(Number.isInteger)) {
    throw new SparseCnnError('E_PARSE', `bad size line`, { file, line: li });
  }
  const r = new Int32Array(nnz!);
  const c = new Int32Array(nnz!);
  const v = new Float32Array(nnz!);
  let k = 0;
  for (; li < lines.length; li++) {
    const t = lines[li]!.trim();
    if (t === '' || t.startsWith('%')) continue;
    if (k >= nnz!) throw new SparseCnnError('E_PARSE', `more than ${nnz} entries`, { file, line: li + 1 });
    const parts = t.split(/\s+/);
    const ri = Number(parts[0]);
    const ci = Number(parts[1]);
    const val = Number(parts[2]);
    if (parts.length < 3 || !Number.isInteger(ri) || !Number.isInteger(ci) || ri < 1 || ri > rows! || ci < 1 || ci > cols! || !Number.isFinite(val)) {
      throw new SparseCnnError('E_PARSE', `bad entry '${t}'`, { file, line: li + 1 });
    }
    r[k] = ri - 1;
    c[k] = ci - 1;
    v[k] = val;
    k++;
  }
  if (k !== nnz) throw new SparseCnnError('E_TRUNCATED', `expected ${nnz} entries, found ${k}`, { file });
  return cooToCsr(rows!, cols!, r, c, v, file);
}

/** COO (any order, no duplicates) -> CSR with increasing columns per row. */
export function cooToCsr(rows: number, cols: number, r: Int32Array, c: Int32Array, v: Float32Array, file?: string): CsrMatrix {
  const nnz = r.length;
  const order = new Int32Array(nnz);
  for (let i = 0; i < nnz; i++) order[i] = i;
  order.sort((a, b) => r[a]! - r[b]! || c[a]! - c[b]!);
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let k = 0; k < nnz; k++) {
    const i = order[k]!;
    if (k > 0 && r[i] === r[order[k - 1]!] && c[i] === c[order[k - 1]!]) {
      throw new SparseCnnError('E_FORMAT', `duplicate entry (${r[i]! + 1}, ${c[i]! + 1})`, file ? { file } : {});
    }
    rowPtr[r[i]! + 1]!++;
    colIdx[k] = c[i]!;
    values[k] = v[i]!;
  }
  for (let i = 0; i < rows; i++) rowPtr[i + 1]! += rowPtr[i]!;
  return { format: 'csr', rows, cols, rowPtr, colIdx, values };
}
