/** Concatenation along one axis: a pure copy in TypeScript (no addon call). */
import { SparseCnnError, formatShape, normalizeAxis, sizeOf } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, type ConcatParams, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import type { NativeOpContext } from './context.js';

export const concat = (_c: NativeOpContext): KernelTable['concat'] => (inputs, params: ConcatParams, out) =>
  guard('concat', () => {
    const list: unknown = inputs; // checked as unknown: Array.isArray would narrow the typed inputs to any[]
    if (!Array.isArray(list) || inputs.length === 0) throw new SparseCnnError('E_ARGUMENT', 'concat needs at least one input');
    inputs.forEach((t, i) => assertFloat(t, `concat input ${i}`));
    const first = inputs[0]!;
    const rank = first.shape.length;
    const axis = normalizeAxis(params?.axis ?? 1, rank);
    let total = 0;
    for (const t of inputs) {
      if (t.shape.length !== rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
        throw new SparseCnnError('E_SHAPE', `concat inputs ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${axis}`);
      }
      total += t.shape[axis]!;
    }
    const shape = first.shape.map((d, i) => (i === axis ? total : d));
    const result = outputTensor(shape, out, 'concat output');
    if (inputs.some((t) => t.data === result.data)) throw new SparseCnnError('E_ARGUMENT', 'concat cannot write into one of its inputs');
    const outer = sizeOf(first.shape.slice(0, axis));
    const inner = sizeOf(first.shape.slice(axis + 1));
    const outRow = total * inner;
    let offset = 0;
    for (const t of inputs) {
      const row = t.shape[axis]! * inner;
      for (let o = 0; o < outer; o++) result.data.set(t.data.subarray(o * row, (o + 1) * row), o * outRow + offset);
      offset += row;
    }
    return result;
  });
