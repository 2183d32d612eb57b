import { SparseCnnError } from '@sparsecnn/tensor';

/** y ~ sum_i coef[i] * features[i], coefficients non-negative (every feature is a cost). */
export interface LinearModel {
  readonly features: readonly string[];
  readonly coef: readonly number[];
}

export function evaluateLinear(model: LinearModel, x: readonly number[]): number {
  let y = 0;
  for (let i = 0; i < model.coef.length; i++) y += model.coef[i]! * (x[i] ?? 0);
  return y;
}

/** Solve the small dense system A x = b (Gaussian elimination with partial pivoting); null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-300) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Non-negative least squares on relative error: minimise sum(((X c)_j - y_j) / y_j)^2 with c >= 0. The feature count
 * is small (<= 6), so every subset of active features is solved exactly and the best feasible one kept.
 */
export function fitNonNegative(features: readonly string[], rows: readonly (readonly number[])[], y: readonly number[]): LinearModel {
  const k = features.length;
  if (rows.length !== y.length || rows.length === 0) throw new SparseCnnError('E_ARGUMENT', 'fit needs as many targets as rows, at least one');
  if (k > 8) throw new SparseCnnError('E_ARGUMENT', 'fitNonNegative supports at most 8 features');
  // Scale each column to unit max for conditioning.
  const scale = features.map((_, i) => Math.max(...rows.map((r) => Math.abs(r[i] ?? 0))) || 1);
  let best: { coef: number[]; err: number } | null = null;
  for (let mask = 1; mask < 1 << k; mask++) {
    const idx = [...Array(k).keys()].filter((i) => mask & (1 << i));
    const ata = idx.map(() => idx.map(() => 0));
    const atb = idx.map(() => 0);
    for (let j = 0; j < rows.length; j++) {
      const w = 1 / y[j]!;
      for (let p = 0; p < idx.length; p++) {
        const xp = (rows[j]![idx[p]!]! / scale[idx[p]!]!) * w;
        atb[p]! += xp * y[j]! * w;
        for (let q = 0; q < idx.length; q++) ata[p]![q]! += xp * (rows[j]![idx[q]!]! / scale[idx[q]!]!) * w;
      }
    }
    const sol = solve(ata, atb);
    if (!sol || sol.some((v) => !(v >= 0))) continue;
    const coef = new Array<number>(k).fill(0);
    idx.forEach((i, p) => (coef[i] = sol[p]! / scale[i]!));
    let err = 0;
    for (let j = 0; j < rows.length; j++) {
      const pred = coef.reduce((s, c, i) => s + c * rows[j]![i]!, 0);
      err += ((pred - y[j]!) / y[j]!) ** 2;
    }
    if (!best || err < best.err) best = { coef, err };
  }
  if (!best) throw new SparseCnnError('E_ARGUMENT', 'no non-negative fit exists for the calibration data');
  return { features: [...features], coef: best.coef };
}
