import { pruneByMagnitude as pruneInPlace } from '@sparsecnn/pruning';

/**
 * Magnitude pruning (no retraining) of a copy: keep the round(density * n) largest-magnitude weights, zero the rest
 * (`pruneByMagnitude` of @sparsecnn/pruning, ties at the cut keep the earlier positions). Returns the new array and
 * the number of non-zeros kept; the input is not modified.
 */
export function pruneByMagnitude(weights: Float32Array, density: number): { data: Float32Array; kept: number } {
  const data = weights.slice();
  const kept = pruneInPlace(data, density);
  return { data, kept };
}

/** Han et al. 2015 ("Learning both Weights and Connections"), LeNet-5: weights kept per layer. */
export const PRUNE_PRESETS: Readonly<Record<string, { readonly label: string; readonly densities: Readonly<Record<string, number>> }>> = {
  han: { label: 'Han et al. 2015 (conv1 66%, conv2 12%, ip1 8%, ip2 19%)', densities: { conv1: 0.66, conv2: 0.12, ip1: 0.08, ip2: 0.19 } },
  moderate: { label: 'Moderate (conv2 20%, ip1 10%)', densities: { conv2: 0.2, ip1: 0.1 } },
  extreme: { label: 'Extreme (conv1 50%, conv2 5%, ip1 3%, ip2 10%)', densities: { conv1: 0.5, conv2: 0.05, ip1: 0.03, ip2: 0.1 } },
};
