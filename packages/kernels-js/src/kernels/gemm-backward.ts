import { gemmBatch, outputTensor, validateGemmWeights, type GemmBackwardResult } from '@sparsecnn/kernels-api';
import { zeros, type Tensor } from '@sparsecnn/tensor';

/** Gradients of y = x W^T + b: dx = dY W, dW = dY^T x, db = column sums of dY (no fused ReLU). */
export function gemmBackward(input: Tensor, weights: Tensor, gradOutput: Tensor): GemmBackwardResult {
  const [o, k] = validateGemmWeights(weights);
  const n = gemmBatch(input, k);
  outputTensor([n, o], gradOutput, 'inner product output gradient');
  const x = input.data;
  const w = weights.data;
  const dy = gradOutput.data;
  const gradInput = zeros(input.shape);
  const gradWeights = zeros([o, k]);
  const gradBias = new Float32Array(o);
  const dx = gradInput.data;
  const dw = gradWeights.data;
  for (let r = 0; r < o; r++) {
    let sb = 0;
    for (let b = 0; b < n; b++) {
      const g = dy[b * o + r]!;
      sb += g;
      if (g === 0) continue;
      const xOff = b * k;
      const wOff = r * k;
      for (let i = 0; i < k; i++) {
        dw[wOff + i]! += g * x[xOff + i]!;
        dx[xOff + i]! += g * w[wOff + i]!;
      }
    }
    gradBias[r] = sb;
  }
  return { gradInput, gradWeights, gradBias };
}
