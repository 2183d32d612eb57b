import { SparseCnnError } from '@sparsecnn/tensor';

/**
 * Magnitude pruning: zero all but the `round(density * n)` largest-magnitude values (in place). Ties at the cut are
 * broken by position (earlier kept). Returns the number of non-zeros kept.
 */
export function pruneByMagnitude(data: Float32Array, density: number): number {
  if (!(density >= 0 && density <= 1)) throw new SparseCnnError('E_ARGUMENT', `pruning density must be in [0, 1], got ${density}`);
  const n = data.length;
  const keep = Math.round(density * n);
  if (keep >= n) return n - countZeros(data);
  if (keep === 0) {
    data.fill(0);
    return 0;
  }
  const mags = new Float32Array(n);
  for (let i = 0; i < n; i++) mags[i] = Math.abs(data[i]!);
  const sorted = mags.slice().sort();
  const cut = sorted[n - keep]!; // the smallest magnitude kept
  let above = 0;
  for (let i = 0; i < n; i++) if (mags[i]! > cut) above++;
  let tiesLeft = keep - above;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const m = mags[i]!;
    if (m > cut || (m === cut && tiesLeft-- > 0)) {
      if (data[i] !== 0) kept++;
    } else {
      data[i] = 0;
    }
  }
  return kept;
}

function countZeros(d: Float32Array): number {
  let z = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === 0) z++;
  return z;
}

/** Parse `conv2=0.2,ip1=0.1` (or a single density for every listed layer) into a map. */
export function parseDensities(spec: string): Map<string, number> | number {
  const trimmed = spec.trim();
  if (/^[0-9.eE+-]+$/.test(trimmed)) return Number(trimmed);
  const out = new Map<string, number>();
  for (const part of trimmed.split(',')) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) return NaN;
    out.set(part.slice(0, eq).trim(), Number(part.slice(eq + 1)));
  }
  return out;
}
