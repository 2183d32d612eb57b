/**
 * Density helpers for tools built on this package (the CLI's `convert --prune`, `demo --prune`, `train` and
 * `prune` progress lines): one-shot magnitude pruning of a weight array, the `layer=density,...` notation, and its
 * one-line summary.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import { magnitudeMask } from './prune.js';

/**
 * Magnitude pruning in place, without retraining: zero all but the `round(density * n)` largest-magnitude values
 * (ties at the cut broken by position, earlier kept; the selection is `magnitudeMask`). Returns the number of
 * non-zeros kept. A density outside [0, 1] (or NaN) is E_ARGUMENT and leaves `data` untouched.
 */
export function pruneByMagnitude(data: Float32Array, density: number): number {
  if (!(density >= 0 && density <= 1)) throw new SparseCnnError('E_ARGUMENT', `pruning density must be in [0, 1], got ${density}`);
  const mask = magnitudeMask(data, density);
  let kept = 0;
  for (let i = 0; i < data.length; i++) {
    if (!mask[i]) data[i] = 0;
    else if (data[i] !== 0) kept++;
  }
  return kept;
}

/**
 * Parse a density spec: a bare number (`0.1`, one density for every layer the caller means) or `conv2=0.2,ip1=0.1`
 * (a map from layer name to density, in the order written). Returns NaN when a part has no `name=`; the densities
 * themselves are not range-checked (the caller names the flag in its error).
 */
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

/** `conv1 62.0% conv2 8.10% ...`: one decimal from 10 %, two below. */
export function formatDensities(densities: Readonly<Record<string, number>>): string {
  return Object.entries(densities).map(([l, d]) => `${l} ${(d * 100).toFixed(d < 0.1 ? 2 : 1)}%`).join(' ');
}
