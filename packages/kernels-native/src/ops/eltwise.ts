/** Element-wise sum (with coefficients), product or max of inputs of one shape. */
import { SparseCnnError, formatShape } from '@sparsecnn/tensor';
import { assertFloat, outputTensor, type EltwiseParams, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import type { NativeOpContext } from './context.js';

export const eltwise = (c: NativeOpContext): KernelTable['eltwise'] => (inputs, params: EltwiseParams, out) =>
  guard('eltwise', () => {
    const list: unknown = inputs; // checked as unknown: Array.isArray would narrow the typed inputs to any[]
    if (!Array.isArray(list) || inputs.length === 0) throw new SparseCnnError('E_ARGUMENT', 'eltwise needs at least one input');
    inputs.forEach((t, i) => assertFloat(t, `eltwise input ${i}`));
    const shape = inputs[0]!.shape;
    for (const t of inputs) {
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        throw new SparseCnnError('E_SHAPE', `eltwise inputs must have one shape, got ${formatShape(shape)} and ${formatShape(t.shape)}`);
      }
    }
    const op = params?.op === 'sum' ? 0 : params?.op === 'prod' ? 1 : params?.op === 'max' ? 2 : -1;
    if (op < 0) throw new SparseCnnError('E_ARGUMENT', `eltwise op must be 'sum', 'prod' or 'max', got ${String(params?.op)}`);
    const coeffs = params.coeffs ?? inputs.map(() => 1);
    if (coeffs.length !== inputs.length || !coeffs.every(Number.isFinite)) {
      throw new SparseCnnError('E_ARGUMENT', `eltwise needs ${inputs.length} finite coefficients, got ${coeffs.length}`);
    }
    if (op !== 0 && params.coeffs !== undefined && coeffs.some((v) => v !== 1)) {
      throw new SparseCnnError('E_ARGUMENT', 'eltwise coefficients apply to sum only');
    }
    const relu = params.relu ?? false;
    if (typeof relu !== 'boolean') throw new SparseCnnError('E_ARGUMENT', `eltwise relu must be a boolean, got ${String(relu)}`);
    const result = outputTensor(shape, out, 'eltwise output');
    c.live('eltwise').eltwise(inputs.map((t) => t.data), result.data, op, Float32Array.from(coeffs), relu);
    return result;
  });
