import { allocateTyped, dtypeOf, type AnyTypedArray, type DType, type TypedArrayOf } from './dtype.js';
import { SparseCnnError } from './errors.js';
import { formatShape, sizeOf, stridesOf, type Shape } from './shape.js';

/**
 * A dense, row-major (C-order) tensor. Activations are NCHW float32. `data` may be a view into memory a backend owns
 * (wasm linear memory): copy it if you keep it past the backend's next call.
 */
export interface Tensor<D extends DType = 'float32'> {
  readonly dtype: D;
  readonly shape: Shape;
  readonly data: TypedArrayOf<D>;
}

/** Wrap existing data (no copy). The element count must match the shape. */
export function tensor<D extends DType = 'float32'>(data: TypedArrayOf<D>, shape: Shape): Tensor<D> {
  const n = sizeOf(shape);
  if (data.length !== n) {
    throw new SparseCnnError('E_SHAPE', `data has ${data.length} elements but shape ${formatShape(shape)} needs ${n}`);
  }
  return { dtype: dtypeOf(data) as D, shape: [...shape], data };
}

/** A new zero-filled tensor. */
export function zeros<D extends DType = 'float32'>(shape: Shape, dtype: D = 'float32' as D): Tensor<D> {
  return { dtype, shape: [...shape], data: allocateTyped(dtype, sizeOf(shape)) };
}

/** A new tensor filled with `value`. */
export function full(shape: Shape, value: number): Tensor {
  const t = zeros(shape);
  t.data.fill(value);
  return t;
}

/** A view with another shape over the same data (same element count). */
export function reshape<D extends DType>(t: Tensor<D>, shape: Shape): Tensor<D> {
  const inferred = inferShape(shape, t.data.length);
  return { dtype: t.dtype, shape: inferred, data: t.data };
}

/** Resolve one -1 dimension in `shape` against a total element count. */
export function inferShape(shape: Shape, total: number): number[] {
  const out = [...shape];
  const minus = out.indexOf(-1);
  if (minus >= 0) {
    const rest = sizeOf(out.filter((_, i) => i !== minus));
    if (rest === 0 || total % rest !== 0) {
      throw new SparseCnnError('E_SHAPE', `cannot reshape ${total} elements to ${formatShape(shape)}`);
    }
    out[minus] = total / rest;
  }
  if (sizeOf(out) !== total) throw new SparseCnnError('E_SHAPE', `cannot reshape ${total} elements to ${formatShape(shape)}`);
  return out;
}

/** A deep copy. */
export function clone<D extends DType>(t: Tensor<D>): Tensor<D> {
  return { dtype: t.dtype, shape: [...t.shape], data: t.data.slice() as TypedArrayOf<D> };
}

/**
 * A view of images [start, start + count) of a batch (the leading axis), sharing data. Only the leading axis can be
 * sliced without a copy in row-major layout.
 */
export function sliceBatch<D extends DType>(t: Tensor<D>, start: number, count: number): Tensor<D> {
  const n = t.shape[0] ?? 0;
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > n) {
    throw new SparseCnnError('E_ARGUMENT', `batch slice [${start}, ${start + count}) is outside [0, ${n})`);
  }
  const per = n === 0 ? 0 : t.data.length / n;
  const data = t.data.subarray(start * per, (start + count) * per) as TypedArrayOf<D>;
  return { dtype: t.dtype, shape: [count, ...t.shape.slice(1)], data };
}

/** Element at a multi-index (for tests and debugging; not for hot loops). */
export function at(t: Tensor<DType>, ...index: number[]): number {
  if (index.length !== t.shape.length) throw new SparseCnnError('E_ARGUMENT', `index rank ${index.length} != tensor rank ${t.shape.length}`);
  const strides = stridesOf(t.shape);
  let off = 0;
  for (let i = 0; i < index.length; i++) {
    const v = index[i]!;
    if (v < 0 || v >= t.shape[i]!) throw new SparseCnnError('E_RANGE', `index ${v} out of range for axis ${i} of ${formatShape(t.shape)}`);
    off += v * strides[i]!;
  }
  return t.data[off]!;
}

/** Throw E_SHAPE unless `t` is a float32 tensor of exactly `shape`. */
export function assertShape(t: Tensor<DType>, shape: Shape, what = 'tensor'): void {
  if (t.dtype !== 'float32') throw new SparseCnnError('E_SHAPE', `${what} must be float32, got ${t.dtype}`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new SparseCnnError('E_SHAPE', `${what} must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`);
  }
  if (t.data.length !== sizeOf(shape)) {
    throw new SparseCnnError('E_SHAPE', `${what} has ${t.data.length} elements, shape ${formatShape(shape)} needs ${sizeOf(shape)}`);
  }
}

/** Validate a tensor's internal consistency (dtype matches data, size matches shape). */
export function assertTensor(t: unknown, what = 'tensor'): asserts t is Tensor<DType> {
  if (typeof t !== 'object' || t === null) throw new SparseCnnError('E_ARGUMENT', `${what} is not a tensor`);
  const x = t as Partial<Tensor<DType>>;
  if (!Array.isArray(x.shape)) throw new SparseCnnError('E_ARGUMENT', `${what} has no shape array`);
  if (!(x.data instanceof Float32Array || x.data instanceof Int32Array || x.data instanceof Uint8Array)) {
    throw new SparseCnnError('E_ARGUMENT', `${what}.data must be a Float32Array, Int32Array or Uint8Array`);
  }
  if (x.dtype !== dtypeOf(x.data)) throw new SparseCnnError('E_ARGUMENT', `${what}.dtype '${String(x.dtype)}' does not match its data`);
  if (x.data.length !== sizeOf(x.shape)) {
    throw new SparseCnnError('E_SHAPE', `${what} has ${x.data.length} elements but shape ${formatShape(x.shape)} needs ${sizeOf(x.shape)}`);
  }
}
