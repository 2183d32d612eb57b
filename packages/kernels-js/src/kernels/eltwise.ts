import { assertFloat, outputTensor, type EltwiseParams } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, shapesEqual, type Tensor } from '@sparsecnn/tensor';

/** Element-wise sum (with Caffe coeffs), product or maximum of inputs of one shape. */
export function eltwise(inputs: readonly Tensor[], params: EltwiseParams, out?: Tensor): Tensor {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new SparseCnnError('E_ARGUMENT', 'eltwise needs at least one input');
  inputs.forEach((t, i) => assertFloat(t, `eltwise input ${i}`));
  const shape = inputs[0]!.shape;
  inputs.forEach((t, i) => {
    if (!shapesEqual(t.shape, shape)) throw new SparseCnnError('E_SHAPE', `eltwise input ${i} ${formatShape(t.shape)} differs from ${formatShape(shape)}`);
  });
  const op = params?.op;
  if (op !== 'sum' && op !== 'prod' && op !== 'max') throw new SparseCnnError('E_ARGUMENT', `eltwise op must be sum, prod or max, got '${String(op)}'`);
  const coeffs = params.coeffs;
  if (coeffs !== undefined) {
    if (op !== 'sum') throw new SparseCnnError('E_ARGUMENT', 'eltwise coeffs only apply to sum');
    if (!Array.isArray(coeffs) || coeffs.length !== inputs.length || !coeffs.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new SparseCnnError('E_ARGUMENT', `eltwise coeffs must be ${inputs.length} finite numbers`);
    }
  }
  const relu = params.relu ?? false;
  if (typeof relu !== 'boolean') throw new SparseCnnError('E_ARGUMENT', `eltwise relu must be a boolean, got ${String(relu)}`);
  const y = outputTensor(shape, out, 'eltwise output');
  const yd = y.data;
  const len = yd.length;
  // Accumulate in a float64 scratch only when `out` overlaps an input (the same array, or another view of the same
  // memory: the runtime hands a layer that writes over its input two views); otherwise straight into y.
  const overlaps = (a: Float32Array): boolean =>
    a === yd || (a.buffer === yd.buffer && a.byteOffset < yd.byteOffset + yd.byteLength && yd.byteOffset < a.byteOffset + a.byteLength);
  const acc = inputs.some((t) => overlaps(t.data)) ? new Float64Array(len) : null;
  const first = inputs[0]!.data;
  const c0 = coeffs?.[0] ?? 1;
  const dst: Float32Array | Float64Array = acc ?? yd;
  for (let i = 0; i < len; i++) dst[i] = op === 'sum' ? c0 * first[i]! : first[i]!;
  for (let t = 1; t < inputs.length; t++) {
    const x = inputs[t]!.data;
    if (op === 'sum') {
      const c = coeffs?.[t] ?? 1;
      for (let i = 0; i < len; i++) dst[i]! += c * x[i]!;
    } else if (op === 'prod') {
      for (let i = 0; i < len; i++) dst[i]! *= x[i]!;
    } else {
      for (let i = 0; i < len; i++) if (x[i]! > dst[i]!) dst[i] = x[i]!;
    }
  }
  if (acc) yd.set(acc);
  if (relu) for (let i = 0; i < len; i++) if (!(yd[i]! > 0)) yd[i] = 0;
  return y;
}
