/** Concatenation along one axis. */
import { assertFloat, outputTensor, type KernelTable } from '@sparsecnn/kernels-api';
import { formatShape, normalizeAxis, sizeOf } from '@sparsecnn/tensor';
import { fail, splitAt, withOp, type WasmOpContext } from './context.js';

export const concat = (c: WasmOpContext): KernelTable['concat'] => (inputs, params, out) =>
  withOp('concat', () => {
    c.alive('concat');
    // A pure copy: done with TypedArray.set (a round trip through linear memory would only add two copies).
    if (!Array.isArray(inputs) || inputs.length === 0) fail('E_ARGUMENT', 'concat', 'concat needs at least one input');
    inputs.forEach((t, i) => assertFloat(t, `concat input ${i}`));
    const first = inputs[0]!.shape;
    if (first.length === 0) fail('E_SHAPE', 'concat', 'concat inputs must have at least one axis');
    const axis = normalizeAxis(params?.axis, first.length);
    const shape = [...first];
    shape[axis] = 0;
    for (let i = 0; i < inputs.length; i++) {
      const s = inputs[i]!.shape;
      if (s.length !== first.length || s.some((d: number, j: number) => j !== axis && d !== first[j])) {
        fail('E_SHAPE', 'concat', `concat input ${i} ${formatShape(s)} does not match ${formatShape(first)} outside axis ${axis}`);
      }
      shape[axis]! += s[axis]!;
    }
    sizeOf(shape);
    const y = outputTensor(shape, out, 'concat output');
    const sources = inputs.map((t) => (t.data === y.data ? t.data.slice() : t.data));
    const [outer, , inner] = splitAt(shape, axis);
    const total = shape[axis]! * inner;
    let at = 0;
    for (let i = 0; i < inputs.length; i++) {
      const chunk = inputs[i]!.shape[axis]! * inner;
      const src = sources[i]!;
      for (let o = 0; o < outer; o++) y.data.set(src.subarray(o * chunk, (o + 1) * chunk), o * total + at);
      at += chunk;
    }
    return y;
  });
