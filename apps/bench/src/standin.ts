/**
 * A tiny plain-JS stand-in backend (`--ours standin`) used to develop and check the harness while the real kernel
 * packages are being written: naive loops, float32 outputs, the same KernelTable entry points the real backends
 * implement. It is not a performance reference.
 */
import type { BackendInfo, Conv2dSpec, GemmParams, KernelBackend, KernelTable, Prepared, PreparedKind } from '@sparsecnn/kernels-api';
import type { CsbMatrix, CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, type Shape, type Tensor } from '@sparsecnn/tensor';
import { convOut } from './onnx.js';

interface Handle<K extends PreparedKind> extends Prepared<K> {
  readonly payload: unknown;
}

function handle<K extends PreparedKind>(kind: K, bytes: number, payload: unknown, outputShape: (s: Shape) => number[]): Handle<K> {
  let disposed = false;
  return {
    backend: 'standin',
    kind,
    bytes,
    payload,
    outputShape,
    get disposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
    },
  };
}

function convShape(spec: Conv2dSpec, s: Shape): number[] {
  const oh = convOut(spec.inH, spec.kernel[0], spec.stride[0], spec.pad[0], spec.dilation[0]);
  const ow = convOut(spec.inW, spec.kernel[1], spec.stride[1], spec.pad[1], spec.dilation[1]);
  return [s[0] ?? 1, spec.outChannels, oh, ow];
}

function out(shape: number[], given?: Tensor): Tensor {
  if (given) return given;
  return { dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
}

/** Sparse direct convolution over CSR rows (dense weights go through the same loop with every entry stored). */
function convCsr(input: Tensor, w: CsrMatrix, bias: Float32Array | null, spec: Conv2dSpec, o: Tensor): Tensor {
  const N = input.shape[0]!;
  const { inChannels: C, inH: H, inW: W, outChannels: O, groups: G } = spec;
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride;
  const [ph, pw] = spec.pad;
  const [dh, dw] = spec.dilation;
  const OH = o.shape[2]!;
  const OW = o.shape[3]!;
  const cg = C / G;
  const og = O / G;
  const x = input.data;
  const y = o.data;
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < O; oc++) {
      const g = Math.floor(oc / og);
      const base = (n * O + oc) * OH * OW;
      const b = bias ? bias[oc]! : 0;
      for (let i = 0; i < OH * OW; i++) y[base + i] = b;
      for (let j = w.rowPtr[oc]!; j < w.rowPtr[oc + 1]!; j++) {
        const col = w.colIdx[j]!;
        const v = w.values[j]!;
        const s = col % kw;
        const r = Math.floor(col / kw) % kh;
        const c = Math.floor(col / (kw * kh));
        const plane = (n * C + g * cg + c) * H * W;
        for (let oy = 0; oy < OH; oy++) {
          const iy = oy * sh - ph + r * dh;
          if (iy < 0 || iy >= H) continue;
          const row = plane + iy * W;
          const orow = base + oy * OW;
          for (let ox = 0; ox < OW; ox++) {
            const ix = ox * sw - pw + s * dw;
            if (ix < 0 || ix >= W) continue;
            y[orow + ox]! += v * x[row + ix]!;
          }
        }
      }
      if (spec.relu) for (let i = 0; i < OH * OW; i++) if (y[base + i]! < 0) y[base + i] = 0;
    }
  }
  return o;
}

function allEntries(data: Float32Array, rows: number, cols: number): CsrMatrix {
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    rowPtr[r + 1] = (r + 1) * cols;
    for (let c = 0; c < cols; c++) colIdx[r * cols + c] = c;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx, values: data };
}

function spmmAny(input: Tensor, w: CsrMatrix | CsbMatrix, bias: Float32Array | null, relu: boolean, o: Tensor): Tensor {
  const N = input.shape[0]!;
  const K = w.cols;
  const O = w.rows;
  const x = input.data;
  const y = o.data;
  for (let n = 0; n < N; n++) for (let r = 0; r < O; r++) y[n * O + r] = bias ? bias[r]! : 0;
  if (w.format === 'csr') {
    for (let n = 0; n < N; n++) {
      for (let r = 0; r < O; r++) {
        let acc = 0;
        for (let j = w.rowPtr[r]!; j < w.rowPtr[r + 1]!; j++) acc += w.values[j]! * x[n * K + w.colIdx[j]!]!;
        y[n * O + r]! += acc;
      }
    }
  } else {
    for (let bi = 0; bi < w.gridRows; bi++) {
      for (let bj = 0; bj < w.gridCols; bj++) {
        const b = bi * w.gridCols + bj;
        for (let j = w.blockPtr[b]!; j < w.blockPtr[b + 1]!; j++) {
          const r = bi * w.blockRows + w.rowIdx[j]!;
          const c = bj * w.blockCols + w.colIdx[j]!;
          for (let n = 0; n < N; n++) y[n * O + r]! += w.values[j]! * x[n * K + c]!;
        }
      }
    }
  }
  if (relu) for (let i = 0; i < y.length; i++) if (y[i]! < 0) y[i] = 0;
  return o;
}

function payloadOf<K extends PreparedKind>(p: Prepared<K>): { w: CsrMatrix | CsbMatrix; bias: Float32Array | null; spec?: Conv2dSpec; relu: boolean } {
  if (p.backend !== 'standin' || p.disposed) throw new SparseCnnError('E_ARGUMENT', 'not a live standin handle', { backend: 'standin' });
  return (p as unknown as Handle<K>).payload as never;
}

export function createStandinBackend(): KernelBackend {
  const kernels: Partial<KernelTable> = {
    prepareConv2d(weights, bias, spec) {
      const rows = weights.shape[0]!;
      const w = allEntries(weights.data, rows, weights.data.length / rows);
      return handle('conv2d', weights.data.byteLength, { w, bias, spec, relu: spec.relu }, (s) => convShape(spec, s));
    },
    conv2d(input, prepared, o) {
      const p = payloadOf(prepared);
      return convCsr(input, p.w as CsrMatrix, p.bias, p.spec!, out(prepared.outputShape(input.shape), o));
    },
    prepareSparseConv2d(weights, bias, spec) {
      return handle('sparseConv2d', weights.values.byteLength * 2, { w: weights, bias, spec, relu: spec.relu }, (s) => convShape(spec, s));
    },
    sparseConv2d(input, prepared, o) {
      const p = payloadOf(prepared);
      return convCsr(input, p.w as CsrMatrix, p.bias, p.spec!, out(prepared.outputShape(input.shape), o));
    },
    prepareGemm(weights, bias, params: GemmParams) {
      const rows = weights.shape[0]!;
      const w = allEntries(weights.data, rows, weights.data.length / rows);
      return handle('gemm', weights.data.byteLength, { w, bias, relu: params.relu }, (s) => [s[0] ?? 1, rows]);
    },
    gemm(input, prepared, o) {
      const p = payloadOf(prepared);
      return spmmAny(input, p.w, p.bias, p.relu, out(prepared.outputShape(input.shape), o));
    },
    prepareSpmm(weights, bias, params) {
      return handle('spmm', weights.values.byteLength * 2, { w: weights, bias, relu: params.relu }, (s) => [s[0] ?? 1, weights.rows]);
    },
    spmm(input, prepared, o) {
      const p = payloadOf(prepared);
      return spmmAny(input, p.w, p.bias, p.relu, out(prepared.outputShape(input.shape), o));
    },
  };
  const info: BackendInfo = { name: 'standin', isa: 'js', threads: 1, version: '0.0.0-standin' };
  return { name: 'standin', kernels, info: () => info, dispose() {} };
}
