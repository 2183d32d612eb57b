import { magnitudeMask } from '@sparsecnn/pruning';

/**
 * Magnitude pruning (no retraining): keep the round(density * n) largest-magnitude weights, zero the rest. Ties at
 * the cut keep the earlier positions (the selection is `magnitudeMask` of @sparsecnn/pruning). Returns a new array
 * and the number of non-zeros kept.
 */
export function pruneByMagnitude(weights: Float32Array, density: number): { data: Float32Array; kept: number } {
  const mask = magnitudeMask(weights, density);
  const data = new Float32Array(weights.length);
  let kept = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && weights[i] !== 0) {
      data[i] = weights[i]!;
      kept++;
    }
  }
  return { data, kept };
}

/** Han et al. 2015 ("Learning both Weights and Connections"), LeNet-5: weights kept per layer. */
export const PRUNE_PRESETS: Readonly<Record<string, { readonly label: string; readonly densities: Readonly<Record<string, number>> }>> = {
  han: { label: 'Han et al. 2015 (conv1 66%, conv2 12%, ip1 8%, ip2 19%)', densities: { conv1: 0.66, conv2: 0.12, ip1: 0.08, ip2: 0.19 } },
  moderate: { label: 'Moderate (conv2 20%, ip1 10%)', densities: { conv2: 0.2, ip1: 0.1 } },
  extreme: { label: 'Extreme (conv1 50%, conv2 5%, ip1 3%, ip2 10%)', densities: { conv1: 0.5, conv2: 0.05, ip1: 0.03, ip2: 0.1 } },
};
