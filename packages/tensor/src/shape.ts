import { SparseCnnError } from './errors.js';

export type Shape = readonly number[];
/** NCHW activation shape. */
export type Shape4 = readonly [n: number, c: number, h: number, w: number];

/** Largest element count a tensor may have: 2^31 - 1 (indices are int32 in every backend). */
export const MAX_ELEMENTS = 0x7fffffff;

/** Number of elements; validates that every dimension is a non-negative safe integer and the product fits. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new SparseCnnError('E_SHAPE', `dimension ${i} of shape [${shape.join(', ')}] is not a non-negative integer`);
    }
    n *= d;
    if (n > MAX_ELEMENTS) {
      throw new SparseCnnError('E_OVERFLOW', `shape [${shape.join(', ')}] has more than ${MAX_ELEMENTS} elements`);
    }
  }
  return n;
}

/** Row-major (C-order) strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Resolve a possibly negative axis against a rank. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new SparseCnnError('E_ARGUMENT', `axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

/** Require a rank-4 shape and return it typed. */
export function asShape4(shape: Shape, what = 'tensor'): Shape4 {
  if (shape.length !== 4) {
    throw new SparseCnnError('E_SHAPE', `${what} must be 4-D NCHW, got shape ${formatShape(shape)}`);
  }
  return shape as Shape4;
}
