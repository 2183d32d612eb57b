/**
 * The native KernelBackend: validation in TypeScript (kernels-api's shared rules), then one call into the addon,
 * which validates sizes and indices again before touching memory.
 */
import {
  SparseCnnError, formatShape, isSparseCnnError, normalizeAxis, sizeOf, type ErrorCode, type Shape, type Tensor,
} from '@sparsecnn/tensor';
import { chooseChannelBlock, validateCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import {
  assertFinite, assertFloat, convOutputShape, gemmBatch, outputTensor, pool2dOutputShape, sparseDims, validateBias,
  validateConv2dSpec, validateConvWeights, validateGemmWeights, validateSparseConvWeights,
  type AsyncKernelTable, type BackendInfo, type ConcatParams, type Conv2dSpec, type EltwiseParams, type GemmParams,
  type Isa, type KernelBackend, type KernelTable, type LrnParams, type Pool2dParams, type Prepared, type PreparedKind,
} from '@sparsecnn/kernels-api';
import { nativeBackwardKernels } from './backward.js';
import type { NativeAddon, NativeContext, NativeHandle } from './binding.js';

const BACKEND = 'native';
const CODES = new Set<ErrorCode>([
  'E_ARGUMENT', 'E_SHAPE', 'E_RANGE', 'E_OVERFLOW', 'E_FORMAT', 'E_TRUNCATED', 'E_CHECKSUM', 'E_VERSION', 'E_PARSE',
  'E_UNSUPPORTED', 'E_BACKEND', 'E_IO', 'E_DISPOSED',
]);

/** Turn an addon error ("E_CODE: text", with `code`) into a SparseCnnError naming the op. */
export function toSparseCnnError(e: unknown, op: string): SparseCnnError {
  if (isSparseCnnError(e)) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' && CODES.has(err.code as ErrorCode) ? (err.code as ErrorCode) : 'E_BACKEND';
  const message = String(err?.message ?? e).replace(/^E_[A-Z]+: /, '');
  return new SparseCnnError(code, message, { op, backend: BACKEND }, { cause: e });
}

function guard<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toSparseCnnError(e, op);
  }
}

async function guardAsync<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toSparseCnnError(e, op);
  }
}

/** A prepared layer: owns one addon handle; `dispose()` frees it at once (the GC frees it otherwise). */
class NativePrepared<K extends PreparedKind> implements Prepared<K> {
  readonly backend = BACKEND;
  #handle: NativeHandle | null;
  readonly #bytes: number;

  constructor(
    readonly kind: K,
    handle: NativeHandle,
    readonly owner: object,
    private readonly shapeOf: (inputShape: Shape) => number[],
  ) {
    this.#handle = handle;
    this.#bytes = handle.bytes;
  }

