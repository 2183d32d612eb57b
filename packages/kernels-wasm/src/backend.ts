import {
  assertFinite, assertFloat, convOutputShape, gemmBatch, outputTensor, pool2dOutputShape,
  sparseDims, validateBias, validateConv2dSpec, validateConvWeights, validateGemmWeights, validateSparseConvWeights,
  type BackendInfo, type BatchNormParams, type ConcatParams, type Conv2dSpec, type EltwiseParams, type GemmParams,
  type KernelBackend, type KernelTable, type PreparedKind, type LrnParams, type Pool2dParams, type Prepared, type ReluParams,
  type ScaleParams, type SoftmaxParams,
} from '@sparsecnn/kernels-api';
import { validateCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, formatShape, normalizeAxis, shapesEqual, sizeOf, type Shape, type Tensor } from '@sparsecnn/tensor';
import { prepareDirectConv, runDirectConv, type DirectConvState, type DirectConvTuning } from './conv.js';
import { WasmHeap } from './heap.js';
import type { KernelsExports } from './loader.js';
import { WasmPrepared, ownPrepared } from './prepared.js';
import { VERSION } from './version.js';

export interface WasmBackendOptions {
  /** Direct-convolution tuning (benchmarks). */
  readonly conv?: DirectConvTuning;
}

/** A loaded wasm backend: the kernel table plus heap statistics. */
export interface WasmKernelBackend extends KernelBackend {
  /** Bytes held by prepared handles and staging, and the linear memory size. */
  memoryStats(): { allocatedBytes: number; memoryBytes: number };
}

interface GemmState {
  readonly O: number;
  readonly K: number;
  readonly w: number;
  readonly bias: number;
  readonly relu: boolean;
}

interface SpmmState {
  readonly O: number;
  readonly K: number;
  readonly nnz: number;
  /** CSR: rowPtr address; COO (from CSB): rows address. */
  readonly csr: boolean;
  readonly rows: number;
  readonly cols: number;
  readonly vals: number;
  readonly bias: number;
  readonly relu: boolean;
}

function fail(code: 'E_ARGUMENT' | 'E_SHAPE' | 'E_RANGE', op: string, msg: string): never {
  throw new SparseCnnError(code, msg, { op, backend: 'wasm' });
}

/** Re-throw a validation error with the op and backend in its context (keeps the code and message). */
function withOp<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SparseCnnError) {
      if (e.context.op !== undefined) throw e;
      throw new SparseCnnError(e.code, e.message, { ...e.context, op, backend: 'wasm' }, { cause: e });
    }
    if (e instanceof WebAssembly.RuntimeError) {
      throw new SparseCnnError('E_BACKEND', `wasm kernel trapped: ${e.message}`, { op, backend: 'wasm' }, { cause: e });
    }
    throw e;
  }
}

function checkGemmParams(params: GemmParams, op: string): boolean {
  if (typeof params !== 'object' || params === null || typeof params.relu !== 'boolean') {
    fail('E_ARGUMENT', op, 'inner product params must be { relu: boolean }');
  }
  return params.relu;
}

