import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { csbGrid, csbUses16BitIndices, csrToCsb, validateCsb, type CsbBlocking } from './csb.js';
import { tensorToCsr, validateCsr } from './csr.js';
import { SPARSE_HEADER_BYTES } from './sparse-binary.js';
import type { CsbMatrix, CsrMatrix, SparseMatrix } from './types.js';

/** min / max / mean of a list of numbers (all 0 for an empty list). */
export interface Summary {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export interface BlockStats {
  readonly blockRows: number;
  readonly blockCols: number;
  readonly gridRows: number;
  readonly gridCols: number;
  /** gridRows * gridCols */
  readonly count: number;
  /** Blocks with at least one stored entry. */
  readonly nonEmpty: number;
  /** Stored entries per block (over all blocks, empty ones included). */
  readonly nnz: Summary;
  /** Stored entries / block area (edge blocks use their real, partial area). */
  readonly density: Summary;
}

/** Storage size in bytes of the same matrix in several layouts. */
export interface StorageBytes {
  /** rows * cols fp32. */
  readonly dense: number;
  /** fp32 values + int32 column indices + int32 row pointers (rows + 1). */
  readonly csr: number;
  /** fp32 values + two local indices (16-bit when the blocks allow, else 32-bit) + int32 block pointers. */
  readonly csb: number;
  /** The exact `serializeSparse` size of the CSR (u16 columns when cols <= 65536), header included. */
  readonly compact: number;
}

export interface SparseStats {
  readonly format: 'csr' | 'csb';
  readonly rows: number;
  readonly cols: number;
  /** Stored entries (explicit zeros included). */
  readonly nnz: number;
  /** nnz / (rows * cols); 0 for an empty shape. */
  readonly density: number;
  readonly rowNnz: Summary;
  /** Per-row nnz / cols. */
  readonly rowDensity: Summary;
  readonly emptyRows: number;
  readonly colNnz: Summary;
  readonly emptyCols: number;
  /** Per-block statistics: the CSB's own blocks, or for a CSR the blocking passed in options (default 256 x 128). */
  readonly blocks: BlockStats;
  readonly bytes: StorageBytes;
}

/** Default blocking used for CSR statistics (libxsmm-like sparse slices: 256 rows x 128 columns). */
export const DEFAULT_STATS_BLOCKING: CsbBlocking = { blockRows: 256, blockCols: 128 };

function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { min: 0, max: 0, mean: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / n };
}

function scale(s: Summary, by: number): Summary {
  return by > 0 ? { min: s.min / by, max: s.max / by, mean: s.mean / by } : { min: 0, max: 0, mean: 0 };
}

/**
 * Sparsity statistics of a CSR or CSB matrix (validated first). Per-row, per-column and per-block counts, and the
 * bytes the matrix takes as dense, CSR, CSB and in the compact format. O(nnz + rows + cols + blocks).
 */