  get bytes(): number {
    return this.#handle === null ? 0 : this.#bytes;
  }
  get disposed(): boolean {
    return this.#handle === null;
  }
  outputShape(inputShape: Shape): number[] {
    return this.shapeOf(inputShape);
  }
  handle(op: string): NativeHandle {
    if (this.#handle === null || this.#handle.disposed) throw new SparseCnnError('E_DISPOSED', 'the prepared layer was disposed', { op, backend: BACKEND });
    return this.#handle;
  }
  dispose(): void {
    this.#handle?.dispose();
    this.#handle = null;
  }
}

function geometry(spec: Conv2dSpec, relu: boolean): Int32Array {
  return Int32Array.from([
    spec.inChannels, spec.inH, spec.inW, spec.outChannels, spec.kernel[0], spec.kernel[1], spec.stride[0], spec.stride[1],
    spec.pad[0], spec.pad[1], spec.dilation[0], spec.dilation[1], spec.groups, relu ? 1 : 0,
  ]);
}

function copySpec(spec: Conv2dSpec): Conv2dSpec {
  return {
    inChannels: spec.inChannels, inH: spec.inH, inW: spec.inW, outChannels: spec.outChannels,
    kernel: [spec.kernel[0], spec.kernel[1]], stride: [spec.stride[0], spec.stride[1]], pad: [spec.pad[0], spec.pad[1]],
    dilation: [spec.dilation[0], spec.dilation[1]], groups: spec.groups, relu: Boolean(spec.relu),
  };
}

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

/** Input channels per block: SPARSECNN_CHANNEL_BLOCK (tuning experiments) or SkimCaffe's heuristic. */
function channelBlockFor(nnz: number, outChannels: number, cg: number): number {
  const env = typeof process !== 'undefined' ? Number(process.env.SPARSECNN_CHANNEL_BLOCK ?? '') : NaN;
  if (Number.isSafeInteger(env) && env > 0) {
    let bs = Math.min(env, cg);
    while (cg % bs !== 0) bs++;
    return bs;
  }
  return chooseChannelBlock(nnz, outChannels, cg);
}

export interface NativeBackendOptions {
  readonly threads: number;
  readonly isa: Isa | 'auto';
}

/** Build a backend on a loaded addon. */
export function createNativeBackend(addon: NativeAddon, options: NativeBackendOptions): KernelBackend {
  const ctx: NativeContext = guard('create', () => new addon.Context(options.threads, options.isa));
  const owner = {};
  let disposed = false;
  const live = (op: string): NativeContext => {
    if (disposed) throw new SparseCnnError('E_DISPOSED', 'the native backend was disposed', { op, backend: BACKEND });
    return ctx;
  };
  const own = <K extends PreparedKind>(p: Prepared<K>, kind: K, op: string): NativePrepared<K> => {
    if (!(p instanceof NativePrepared) || p.owner !== owner || p.kind !== kind) {
      throw new SparseCnnError('E_ARGUMENT', `expected a '${kind}' layer prepared by this native backend`, { op, backend: BACKEND });
    }
    return p as NativePrepared<K>;
  };

  // ---- heavy ops: prepare + run (sync and async) ----
  const convShape = (spec: Conv2dSpec) => (s: Shape): number[] => convOutputShape(spec, s);
  const gemmShape = (o: number, k: number) => (s: Shape): number[] => {
    const n = s[0] ?? 0;
    if (s.length < 1 || sizeOf(s) !== n * k) throw new SparseCnnError('E_SHAPE', `inner product input ${formatShape(s)} needs ${k} features per item`);
    return [n, o];
  };

  const prepareSparseConv2d: KernelTable['prepareSparseConv2d'] = (weights, bias, specIn) =>
    guard('prepareSparseConv2d', () => {
      const spec = copySpec(specIn);
      validateConv2dSpec(spec);
      validateSparseConvWeights(weights, spec);
      validateCsr(weights, 'sparse convolution weights');
      validateBias(bias, spec.outChannels);
      const cg = spec.inChannels / spec.groups;
      const cb = channelBlockFor(weights.values.length, spec.outChannels, cg);
      const h = live('prepareSparseConv2d').prepareSparseConv(geometry(spec, spec.relu), cb, weights.rowPtr, weights.colIdx, weights.values, bias);
      return new NativePrepared('sparseConv2d', h, owner, convShape(spec));
    });

  const prepareConv2d: KernelTable['prepareConv2d'] = (weights, bias, specIn) =>
    guard('prepareConv2d', () => {
      const spec = copySpec(specIn);
      validateConv2dSpec(spec);
      validateConvWeights(weights, spec);
      validateBias(bias, spec.outChannels);
      const h = live('prepareConv2d').prepareDenseConv(geometry(spec, spec.relu), weights.data, bias);
      return new NativePrepared('conv2d', h, owner, convShape(spec));
    });

  const prepareGemm: KernelTable['prepareGemm'] = (weights, bias, params) =>
    guard('prepareGemm', () => {
      const [o, k] = validateGemmWeights(weights);
      validateBias(bias, o);
      const h = live('prepareGemm').prepareGemm(o, k, Boolean(params?.relu), weights.data, bias);
      return new NativePrepared('gemm', h, owner, gemmShape(o, k));
    });

  const prepareSpmm: KernelTable['prepareSpmm'] = (weights, bias, params: GemmParams) =>
    guard('prepareSpmm', () => {
      const [o, k] = sparseDims(weights);
      const csr = weights.format === 'csb' ? csbToCsrLocal(weights) : weights;
      validateCsr(csr, 'sparse inner product weights');
      validateBias(bias, o);
      const h = live('prepareSpmm').prepareSpmm(o, k, Boolean(params?.relu), csr.rowPtr, csr.colIdx, csr.values, bias);
      return new NativePrepared('spmm', h, owner, gemmShape(o, k));
    });

  /** Validate a run and return [handle, batch, output]. */
  const runArgs = <K extends PreparedKind>(op: string, kind: K, input: Tensor, prepared: Prepared<K>, out: Tensor | undefined) => {
    const p = own(prepared, kind, op);
    assertFloat(input, `${op} input`);
    const shape = p.outputShape(input.shape);
    const result = outputTensor(shape, out, `${op} output`);
    if (result.data === input.data) throw new SparseCnnError('E_ARGUMENT', `${op} cannot run in place`);
    const handle = p.handle(op);
    return { handle, n: shape[0]!, result };
  };

  const runner = <K extends PreparedKind>(op: string, kind: K) => (input: Tensor, prepared: Prepared<K>, out?: Tensor): Tensor =>
    guard(op, () => {
      const { handle, n, result } = runArgs(op, kind, input, prepared, out);
      live(op).run(handle, input.data, n, result.data);
      return result;
    });
  const asyncRunner = <K extends PreparedKind>(op: string, kind: K) => (input: Tensor, prepared: Prepared<K>, out?: Tensor): Promise<Tensor> =>
    guardAsync(op, async () => {
      const { handle, n, result } = runArgs(op, kind, input, prepared, out);
      await live(op).runAsync(handle, input.data, n, result.data);
      return result;
    });

  // ---- light ops ----
  const pool2d: KernelTable['pool2d'] = (input, params: Pool2dParams, out) =>
    guard('pool2d', () => {
      assertFloat(input, 'pooling input');
      const shape = pool2dOutputShape(input.shape, params);
      const [n, c, h, w] = input.shape as [number, number, number, number];
      const result = outputTensor(shape, out, 'pooling output');
      if (result.data === input.data) throw new SparseCnnError('E_ARGUMENT', 'pooling cannot run in place');
      const k = params.global ? [h, w] : params.kernel;
      const s = params.global ? [1, 1] : params.stride;
      const p = params.global ? [0, 0] : params.pad;
      if (p[0]! >= k[0]! || p[1]! >= k[1]!) throw new SparseCnnError('E_ARGUMENT', `pooling pad ${JSON.stringify(p)} must be smaller than the kernel ${JSON.stringify(k)}`);
      const args = Int32Array.from([n, c, h, w, shape[2], shape[3], k[0]!, k[1]!, s[0]!, s[1]!, p[0]!, p[1]!, params.method === 'max' ? 1 : 0]);
      if (result.data.length > 0) live('pool2d').pool2d(input.data, result.data, args);
      return result;
    });

  const relu: KernelTable['relu'] = (input, params, out) =>
    guard('relu', () => {
      assertFloat(input, 'relu input');
      const result = outputTensor(input.shape, out, 'relu output');
      const slope = params?.negativeSlope ?? 0;
      if (!Number.isFinite(slope)) throw new SparseCnnError('E_ARGUMENT', `relu negativeSlope must be finite, got ${slope}`);
      live('relu').relu(input.data, result.data, slope);
      return result;
    });

  const lrn: KernelTable['lrn'] = (input, params: LrnParams, out) =>
    guard('lrn', () => {
      assertFloat(input, 'lrn input');
      if (input.shape.length !== 4) throw new SparseCnnError('E_SHAPE', `lrn input must be NCHW, got ${formatShape(input.shape)}`);
      const { localSize, alpha, beta, k, region } = params;
      if (!Number.isSafeInteger(localSize) || localSize < 1 || localSize % 2 === 0) {
        throw new SparseCnnError('E_ARGUMENT', `lrn localSize must be a positive odd integer, got ${localSize}`);
      }
      if (![alpha, beta, k].every(Number.isFinite)) throw new SparseCnnError('E_ARGUMENT', 'lrn alpha, beta and k must be finite');
      if (region !== 'across' && region !== 'within') throw new SparseCnnError('E_ARGUMENT', `lrn region must be 'across' or 'within'`);
      const result = outputTensor(input.shape, out, 'lrn output');
      if (result.data === input.data) throw new SparseCnnError('E_ARGUMENT', 'lrn cannot run in place');
      const [n, c, h, w] = input.shape as [number, number, number, number];
      live('lrn').lrn(input.data, result.data, Int32Array.from([n, c, h, w, localSize, region === 'across' ? 1 : 0]), alpha, beta, k);
      return result;
    });

  const softmax: KernelTable['softmax'] = (input, params, out) =>
    guard('softmax', () => {
      assertFloat(input, 'softmax input');
      const axis = normalizeAxis(params?.axis ?? 1, input.shape.length);
      const outer = sizeOf(input.shape.slice(0, axis));
      const len = input.shape[axis]!;
      const inner = sizeOf(input.shape.slice(axis + 1));
      const result = outputTensor(input.shape, out, 'softmax output');
      if (len > 0 && result.data.length > 0) live('softmax').softmax(input.data, result.data, outer, len, inner);
      return result;
    });

  const concat: KernelTable['concat'] = (inputs, params: ConcatParams, out) =>
    guard('concat', () => {
      if (!Array.isArray(inputs as unknown) || inputs.length === 0) throw new SparseCnnError('E_ARGUMENT', 'concat needs at least one input');
      inputs.forEach((t, i) => assertFloat(t, `concat input ${i}`));
      const first = inputs[0]!;
      const rank = first.shape.length;
      const axis = normalizeAxis(params?.axis ?? 1, rank);
      let total = 0;
      for (const t of inputs) {
        if (t.shape.length !== rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
          throw new SparseCnnError('E_SHAPE', `concat inputs ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${axis}`);
        }
        total += t.shape[axis]!;
      }
      const shape = first.shape.map((d, i) => (i === axis ? total : d));
      const result = outputTensor(shape, out, 'concat output');
      if (inputs.some((t) => t.data === result.data)) throw new SparseCnnError('E_ARGUMENT', 'concat cannot write into one of its inputs');
      const outer = sizeOf(first.shape.slice(0, axis));
      const inner = sizeOf(first.shape.slice(axis + 1));
      const outRow = total * inner;
      let offset = 0;
      for (const t of inputs) {
        const row = t.shape[axis]! * inner;
        for (let o = 0; o < outer; o++) result.data.set(t.data.subarray(o * row, (o + 1) * row), o * outRow + offset);
        offset += row;
      }
      return result;
    });

  const eltwise: KernelTable['eltwise'] = (inputs, params: EltwiseParams, out) =>
    guard('eltwise', () => {
      if (!Array.isArray(inputs as unknown) || inputs.length === 0) throw new SparseCnnError('E_ARGUMENT', 'eltwise needs at least one input');
      inputs.forEach((t, i) => assertFloat(t, `eltwise input ${i}`));
      const shape = inputs[0]!.shape;
      for (const t of inputs) {
        if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
          throw new SparseCnnError('E_SHAPE', `eltwise inputs must have one shape, got ${formatShape(shape)} and ${formatShape(t.shape)}`);
        }
      }
      const op = params?.op === 'sum' ? 0 : params?.op === 'prod' ? 1 : params?.op === 'max' ? 2 : -1;
      if (op < 0) throw new SparseCnnError('E_ARGUMENT', `eltwise op must be 'sum', 'prod' or 'max', got ${String(params?.op)}`);
      const coeffs = params.coeffs ?? inputs.map(() => 1);
      if (coeffs.length !== inputs.length || !coeffs.every(Number.isFinite)) {
        throw new SparseCnnError('E_ARGUMENT', `eltwise needs ${inputs.length} finite coefficients, got ${coeffs.length}`);
      }
      if (op !== 0 && params.coeffs !== undefined && coeffs.some((c) => c !== 1)) {
        throw new SparseCnnError('E_ARGUMENT', 'eltwise coefficients apply to sum only');
      }
      const result = outputTensor(shape, out, 'eltwise output');
      live('eltwise').eltwise(inputs.map((t) => t.data), result.data, op, Float32Array.from(coeffs));
      return result;
    });

