import { assertFloat, outputTensor, type ConcatParams } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, normalizeAxis, type Tensor } from '@sparsecnn/tensor';
import { splitAt } from './softmax.js';

/** Output shape of concatenating `shapes` along `axis`; E_SHAPE when any other dimension differs. */
export function concatShape(inputs: readonly Tensor[], axisIn: number): { axis: number; shape: number[] } {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new SparseCnnError('E_ARGUMENT', 'concat needs at least one input');
  inputs.forEach((t, i) => assertFloat(t, `concat input ${i}`));
  const first = inputs[0]!.shape;
  if (first.length === 0) throw new SparseCnnError('E_SHAPE', 'concat inputs must have at least one axis');
  const axis = normalizeAxis(axisIn, first.length);
  const shape = [...first];
  shape[axis] = 0;
  for (let i = 0; i < inputs.length; i++) {
    const s = inputs[i]!.shape;
    if (s.length !== first.length || s.some((d: number, j: number) => j !== axis && d !== first[j])) {
      throw new SparseCnnError('E_SHAPE', `concat input ${i} ${formatShape(s)} does not match ${formatShape(first)} outside axis ${axis}`);
    }
    shape[axis]! += s[axis]!;
  }
  return { axis, shape };
}

/** Concatenate along any axis: per outer index, copy each input's contiguous [extent * inner] run. */
export function concat(inputs: readonly Tensor[], params: ConcatParams, out?: Tensor): Tensor {
  const { axis, shape } = concatShape(inputs, params?.axis);
  const y = outputTensor(shape, out, 'concat output');
  const [outer, total, inner] = splitAt(shape, axis);
  let at = 0;
  for (const t of inputs) {
    const run = t.shape[axis]! * inner;
    for (let o = 0; o < outer; o++) y.data.set(t.data.subarray(o * run, (o + 1) * run), o * total * inner + at);
    at += run;
  }
  return y;
}
