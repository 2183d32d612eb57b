import type { AnyTypedArray } from './dtype.js';

export interface Tolerance {
  /** Absolute tolerance. */
  readonly atol: number;
  /** Relative tolerance (relative to |expected|). */
  readonly rtol: number;
}

export interface CloseReport {
  readonly ok: boolean;
  /** Number of elements compared. */
  readonly count: number;
  /** Number of elements outside tolerance (NaN anywhere counts). */
  readonly failures: number;
  readonly maxAbsError: number;
  /** Index of the worst element relative to its allowed error, or -1. */
  readonly worstIndex: number;
  readonly worstActual: number;
  readonly worstExpected: number;
  /** Human-readable summary for test messages. */
  readonly message: string;
}

type Numeric = AnyTypedArray | Float64Array | readonly number[];

/**
 * Compare `actual` with `expected` elementwise: |a - e| <= atol + rtol * |e|. NaN in either side fails (unless both
 * are NaN at the same place), and so does a length mismatch.
 */
export function compareClose(actual: Numeric, expected: Numeric, tol: Tolerance): CloseReport {
  if (actual.length !== expected.length) {
    return {
      ok: false, count: 0, failures: Math.max(actual.length, expected.length), maxAbsError: Infinity,
      worstIndex: -1, worstActual: NaN, worstExpected: NaN,
      message: `length mismatch: actual ${actual.length}, expected ${expected.length}`,
    };
  }
  let failures = 0;
  let maxAbs = 0;
  let worst = -1;
  let worstRatio = -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const err = Math.abs(a - e);
    const allowed = tol.atol + tol.rtol * Math.abs(e);
    const ratio = Number.isNaN(err) ? Infinity : err / (allowed || Number.MIN_VALUE);
    if (!(err <= allowed)) failures++;
    if (err > maxAbs || Number.isNaN(err)) maxAbs = Number.isNaN(err) ? Infinity : err;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = i;
    }
  }
  const ok = failures === 0;
  const wa = worst >= 0 ? actual[worst]! : NaN;
  const we = worst >= 0 ? expected[worst]! : NaN;
  const message = ok
    ? `all ${actual.length} within atol ${tol.atol}, rtol ${tol.rtol} (max abs error ${maxAbs.toExponential(2)})`
    : `${failures} of ${actual.length} outside atol ${tol.atol}, rtol ${tol.rtol}; worst at index ${worst}: ` +
      `actual ${wa}, expected ${we} (max abs error ${maxAbs.toExponential(2)})`;
  return { ok, count: actual.length, failures, maxAbsError: maxAbs, worstIndex: worst, worstActual: wa, worstExpected: we, message };
}

/** True when every element is within tolerance. */
export function allclose(actual: Numeric, expected: Numeric, tol: Tolerance = { atol: 1e-5, rtol: 1e-4 }): boolean {
  return compareClose(actual, expected, tol).ok;
}

/** Fill with NaN, so that an element a kernel forgot to write is caught. */
export function poison(data: Float32Array): void {
  data.fill(Number.NaN);
}