/** Validate a CSB matrix completely; returns global row and column indices in block order. */
function csbToCoo(m: CsbMatrix): { rows: Int32Array; cols: Int32Array } {
  const op = 'prepareSpmm';
  const { rows, cols, blockRows, blockCols, gridRows, gridCols, blockPtr, rowIdx, colIdx, values } = m;
  for (const [k, v] of [['rows', rows], ['cols', cols], ['blockRows', blockRows], ['blockCols', blockCols]] as const) {
    if (!Number.isSafeInteger(v) || v < (k === 'rows' || k === 'cols' ? 0 : 1)) fail('E_SHAPE', op, `CSB ${k} is invalid: ${v}`);
  }
  if (gridRows !== Math.ceil(rows / blockRows) || gridCols !== Math.ceil(cols / blockCols)) {
    fail('E_SHAPE', op, `CSB grid ${gridRows} x ${gridCols} does not match ${rows} x ${cols} in ${blockRows} x ${blockCols} blocks`);
  }
  if (!(blockPtr instanceof Int32Array) || blockPtr.length !== gridRows * gridCols + 1) {
    fail('E_FORMAT' as 'E_RANGE', op, `CSB blockPtr must be an Int32Array of ${gridRows * gridCols + 1} entries`);
  }
  const nnz = values instanceof Float32Array ? values.length : -1;
  if (nnz < 0 || rowIdx?.length !== nnz || colIdx?.length !== nnz) fail('E_SHAPE', op, 'CSB rowIdx, colIdx and values must have one entry per non-zero');
  if (blockPtr[0] !== 0 || blockPtr[blockPtr.length - 1] !== nnz) fail('E_RANGE', op, `CSB blockPtr must run from 0 to ${nnz}`);
  const outRows = new Int32Array(nnz);
  const outCols = new Int32Array(nnz);
  for (let b = 0; b < gridRows * gridCols; b++) {
    const j0 = blockPtr[b]!;
    const j1 = blockPtr[b + 1]!;
    if (j1 < j0) fail('E_RANGE', op, `CSB blockPtr decreases at block ${b}`);
    const r0 = Math.floor(b / gridCols) * blockRows;
    const c0 = (b % gridCols) * blockCols;
    for (let j = j0; j < j1; j++) {
      const r = r0 + rowIdx[j]!;
      const c = c0 + colIdx[j]!;
      if (rowIdx[j]! >= blockRows || colIdx[j]! >= blockCols || r >= rows || c >= cols) {
        fail('E_RANGE', op, `CSB non-zero ${j} at (${r}, ${c}) lies outside its block or the ${rows} x ${cols} matrix`);
      }
      outRows[j] = r;
      outCols[j] = c;
    }
  }
  assertFinite(values, 'CSB values');
  return { rows: outRows, cols: outCols };
}