  const affine = (op: string, input: Tensor, mul: Float32Array, add: Float32Array | null, out: Tensor | undefined): Tensor => {
    assertFloat(input, `${op} input`);
    if (input.shape.length < 2) throw new SparseCnnError('E_SHAPE', `${op} input needs a channel axis, got ${formatShape(input.shape)}`);
    const c = input.shape[1]!;
    if (mul.length !== c || (add !== null && add.length !== c)) throw new SparseCnnError('E_SHAPE', `${op} parameters need ${c} channels`);
    const result = outputTensor(input.shape, out, `${op} output`);
    live(op).channelAffine(input.data, result.data, input.shape[0]!, c, sizeOf(input.shape.slice(2)), mul, add);
    return result;
  };

  const batchNorm: KernelTable['batchNorm'] = (input, params, out) =>
    guard('batchNorm', () => {
      const { mean, variance, eps } = params;
      if (!(mean instanceof Float32Array) || !(variance instanceof Float32Array) || mean.length !== variance.length) {
        throw new SparseCnnError('E_ARGUMENT', 'batchNorm mean and variance must be Float32Arrays of one length');
      }
      if (!Number.isFinite(eps) || eps < 0) throw new SparseCnnError('E_ARGUMENT', `batchNorm eps must be >= 0, got ${eps}`);
      assertFinite(mean, 'batchNorm mean');
      assertFinite(variance, 'batchNorm variance');
      const mul = new Float32Array(mean.length);
      const add = new Float32Array(mean.length);
      for (let i = 0; i < mean.length; i++) {
        if (variance[i]! + eps <= 0) throw new SparseCnnError('E_RANGE', `batchNorm variance + eps is ${variance[i]! + eps} at channel ${i}`);
        const inv = 1 / Math.sqrt(variance[i]! + eps);
        mul[i] = inv;
        add[i] = -mean[i]! * inv;
      }
      return affine('batchNorm', input, mul, add, out);
    });

