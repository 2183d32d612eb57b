/**
 * What every wasm op file gets from createWasmBackendFromExports: the module's exports and heap, the ownership and
 * liveness checks, and the copy-in / run / copy-out helpers; plus the small validation helpers several ops share.
 */
import { assertFinite, assertFloat } from '@sparsecnn/kernels-api';
import type { GemmParams, PreparedKind } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, sizeOf, type Shape, type Tensor } from '@sparsecnn/tensor';
import type { DirectConvTuning } from '../conv.js';
import type { WasmHeap } from '../heap.js';
import type { KernelsExports } from '../loader.js';
import type { WasmPrepared } from '../prepared.js';
import type { WasmThreadPool } from '../threads.js';

/** Per-backend state handed to each op factory. */
export interface WasmOpContext {
  readonly ex: KernelsExports;
  readonly heap: WasmHeap;
  /** Identity of this backend instance (stamped on its prepared handles). */
  readonly owner: object;
  /** Direct-convolution tuning (benchmarks). */
  readonly convTuning: DirectConvTuning | undefined;
  /** Worker threads sharing this memory (null: one thread). */
  readonly pool: WasmThreadPool | null;
  /** Throws E_DISPOSED (naming `op`) once the backend is disposed. */
  alive(op: string): void;
  /** Register a new prepared handle so that backend.dispose() frees it. */
  track<P extends WasmPrepared<PreparedKind, unknown>>(p: P): P;
  /** Temporary blocks of `sizes[i]` floats for one call, freed in `finally`. */
  withTemp<T>(sizes: number[], fn: (ptrs: number[]) => T): T;
  /** Copy `data` in, run `fn(src, dst, extra)`, copy `outLen` floats out to `out`. */
  unary(data: Float32Array, outLen: number, out: Float32Array, extra: number[], fn: (src: number, dst: number, extra: number[]) => void): void;
}

export function fail(code: 'E_ARGUMENT' | 'E_SHAPE' | 'E_RANGE', op: string, msg: string): never {
  throw new SparseCnnError(code, msg, { op, backend: 'wasm' });
}

/** Re-throw a validation error with the op and backend in its context (keeps the code and message). */
export function withOp<T>(op: string, fn: () => T): T {
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

export function gemmShape(s: Shape, K: number, O: number): number[] {
  const total = sizeOf(s);
  const n = s[0];
  if (s.length < 1 || n === undefined) throw new SparseCnnError('E_SHAPE', 'inner product input must have a batch axis');
  if ((n === 0 ? K : total / n) !== K) {
    throw new SparseCnnError('E_SHAPE', `inner product input ${formatShape(s)} has ${total / n} features per item, the weights need ${K}`);
  }
  return [n, O];
}

export function checkGemmParams(params: GemmParams, op: string): boolean {
  if (typeof params !== 'object' || params === null || typeof params.relu !== 'boolean') {
    fail('E_ARGUMENT', op, 'inner product params must be { relu: boolean }');
  }
  return params.relu;
}

export function splitAt(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

export function channelAxis(input: Tensor, what: string): number {
  assertFloat(input, `${what} input`);
  if (input.shape.length < 2) throw new SparseCnnError('E_SHAPE', `${what} input must be [N, C, ...], got ${formatShape(input.shape)}`);
  return input.shape[1]!;
}

export function checkChannelVector(v: unknown, C: number, what: string, op: string): asserts v is Float32Array {
  if (!(v instanceof Float32Array) || v.length !== C) {
    fail('E_SHAPE', op, `${what} must be a Float32Array of ${C} values, got ${v instanceof Float32Array ? v.length : typeof v}`);
  }
  assertFinite(v, what);
}
