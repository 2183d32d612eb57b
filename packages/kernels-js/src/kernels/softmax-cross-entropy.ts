import { assertFloat, outputTensor, type SoftmaxLossResult } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, type Tensor } from '@sparsecnn/tensor';

/**
 * Softmax over the classes of logits [N, C] (or [N, C, 1, 1]) and the mean cross-entropy against integer labels;
 * gradLogits = (probs - onehot(label)) / N.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Int32Array): SoftmaxLossResult {
  assertFloat(logits, 'logits');
  const n = logits.shape[0];
  if (logits.shape.length < 2 || n === undefined) throw new SparseCnnError('E_SHAPE', `logits must be [N, C, ...], got ${formatShape(logits.shape)}`);
  const c = logits.shape[1]!;
  if (logits.shape.slice(2).some((d) => d !== 1)) {
    throw new SparseCnnError('E_SHAPE', `logits must be [N, C] or [N, C, 1, 1] (one label per item), got ${formatShape(logits.shape)}`);
  }
  if (!(labels instanceof Int32Array) || labels.length !== n) {
    throw new SparseCnnError('E_SHAPE', `labels must be an Int32Array of ${n} values, got ${labels instanceof Int32Array ? labels.length : typeof labels}`);
  }
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= c) throw new SparseCnnError('E_RANGE', `label ${l} of item ${i} is outside [0, ${c})`);
  }
  const probs = outputTensor(logits.shape, undefined);
  const grad = outputTensor(logits.shape, undefined);
  const x = logits.data;
  let loss = 0;
  for (let b = 0; b < n; b++) {
    const off = b * c;
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, x[off + j]!);
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(x[off + j]! - m);
    const label = labels[b]!;
    loss += Math.log(sum) - (x[off + label]! - m);
    for (let j = 0; j < c; j++) {
      const p = Math.exp(x[off + j]! - m) / sum;
      probs.data[off + j] = p;
      grad.data[off + j] = (p - (j === label ? 1 : 0)) / n;
    }
  }
  return { loss: n === 0 ? 0 : loss / n, gradLogits: grad, probs };
}
