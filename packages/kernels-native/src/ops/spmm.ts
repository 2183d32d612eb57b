/**
 * Sparse inner product; run through ./run.ts. The addon's kernel takes CSR (rows of the output), so CSB weights go
 * through @sparsecnn/sparse's csbToCsr (which validates them) at prepare time.
 */
import { csbToCsr, validateCsr } from '@sparsecnn/sparse';
import { sparseDims, validateBias, type GemmParams, type KernelTable } from '@sparsecnn/kernels-api';
import { guard } from '../errors.js';
import { NativePrepared, gemmShape, type NativeOpContext } from './context.js';

export const prepareSpmm = (c: NativeOpContext): KernelTable['prepareSpmm'] => (weights, bias, params: GemmParams) =>
  guard('prepareSpmm', () => {
    const [o, k] = sparseDims(weights);
    const csr = weights.format === 'csb' ? csbToCsr(weights, 'sparse inner product weights') : weights;
    validateCsr(csr, 'sparse inner product weights');
    validateBias(bias, o);
    const h = c.live('prepareSpmm').prepareSpmm(o, k, Boolean(params?.relu), csr.rowPtr, csr.colIdx, csr.values, bias);
    return new NativePrepared('spmm', h, c.owner, gemmShape(o, k));
  });