export function sparseStats(m: SparseMatrix, options: { blocking?: CsbBlocking } = {}): SparseStats {
  if (m === null || typeof m !== 'object' || (m.format !== 'csr' && m.format !== 'csb')) {
    throw new SparseCnnError('E_ARGUMENT', 'sparseStats expects a CSR or CSB matrix');
  }
  let csb: CsbMatrix;
  let csr: CsrMatrix | undefined;
  if (m.format === 'csb') {
    validateCsb(m);
    csb = m;
  } else {
    validateCsr(m);
    csr = m;
    const blocking = options.blocking ?? DEFAULT_STATS_BLOCKING;
    csbGrid(m.rows, m.cols, blocking);
    csb = csrToCsb(m, blocking);
  }
  const { rows, cols } = m;
  const nnz = m.values.length;
  const rowCounts = new Float64Array(rows);
  const colCounts = new Float64Array(cols);
  if (csr) {
    for (let r = 0; r < rows; r++) rowCounts[r] = csr.rowPtr[r + 1]! - csr.rowPtr[r]!;
    for (let j = 0; j < nnz; j++) colCounts[csr.colIdx[j]!]!++;
  }
  const blocks = csb.gridRows * csb.gridCols;
  const blockNnz = new Float64Array(blocks);
  const blockDensity = new Float64Array(blocks);
  let nonEmpty = 0;
  for (let b = 0; b < blocks; b++) {
    const a = csb.blockPtr[b]!;
    const e = csb.blockPtr[b + 1]!;
    const bi = Math.floor(b / csb.gridCols);
    const bj = b - bi * csb.gridCols;
    const r0 = bi * csb.blockRows;
    const c0 = bj * csb.blockCols;
    blockNnz[b] = e - a;
    const area = Math.min(csb.blockRows, rows - r0) * Math.min(csb.blockCols, cols - c0);
    blockDensity[b] = area > 0 ? (e - a) / area : 0;
    if (e > a) nonEmpty++;
    if (!csr) {
      for (let k = a; k < e; k++) {
        rowCounts[r0 + csb.rowIdx[k]!]!++;
        colCounts[c0 + csb.colIdx[k]!]!++;
      }
    }
  }
  let emptyRows = 0;
  for (let r = 0; r < rows; r++) if (rowCounts[r] === 0) emptyRows++;
  let emptyCols = 0;
  for (let c = 0; c < cols; c++) if (colCounts[c] === 0) emptyCols++;
  const rowNnz = summarize(rowCounts);
  const iw = csbUses16BitIndices(csb.blockRows, csb.blockCols) ? 2 : 4;
  return {
    format: m.format,
    rows,
    cols,
    nnz,
    density: rows * cols > 0 ? nnz / (rows * cols) : 0,
    rowNnz,
    rowDensity: scale(rowNnz, cols),
    emptyRows,
    colNnz: summarize(colCounts),
    emptyCols,
    blocks: {
      blockRows: csb.blockRows, blockCols: csb.blockCols, gridRows: csb.gridRows, gridCols: csb.gridCols,
      count: blocks, nonEmpty, nnz: summarize(blockNnz), density: summarize(blockDensity),
    },
    bytes: {
      dense: rows * cols * 4,
      csr: nnz * 8 + (rows + 1) * 4,
      csb: nnz * (4 + 2 * iw) + (blocks + 1) * 4,
      compact: SPARSE_HEADER_BYTES + (rows + 1) * 4 + nnz * (cols <= 65536 ? 6 : 8),
    },
  };
}

export interface LayerStats extends SparseStats {
  readonly name: string;
  readonly shape: readonly number[];
  /** For 4-D conv weights [O, C/g, kh, kw]: number of (output, input) kernels, and how many are all zero. */
  readonly kernels: { readonly count: number; readonly zero: number };
  /** Output channels (rows) whose weights are all zero. */
  readonly zeroOutputChannels: number;
  /** Input channels (of the per-group weight, C/g) whose weights are zero for every output channel. */
  readonly zeroInputChannels: number;
}

/**
 * Statistics of one layer's weight tensor ([O, C/g, kh, kw] conv or [O, K] fully connected): the matrix statistics of
 * its O x (C/g * kh * kw) CSR plus structured-sparsity counts (zero kernels, zero output and input channels), the
 * numbers guided pruning cares about. An FC weight counts each weight as a 1 x 1 kernel.
 */
export function layerStats(weights: Tensor, options: { name?: string; blocking?: CsbBlocking } = {}): LayerStats {
  if (weights === null || typeof weights !== 'object' || !(weights.data instanceof Float32Array) || weights.shape.length < 1) {
    throw new SparseCnnError('E_ARGUMENT', 'layerStats expects a float32 weight tensor of rank >= 1');
  }
  const shape = [...weights.shape];
  const O = shape[0]!;
  const C = shape.length >= 2 ? shape[1]! : 1;
  const K = shape.slice(2).reduce((a, b) => a * b, 1);
  if (O * C * K !== weights.data.length) {
    throw new SparseCnnError('E_SHAPE', `weights of shape [${shape.join(', ')}] hold ${weights.data.length} elements`);
  }
  const csr = tensorToCsr(weights);
  const stats = sparseStats(csr, options.blocking ? { blocking: options.blocking } : {});
  let zeroKernels = 0;
  const inputUsed = new Uint8Array(C);
  const d = weights.data;
  for (let o = 0; o < O; o++) {
    for (let c = 0; c < C; c++) {
      const base = (o * C + c) * K;
      let any = false;
      for (let k = 0; k < K; k++) {
        if (d[base + k] !== 0) {
          any = true;
          break;
        }
      }
      if (any) inputUsed[c] = 1;
      else zeroKernels++;
    }
  }
  let zeroInputChannels = 0;
  for (let c = 0; c < C; c++) if (inputUsed[c] === 0) zeroInputChannels++;
  return {
    ...stats,
    name: options.name ?? '',
    shape,
    kernels: { count: O * C, zero: zeroKernels },
    zeroOutputChannels: stats.emptyRows,
    zeroInputChannels,
  };
}
