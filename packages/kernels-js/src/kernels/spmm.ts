import { gemmBatch, outputTensor, sparseDims, validateBias, type GemmParams, type Prepared } from '@sparsecnn/kernels-api';
import { csbToCoordinates, validateCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
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
    const { rows, cols } = csbToCoordinates(weights, 'inner product weights');
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
