/** Element-wise sum (with coefficients), product or max of inputs of one shape. */
import { assertFloat, outputTensor, type KernelTable } from '@sparsecnn/kernels-api';
import { formatShape, shapesEqual } from '@sparsecnn/tensor';
import { fail, withOp, type WasmOpContext } from './context.js';

export const eltwise = (c: WasmOpContext): KernelTable['eltwise'] => (inputs, params, out) =>
  withOp('eltwise', () => {
    c.alive('eltwise');
    if (!Array.isArray(inputs) || inputs.length === 0) fail('E_ARGUMENT', 'eltwise', 'eltwise needs at least one input');
    inputs.forEach((t, i) => assertFloat(t, `eltwise input ${i}`));
    const shape = inputs[0]!.shape;
    inputs.forEach((t, i) => {
      if (!shapesEqual(t.shape, shape)) fail('E_SHAPE', 'eltwise', `eltwise input ${i} ${formatShape(t.shape)} differs from ${formatShape(shape)}`);
    });
    const op = params?.op;
    if (op !== 'sum' && op !== 'prod' && op !== 'max') fail('E_ARGUMENT', 'eltwise', `eltwise op must be sum, prod or max, got '${String(op)}'`);
    const coeffs = params.coeffs;
    if (coeffs !== undefined) {
      if (op !== 'sum') fail('E_ARGUMENT', 'eltwise', 'eltwise coeffs only apply to sum');
      if (!Array.isArray(coeffs) || coeffs.length !== inputs.length || !coeffs.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        fail('E_ARGUMENT', 'eltwise', `eltwise coeffs must be ${inputs.length} finite numbers`);
      }
    }
    const relu = params.relu ?? false;
    if (typeof relu !== 'boolean') fail('E_ARGUMENT', 'eltwise', `eltwise relu must be a boolean, got ${String(relu)}`);
    const y = outputTensor(shape, out, 'eltwise output');
    const n = y.data.length;
    if (n === 0) return y;
    const code = op === 'sum' ? 0 : op === 'prod' ? 1 : 2;
    const { ex, heap } = c;
    c.withTemp([n, n], ([acc, tmp]) => {
      heap.f32().set(inputs[0]!.data, acc! >> 2);
      if (op === 'sum' && coeffs !== undefined && coeffs[0] !== 1) ex.scaleInPlace(acc!, n, coeffs[0]);
      for (let i = 1; i < inputs.length; i++) {
        heap.f32().set(inputs[i]!.data, tmp! >> 2);
        ex.eltwiseInto(acc!, tmp!, n, code, coeffs?.[i] ?? 1);
      }
      if (relu) ex.relu(acc!, acc!, n, 0);
      y.data.set(heap.f32().subarray(acc! >> 2, (acc! >> 2) + n));
    });
    return y;
  });