  const scale: KernelTable['scale'] = (input, params, out) =>
    guard('scale', () => {
      if (!(params?.scale instanceof Float32Array) || (params.bias !== null && !(params.bias instanceof Float32Array))) {
        throw new SparseCnnError('E_ARGUMENT', 'scale params must be Float32Arrays (bias may be null)');
      }
      assertFinite(params.scale, 'scale factors');
      if (params.bias) assertFinite(params.bias, 'scale bias');
      return affine('scale', input, params.scale, params.bias, out);
    });

  const kernels: Partial<KernelTable> = {
    prepareConv2d, conv2d: runner('conv2d', 'conv2d'),
    prepareSparseConv2d, sparseConv2d: runner('sparseConv2d', 'sparseConv2d'),
    prepareGemm, gemm: runner('gemm', 'gemm'),
    prepareSpmm, spmm: runner('spmm', 'spmm'),
    pool2d, relu, lrn, softmax, concat, eltwise, batchNorm, scale,
    ...nativeBackwardKernels(ctx, live, guard),
  };
  const asyncKernels: Partial<AsyncKernelTable> = {
    conv2d: asyncRunner('conv2d', 'conv2d'),
    sparseConv2d: asyncRunner('sparseConv2d', 'sparseConv2d'),
    gemm: asyncRunner('gemm', 'gemm'),
    spmm: asyncRunner('spmm', 'spmm'),
  };
  const info = guard('info', () => ctx.info());
  return {
    name: BACKEND,
    kernels,
    async: asyncKernels,
    info(): BackendInfo {
      return { name: BACKEND, isa: info.isa, threads: info.threads, version: info.version };
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      ctx.dispose();
    },
  };
}
