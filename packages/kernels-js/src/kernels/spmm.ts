import { gemmBatch, outputTensor, sparseDims, validateBias, type GemmParams, type Prepared } from '@sparsecnn/kernels-api';
import { validateCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { JsPrepared, unwrapPrepared } from '../prepared.js';
import { checkGemmParams, fcOutputShape } from './gemm.js';

interface SpmmState {
  readonly o: number;
  readonly k: number;
  /** CSR kept as CSR; CSB expanded to global (row, col) triples in block order. */
  readonly format: 'csr' | 'csb';
  readonly rowPtr: Int32Array | null;
  readonly rows: Int32Array | null;
  readonly cols: Int32Array;
  readonly values: Float32Array;
  readonly bias: Float32Array | null;
  readonly relu: boolean;
}

/**
 * Check every CSB invariant (grid, block pointers, block-local indices in range, finite values). Local twin of
 * sparse's validateCsb, so that this package builds against any published sparse version.
 */
function checkCsb(m: CsbMatrix, what = 'CSB matrix'): void {
  const fail = (code: 'E_RANGE' | 'E_FORMAT' | 'E_SHAPE', msg: string): never => {
    throw new SparseCnnError(code, `${what}: ${msg}`);
  };
  const ints = [m.rows, m.cols, m.blockRows, m.blockCols, m.gridRows, m.gridCols];
  if (!ints.every((v) => Number.isSafeInteger(v) && v >= 0) || m.blockRows < 1 || m.blockCols < 1) {
    fail('E_SHAPE', `invalid dimensions ${m.rows} x ${m.cols} in blocks of ${m.blockRows} x ${m.blockCols}`);
  }
  if (m.gridRows !== Math.ceil(m.rows / m.blockRows) || m.gridCols !== Math.ceil(m.cols / m.blockCols)) {
    fail('E_FORMAT', `grid ${m.gridRows} x ${m.gridCols} does not match ${m.rows} x ${m.cols} in blocks of ${m.blockRows} x ${m.blockCols}`);
  }
  const isIdx = (a: unknown) => a instanceof Int32Array || a instanceof Uint16Array;
  if (!(m.blockPtr instanceof Int32Array) || !isIdx(m.rowIdx) || !isIdx(m.colIdx) || !(m.values instanceof Float32Array)) {
    fail('E_FORMAT', 'blockPtr must be Int32Array, rowIdx/colIdx Uint16Array or Int32Array, values Float32Array');
  }
  const nb = m.gridRows * m.gridCols;
  if (m.blockPtr.length !== nb + 1 || m.blockPtr[0] !== 0) fail('E_FORMAT', `blockPtr must have ${nb + 1} entries starting at 0`);
  const nnz = m.blockPtr[nb]!;
  if (m.rowIdx.length !== nnz || m.colIdx.length !== nnz || m.values.length !== nnz) {
    fail('E_FORMAT', `blockPtr ends at ${nnz} but rowIdx/colIdx/values have ${m.rowIdx.length}/${m.colIdx.length}/${m.values.length} entries`);
  }
  for (let b = 0; b < nb; b++) {
    const a = m.blockPtr[b]!;
    const e = m.blockPtr[b + 1]!;
    if (e < a) fail('E_FORMAT', `blockPtr decreases at block ${b}`);
    const r0 = Math.floor(b / m.gridCols) * m.blockRows;
    const c0 = (b % m.gridCols) * m.blockCols;
    for (let j = a; j < e; j++) {
      const r = m.rowIdx[j]!;
      const c = m.colIdx[j]!;
      if (r < 0 || r >= m.blockRows || r0 + r >= m.rows) fail('E_RANGE', `row index ${r} at entry ${j} (block ${b}) is outside the matrix`);
      if (c < 0 || c >= m.blockCols || c0 + c >= m.cols) fail('E_RANGE', `column index ${c} at entry ${j} (block ${b}) is outside the matrix`);
      if (!Number.isFinite(m.values[j]!)) fail('E_RANGE', `value at entry ${j} is ${m.values[j]}`);
    }
  }
}

export function prepareSpmm(weights: CsrMatrix | CsbMatrix, bias: Float32Array | null, params: GemmParams): Prepared<'spmm'> {
  const [o, k] = sparseDims(weights);
  const relu = checkGemmParams(params);
  validateBias(bias, o, 'inner product bias');
  let state: SpmmState;
  if (weights.format === 'csr') {
    validateCsr(weights, 'inner product weights');
    state = {
      o, k, format: 'csr', rowPtr: weights.rowPtr.slice(), rows: null, cols: weights.colIdx.slice(),
      values: weights.values.slice(), bias: bias ? bias.slice() : null, relu,
    };
  } else {
    checkCsb(weights, 'inner product weights');
    const nnz = weights.values.length;
    const rows = new Int32Array(nnz);
    const cols = new Int32Array(nnz);
    for (let b = 0; b < weights.gridRows * weights.gridCols; b++) {
      const r0 = Math.floor(b / weights.gridCols) * weights.blockRows;
      const c0 = (b % weights.gridCols) * weights.blockCols;
      for (let j = weights.blockPtr[b]!; j < weights.blockPtr[b + 1]!; j++) {
        rows[j] = r0 + weights.rowIdx[j]!;
        cols[j] = c0 + weights.colIdx[j]!;
      }
    }
    state = { o, k, format: 'csb', rowPtr: null, rows, cols, values: weights.values.slice(), bias: bias ? bias.slice() : null, relu };
  }
  const bytes = 4 * (state.cols.length * 2 + (state.rowPtr?.length ?? state.cols.length) + o);
  return new JsPrepared('spmm', state, bytes, (shape) => fcOutputShape(shape, o, k));
}

/** Sparse inner product: CSR as per-row sparse dot products; CSB block by block, scattering into the output. */
export function spmm(input: Tensor, prepared: Prepared<'spmm'>, out?: Tensor): Tensor {
  const s = unwrapPrepared<'spmm', SpmmState>(prepared, 'spmm');
  const n = gemmBatch(input, s.k);
  const y = outputTensor([n, s.o], out, 'inner product output');
  const { o, k, cols, values, bias, relu } = s;
  const x = input.data;
  const yd = y.data;
  if (s.rowPtr) {
    const rowPtr = s.rowPtr;
    for (let b = 0; b < n; b++) {
      const xOff = b * k;
      for (let r = 0; r < o; r++) {
        let acc = 0;
        for (let j = rowPtr[r]!; j < rowPtr[r + 1]!; j++) acc += values[j]! * x[xOff + cols[j]!]!;
        yd[b * o + r] = acc + (bias ? bias[r]! : 0);
      }
    }
  } else {
    const rows = s.rows!;
    for (let b = 0; b < n; b++) {
      const xOff = b * k;
      const yOff = b * o;
      for (let r = 0; r < o; r++) yd[yOff + r] = bias ? bias[r]! : 0;
      for (let j = 0; j < values.length; j++) yd[yOff + rows[j]!]! += values[j]! * x[xOff + cols[j]!]!;
    }
  }
  if (relu) for (let i = 0; i < yd.length; i++) if (yd[i]! < 0) yd[i] = 0;
  return y;
}