/** Create a backend over an instantiated kernels module (one heap per instance). */
export function createWasmBackendFromExports(ex: KernelsExports, options: WasmBackendOptions = {}): WasmKernelBackend {
  const heap = new WasmHeap(ex.memory, ex.heapBase());
  const owner = {};
  const live = new Set<WasmPrepared<PreparedKind, unknown>>();
  let disposed = false;

  const alive = (op: string): void => {
    if (disposed) throw new SparseCnnError('E_DISPOSED', 'the wasm backend was disposed', { op, backend: 'wasm' });
  };

  function track<P extends WasmPrepared<PreparedKind, unknown>>(p: P): P {
    live.add(p);
    const dispose = p.dispose.bind(p);
    p.dispose = () => {
      live.delete(p);
      dispose();
    };
    return p;
  }

  /** Temporary blocks for one call, freed in `finally`. */
  function withTemp<T>(sizes: number[], fn: (ptrs: number[]) => T): T {
    const ptrs: number[] = [];
    try {
      for (const s of sizes) ptrs.push(heap.alloc(Math.max(4, s * 4)));
      return fn(ptrs);
    } finally {
      for (const p of ptrs) heap.free(p);
    }
  }

  /** Copy `data` in, run `fn(src, dst)`, copy `outLen` floats out to `out`. */
  function unary(data: Float32Array, outLen: number, out: Float32Array, extra: number[], fn: (src: number, dst: number, extra: number[]) => void): void {
    withTemp([data.length, outLen, ...extra], (p) => {
      const src = p[0]!;
      const dst = p[1]!;
      heap.f32().set(data, src >> 2);
      fn(src, dst, p.slice(2));
      out.set(heap.f32().subarray(dst >> 2, (dst >> 2) + outLen));
    });
  }

  function convPrepare(kind: 'conv2d' | 'sparseConv2d', csr: CsrMatrix | Float32Array, bias: Float32Array | null, spec: Conv2dSpec) {
    const { state, blocks, bytes } = prepareDirectConv(heap, csr, bias, spec, options.conv);
    return track(
      new WasmPrepared(kind, owner, heap, blocks, bytes, state, (shape: Shape) => convOutputShape(state.spec, shape)),
    );
  }

  function convRun(kind: 'conv2d' | 'sparseConv2d', input: Tensor, prepared: Prepared, out?: Tensor): Tensor {
    const p = ownPrepared<typeof kind, DirectConvState>(prepared, kind, owner, kind);
    assertFloat(input, 'convolution input');
    const shape = convOutputShape(p.state.spec, input.shape);
    const y = outputTensor(shape, out, 'convolution output');
    runDirectConv(heap, ex, p.state, input, y);
    return y;
  }

  const kernels: Partial<KernelTable> = {
    prepareConv2d(weights, bias, spec) {
      return withOp('prepareConv2d', () => {
        alive('prepareConv2d');
        validateConv2dSpec(spec);
        validateConvWeights(weights, spec);
        return convPrepare('conv2d', weights.data, bias, spec) as unknown as Prepared<'conv2d'>;
      });
    },
    conv2d(input, prepared, out) {
      return withOp('conv2d', () => {
        alive('conv2d');
        return convRun('conv2d', input, prepared, out);
      });
    },
    prepareSparseConv2d(weights, bias, spec) {
      return withOp('prepareSparseConv2d', () => {
        alive('prepareSparseConv2d');
        validateConv2dSpec(spec);
        validateSparseConvWeights(weights, spec);
        validateCsr(weights, 'sparse convolution weights');
        return convPrepare('sparseConv2d', weights, bias, spec) as unknown as Prepared<'sparseConv2d'>;
      });
    },
    sparseConv2d(input, prepared, out) {
      return withOp('sparseConv2d', () => {
        alive('sparseConv2d');
        return convRun('sparseConv2d', input, prepared, out);
      });
    },

    prepareGemm(weights, bias, params) {
      return withOp('prepareGemm', () => {
        alive('prepareGemm');
        const relu = checkGemmParams(params, 'prepareGemm');
        const [O, K] = validateGemmWeights(weights);
        validateBias(bias, O, 'inner product bias');
        const blocks: number[] = [];
        const w = heap.alloc(O * K * 4);
        blocks.push(w);
        const b = bias ? heap.alloc(O * 4) : 0;
        if (b) blocks.push(b);
        heap.f32().set(weights.data, w >> 2);
        if (bias) heap.f32().set(bias, b >> 2);
        const state: GemmState = { O, K, w, bias: b, relu };
        return track(new WasmPrepared('gemm', owner, heap, blocks, (O * K + (bias ? O : 0)) * 4, state, (s) => gemmShape(s, K, O)));
      });
    },
    gemm(input, prepared, out) {
      return withOp('gemm', () => {
        alive('gemm');
        const p = ownPrepared<'gemm', GemmState>(prepared, 'gemm', owner, 'gemm');
        const { O, K } = p.state;
        const N = gemmBatch(input, K);
        const y = outputTensor([N, O], out, 'inner product output');
        if (N === 0) return y;
        withTemp([N * K, N * O], ([x, yp]) => {
          heap.f32().set(input.data, x! >> 2);
          ex.gemm(x!, p.state.w, p.state.bias, yp!, N, O, K, p.state.relu ? 1 : 0);
          y.data.set(heap.f32().subarray(yp! >> 2, (yp! >> 2) + N * O));
        });
        return y;
      });
    },

    prepareSpmm(weights, bias, params) {
      return withOp('prepareSpmm', () => {
        alive('prepareSpmm');
        const relu = checkGemmParams(params, 'prepareSpmm');
        const [O, K] = sparseDims(weights);
        validateBias(bias, O, 'inner product bias');
        let rowsArr: Int32Array;
        let colsArr: Int32Array;
        const csr = weights.format === 'csr';
        if (weights.format === 'csr') {
          validateCsr(weights, 'sparse inner product weights');
          rowsArr = weights.rowPtr;
          colsArr = weights.colIdx;
        } else {
          const coo = csbToCoo(weights);
          rowsArr = coo.rows;
          colsArr = coo.cols;
        }
        const nnz = weights.values.length;
        const blocks: number[] = [];
        try {
          const rows = heap.alloc(rowsArr.length * 4);
          blocks.push(rows);
          const cols = heap.alloc(nnz * 4);
          blocks.push(cols);
          const vals = heap.alloc(nnz * 4);
          blocks.push(vals);
          const b = bias ? heap.alloc(O * 4) : 0;
          if (b) blocks.push(b);
          heap.i32().set(rowsArr, rows >> 2);
          heap.i32().set(colsArr, cols >> 2);
          heap.f32().set(weights.values, vals >> 2);
          if (bias) heap.f32().set(bias, b >> 2);
          const state: SpmmState = { O, K, nnz, csr, rows, cols, vals, bias: b, relu };
          const bytes = (rowsArr.length + 2 * nnz + (bias ? O : 0)) * 4;
          return track(new WasmPrepared('spmm', owner, heap, blocks, bytes, state, (s) => gemmShape(s, K, O)));
        } catch (e) {
          for (const p of blocks) heap.free(p);
          throw e;
        }
      });
    },
    spmm(input, prepared, out) {
      return withOp('spmm', () => {
        alive('spmm');
        const p = ownPrepared<'spmm', SpmmState>(prepared, 'spmm', owner, 'spmm');
        const s = p.state;
        const N = gemmBatch(input, s.K);
        const y = outputTensor([N, s.O], out, 'inner product output');
        if (N === 0) return y;
        withTemp([N * s.K, s.K * N, s.O * N, N * s.O], ([x, xT, yT, yp]) => {
          const f = heap.f32();
          f.set(input.data, x! >> 2);
          ex.transpose(x!, xT!, N, s.K);
          f.fill(0, yT! >> 2, (yT! >> 2) + s.O * N);
          if (s.csr) ex.spmmCsr(xT!, N, s.rows, s.cols, s.vals, yT!, s.O);
          else ex.spmmCoo(xT!, N, s.rows, s.cols, s.vals, s.nnz, yT!);
          ex.spmmFinish(yT!, yp!, N, s.O, s.bias, s.relu ? 1 : 0);
          y.data.set(heap.f32().subarray(yp! >> 2, (yp! >> 2) + N * s.O));
        });
        return y;
      });
    },

    pool2d(input, params, out) {
      return withOp('pool2d', () => {
        alive('pool2d');
        assertFloat(input, 'pooling input');
        const shape = pool2dOutputShape(input.shape, params);
        const [N, C, H, W] = input.shape as [number, number, number, number];
        const y = outputTensor(shape, out, 'pooling output');
        const [kh, kw] = params.global ? [H, W] : params.kernel;
        const [sh, sw] = params.global ? [1, 1] : params.stride;
        const [ph, pw] = params.global ? [0, 0] : params.pad;
        if (y.data.length === 0) return y;
        unary(input.data, y.data.length, y.data, [], (src, dst) =>
          ex.pool2d(src, dst, N * C, H, W, shape[2], shape[3], kh, kw, sh, sw, ph, pw, params.method === 'max' ? 0 : 1),
        );
        return y;
      });
    },
    relu(input, params, out) {
      return withOp('relu', () => {
        alive('relu');
        assertFloat(input, 'ReLU input');
        const slope = params?.negativeSlope;
        if (typeof slope !== 'number' || !Number.isFinite(slope)) fail('E_ARGUMENT', 'relu', `negativeSlope must be a finite number, got ${slope}`);
        const y = out === input ? input : outputTensor(input.shape, out, 'ReLU output');
        const n = input.data.length;
        if (n === 0) return y;
        withTemp([n], ([p]) => {
          heap.f32().set(input.data, p! >> 2);
          ex.relu(p!, p!, n, slope);
          y.data.set(heap.f32().subarray(p! >> 2, (p! >> 2) + n));
        });
        return y;
      });
    },
    lrn(input, params, out) {
      return withOp('lrn', () => {
        alive('lrn');
        assertFloat(input, 'LRN input');
        if (input.shape.length !== 4) fail('E_SHAPE', 'lrn', `LRN input must be NCHW, got ${formatShape(input.shape)}`);
        const { localSize, alpha, beta, k, region } = params ?? ({} as LrnParams);
        if (!Number.isSafeInteger(localSize) || localSize < 1 || localSize % 2 !== 1) {
          fail('E_ARGUMENT', 'lrn', `LRN localSize must be a positive odd integer, got ${localSize}`);
        }
        if (![alpha, beta, k].every((v) => typeof v === 'number' && Number.isFinite(v))) {
          fail('E_ARGUMENT', 'lrn', `LRN alpha, beta and k must be finite numbers, got ${alpha}, ${beta}, ${k}`);
        }
        if (region !== 'across' && region !== 'within') fail('E_ARGUMENT', 'lrn', `LRN region must be 'across' or 'within', got '${String(region)}'`);
        const [N, C, H, W] = input.shape as [number, number, number, number];
        const y = outputTensor(input.shape, out, 'LRN output');
        const n = input.data.length;
        if (n === 0) return y;
        // The input is copied into linear memory first, so `out === input` is safe.
        unary(input.data, n, y.data, region === 'across' ? [C * H * W] : [], (src, dst, [sq]) => {
          if (region === 'across') ex.lrnAcross(src, dst, N, C, H * W, localSize, alpha, beta, k, sq!);
          else ex.lrnWithin(src, dst, N * C, H, W, localSize, alpha, beta, k);
        });
        return y;
      });
    },
    softmax(input, params, out) {
      return withOp('softmax', () => {
        alive('softmax');
        assertFloat(input, 'softmax input');
        if (input.shape.length === 0) fail('E_SHAPE', 'softmax', 'softmax input must have an axis');
        const axis = normalizeAxis(params?.axis, input.shape.length);
        const y = outputTensor(input.shape, out, 'softmax output');
        const [outer, d, inner] = splitAt(input.shape, axis);
        const n = input.data.length;
        if (n === 0) return y;
        unary(input.data, n, y.data, [], (src, dst) => ex.softmax(src, dst, outer, d, inner));
        return y;
      });
    },
    concat(inputs, params, out) {
      return withOp('concat', () => {
        alive('concat');
        // A pure copy: done with TypedArray.set (a round trip through linear memory would only add two copies).
        if (!Array.isArray(inputs) || inputs.length === 0) fail('E_ARGUMENT', 'concat', 'concat needs at least one input');
        inputs.forEach((t, i) => assertFloat(t, `concat input ${i}`));
        const first = inputs[0]!.shape;
        if (first.length === 0) fail('E_SHAPE', 'concat', 'concat inputs must have at least one axis');
        const axis = normalizeAxis(params?.axis, first.length);
        const shape = [...first];
        shape[axis] = 0;
        for (let i = 0; i < inputs.length; i++) {
          const s = inputs[i]!.shape;
          if (s.length !== first.length || s.some((d: number, j: number) => j !== axis && d !== first[j])) {
            fail('E_SHAPE', 'concat', `concat input ${i} ${formatShape(s)} does not match ${formatShape(first)} outside axis ${axis}`);
          }
          shape[axis]! += s[axis]!;
        }
        sizeOf(shape);
        const y = outputTensor(shape, out, 'concat output');
        const sources = inputs.map((t) => (t.data === y.data ? t.data.slice() : t.data));
        const [outer, , inner] = splitAt(shape, axis);
        const total = shape[axis]! * inner;
        let at = 0;
        for (let i = 0; i < inputs.length; i++) {
          const chunk = inputs[i]!.shape[axis]! * inner;
          const src = sources[i]!;
          for (let o = 0; o < outer; o++) y.data.set(src.subarray(o * chunk, (o + 1) * chunk), o * total + at);
          at += chunk;
        }
        return y;
      });
    },
    eltwise(inputs, params, out) {
      return withOp('eltwise', () => {
        alive('eltwise');
        if (!Array.isArray(inputs) || inputs.length === 0) fail('E_ARGUMENT', 'eltwise', 'eltwise needs at least one input');
        inputs.forEach((t, i) => assertFloat(t, `eltwise input ${i}`));
        const shape = inputs[0]!.shape;
        inputs.forEach((t, i) => {
          if (!shapesEqual(t.shape, shape)) fail('E_SHAPE', 'eltwise', `eltwise input ${i} ${formatShape(t.shape)} differs from ${formatShape(shape)}`);
        });
        const op = params?.op;
        if (op !== 'sum' && op !== 'prod' && op !== 'max') fail('E_ARGUMENT', 'eltwise', `eltwise op must be sum, prod or max, got '${String(op)}'`);
        const coeffs = params.coeffs;
        if (coeffs !== undefined) {
          if (op !== 'sum') fail('E_ARGUMENT', 'eltwise', 'eltwise coeffs only apply to sum');
          if (!Array.isArray(coeffs) || coeffs.length !== inputs.length || !coeffs.every((v) => typeof v === 'number' && Number.isFinite(v))) {
            fail('E_ARGUMENT', 'eltwise', `eltwise coeffs must be ${inputs.length} finite numbers`);
          }
        }
        const y = outputTensor(shape, out, 'eltwise output');
        const n = y.data.length;
        if (n === 0) return y;
        const code = op === 'sum' ? 0 : op === 'prod' ? 1 : 2;
        withTemp([n, n], ([acc, tmp]) => {
          heap.f32().set(inputs[0]!.data, acc! >> 2);
          if (op === 'sum' && coeffs !== undefined && coeffs[0] !== 1) ex.scaleInPlace(acc!, n, coeffs[0]!);
          for (let i = 1; i < inputs.length; i++) {
            heap.f32().set(inputs[i]!.data, tmp! >> 2);
            ex.eltwiseInto(acc!, tmp!, n, code, coeffs?.[i] ?? 1);
          }
          y.data.set(heap.f32().subarray(acc! >> 2, (acc! >> 2) + n));
        });
        return y;
      });
    },
    batchNorm(input, params, out) {
      return withOp('batchNorm', () => {
        alive('batchNorm');
        const C = channelAxis(input, 'batch norm');
        const { mean, variance, eps } = params ?? ({} as BatchNormParams);
        checkChannelVector(mean, C, 'batch norm mean', 'batchNorm');
        checkChannelVector(variance, C, 'batch norm variance', 'batchNorm');
        if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) fail('E_ARGUMENT', 'batchNorm', `batch norm eps must be a finite number >= 0, got ${eps}`);
        const scale = new Float32Array(C);
        const shift = new Float32Array(C);
        for (let c = 0; c < C; c++) {
          const v = variance[c]! + eps;
          if (!(v > 0)) fail('E_RANGE', 'batchNorm', `batch norm variance + eps must be positive, got ${v} for channel ${c}`);
          const s = 1 / Math.sqrt(v);
          scale[c] = s;
          shift[c] = -mean[c]! * s;
        }
        return affineOp(input, scale, shift, out, 'batch norm output');
      });
    },
    scale(input, params, out) {
      return withOp('scale', () => {
        alive('scale');
        const C = channelAxis(input, 'scale');
        checkChannelVector(params?.scale, C, 'scale factors', 'scale');
        if (params.bias !== null) checkChannelVector(params.bias, C, 'scale bias', 'scale');
        return affineOp(input, params.scale, params.bias, out, 'scale output');
      });
    },
  };

  function affineOp(input: Tensor, scale: Float32Array, shift: Float32Array | null, out: Tensor | undefined, what: string): Tensor {
    const y = out === input ? input : outputTensor(input.shape, out, what);
    const n = input.data.length;
    if (n === 0) return y;
    const [N, C, inner] = splitAt(input.shape, 1);
    withTemp([n, C, C], ([p, s, t]) => {
      const f = heap.f32();
      f.set(input.data, p! >> 2);
      f.set(scale, s! >> 2);
      if (shift) f.set(shift, t! >> 2);
      ex.affine(p!, p!, N, C, inner, s!, shift ? t! : 0);
      y.data.set(heap.f32().subarray(p! >> 2, (p! >> 2) + n));
    });
    return y;
  }

  const info: BackendInfo = { name: 'wasm', isa: 'wasm-simd128', threads: 1, version: VERSION };

  return {
    name: 'wasm',
    kernels,
    info: () => info,
    memoryStats: () => ({ allocatedBytes: heap.allocatedBytes, memoryBytes: heap.memoryBytes }),
    dispose() {
      if (disposed) return;
      for (const p of [...live]) p.dispose();
      disposed = true;
    },
  };
}

function gemmShape(s: Shape, K: number, O: number): number[] {
  const total = sizeOf(s);
  const n = s[0];
  if (s.length < 1 || n === undefined) throw new SparseCnnError('E_SHAPE', 'inner product input must have a batch axis');
  if ((n === 0 ? K : total / n) !== K) {
    throw new SparseCnnError('E_SHAPE', `inner product input ${formatShape(s)} has ${total / n} features per item, the weights need ${K}`);
  }
  return [n, O];
}

function splitAt(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

function channelAxis(input: Tensor, what: string): number {
  assertFloat(input, `${what} input`);
  if (input.shape.length < 2) throw new SparseCnnError('E_SHAPE', `${what} input must be [N, C, ...], got ${formatShape(input.shape)}`);
  return input.shape[1]!;
}

function checkChannelVector(v: unknown, C: number, what: string, op: string): asserts v is Float32Array {
  if (!(v instanceof Float32Array) || v.length !== C) {
    fail('E_SHAPE', op, `${what} must be a Float32Array of ${C} values, got ${v instanceof Float32Array ? v.length : typeof v}`);
  }
  assertFinite(v, what);
}
