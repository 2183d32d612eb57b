/**
 * Lying inputs sent straight to the native kernels (no parser in between): tensors whose data is shorter than their
 * shape, CSR / CSB matrices with broken pointers or indices, specs that do not fit the weights, bias of the wrong
 * length, inputs and outputs of the wrong size, handles used after dispose. Each must be refused with a
 * SparseCnnError before the addon touches memory; then 1500 randomly damaged CSR matrices must either be
 * refused or, when valid, give the js backend's result. Under `pnpm test:asan` the same calls run on the sanitizer
 * build, so an out-of-bounds access would abort the run.
 */
import { resolveBackend, type Conv2dSpec, type KernelBackend } from '@sparsecnn/kernels-api';
import '@sparsecnn/runtime';
import { csrToCsb, validateCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { Rng, isSparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';

let nat: KernelBackend | undefined;
let js: KernelBackend;
beforeAll(async () => {
  js = await resolveBackend(['js']);
  try {
    nat = await resolveBackend(['native'], { threads: 2 });
  } catch (e) {
    if (process.env['CI'] === 'true') throw e;
  }
});

function t(shape: number[], data: Float32Array): Tensor {
  return { dtype: 'float32', shape, data };
}

function randomCsr(rng: Rng, rows: number, cols: number, density: number): CsrMatrix {
  const rowPtr = new Int32Array(rows + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (rng.next() < density) {
        colIdx.push(c);
        values.push(rng.uniform(-1, 1));
      }
    }
    rowPtr[r + 1] = colIdx.length;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float32Array.from(values) };
}

/** f() must throw a SparseCnnError (any code). */
function refused(what: string, f: () => unknown): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, `${what}: was accepted`).toBeDefined();
  expect(isSparseCnnError(err), `${what}: ${String(err)}`).toBe(true);
}

const SPEC: Conv2dSpec = { kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1, relu: false, inChannels: 4, inH: 6, inW: 6, outChannels: 5 };

describe('lying inputs never reach the native kernels unchecked', () => {
  it('dense weights, bias, inputs and outputs whose data does not match their shape', (ctx) => {
    if (!nat) return ctx.skip();
    const k = nat.kernels;
    const w = t([5, 4, 3, 3], new Float32Array(5 * 4 * 9).fill(0.1));
    refused('conv weights shorter than their shape', () => k.prepareConv2d!(t([5, 4, 3, 3], new Float32Array(7)), null, SPEC));
    refused('gemm weights shorter than their shape', () => k.prepareGemm!(t([10, 1000], new Float32Array(5)), null, { relu: false }));
    refused('gemm weights with a negative dimension', () => k.prepareGemm!(t([-2, 3], new Float32Array(6)), null, { relu: false }));
    refused('bias of the wrong length', () => k.prepareConv2d!(w, new Float32Array(4), SPEC));
    refused('bias with NaN', () => k.prepareConv2d!(w, new Float32Array(5).fill(Number.NaN), SPEC));
    refused('spec with zero stride', () => k.prepareConv2d!(w, null, { ...SPEC, stride: [0, 1] }));
    refused('spec with a huge input', () => k.prepareConv2d!(w, null, { ...SPEC, inH: 2 ** 30, inW: 2 ** 30 }));
    refused('spec with channels not divisible by groups', () => k.prepareConv2d!(w, null, { ...SPEC, groups: 3 }));
    const p = k.prepareConv2d!(w, null, SPEC);
    try {
      refused('conv input shorter than its shape', () => k.conv2d!(t([1, 4, 6, 6], new Float32Array(10)), p));
      refused('conv input of another geometry', () => k.conv2d!(t([1, 4, 5, 6], new Float32Array(120)), p));
      refused('conv output too small', () => k.conv2d!(t([1, 4, 6, 6], new Float32Array(144)), p, t([1, 5, 6, 6], new Float32Array(3))));
      refused('conv output shape lies about its data', () => k.conv2d!(t([1, 4, 6, 6], new Float32Array(144)), p, t([1, 5, 6, 6], new Float32Array(5 * 36 - 1))));
      refused('conv in place', () => {
        const x = t([1, 4, 6, 6], new Float32Array(180));
        return k.conv2d!({ ...x, data: x.data.subarray(0, 144) }, p, t([1, 5, 6, 6], x.data));
      });
    } finally {
      p.dispose();
    }
    refused('run after dispose', () => k.conv2d!(t([1, 4, 6, 6], new Float32Array(144)), p));
    const pj = js.kernels.prepareConv2d!(w, null, SPEC);
    refused('a handle from another backend', () => k.conv2d!(t([1, 4, 6, 6], new Float32Array(144)), pj));
    pj.dispose();
  });

  it('CSR and CSB matrices with broken structure', (ctx) => {
    if (!nat) return ctx.skip();
    const k = nat.kernels;
    const rng = new Rng(11);
    const good = randomCsr(rng, 5, 36, 0.3);
    const bad: Array<[string, CsrMatrix]> = [
      ['rowPtr too short', { ...good, rowPtr: good.rowPtr.subarray(0, 3) }],
      ['rowPtr decreasing', { ...good, rowPtr: Int32Array.from(good.rowPtr, (v, i) => (i === 2 ? good.rowPtr[4]! + 1 : v)) }],
      ['rowPtr ends past nnz', { ...good, rowPtr: Int32Array.from(good.rowPtr, (v, i) => (i === 5 ? v + 3 : v)) }],
      ['column index = cols', { ...good, colIdx: Int32Array.from(good.colIdx, (v, i) => (i === 0 ? 36 : v)) }],
      ['negative column index', { ...good, colIdx: Int32Array.from(good.colIdx, (v, i) => (i === 1 ? -1 : v)) }],
      ['values shorter than nnz', { ...good, values: good.values.subarray(1) }],
      ['NaN value', { ...good, values: Float32Array.from(good.values, (v, i) => (i === 0 ? Number.NaN : v)) }],
      ['rows lie', { ...good, rows: 500 }],
      ['cols lie', { ...good, cols: 3 }],
      ['2^31 rows', { ...good, rows: 2 ** 31 }],
      ['duplicate columns in a row', { ...good, colIdx: Int32Array.from(good.colIdx, (v, i) => (i === 1 ? good.colIdx[0]! : v)) }],
    ];
    for (const [what, m] of bad) {
      refused(`spmm: ${what}`, () => k.prepareSpmm!(m, null, { relu: false }));
      refused(`sparse conv: ${what}`, () => k.prepareSparseConv2d!(m, null, SPEC));
    }
    refused('sparse conv: matrix of another geometry', () => k.prepareSparseConv2d!(randomCsr(rng, 5, 35, 0.3), null, SPEC));
    const csb = csrToCsb(randomCsr(rng, 40, 70, 0.2), { blockRows: 16, blockCols: 32 });
    const csbBad: Array<[string, CsbMatrix]> = [
      ['blockPtr short', { ...csb, blockPtr: csb.blockPtr.subarray(1) }],
      ['row index past the block', { ...csb, rowIdx: Int32Array.from(csb.rowIdx, (v, i) => (i === 0 ? 16 : v)) }],
      ['col index past the matrix', { ...csb, colIdx: Int32Array.from(csb.colIdx, (v, i) => (i === csb.colIdx.length - 1 ? 40 : v)) }],
      ['grid lies', { ...csb, gridCols: 1 }],
      ['values short', { ...csb, values: csb.values.subarray(2) }],
    ];
    for (const [what, m] of csbBad) refused(`spmm CSB: ${what}`, () => k.prepareSpmm!(m, null, { relu: false }));
  });

  it('1500 randomly damaged CSR matrices: refused with a SparseCnnError, or accepted only when valid and then equal to js', (ctx) => {
    if (!nat) return ctx.skip();
    const seed = process.env['NATIVE_LYING_SEED'] ? Number(process.env['NATIVE_LYING_SEED']) : Rng.freshSeed(); // replay a failure
    const rng = new Rng(seed);
    let accepted = 0;
    let refusedCount = 0;
    for (let iter = 0; iter < 1500; iter++) {
      const rows = rng.int(1, 24);
      const cols = rng.int(1, 80);
      const m = randomCsr(rng, rows, cols, rng.uniform(0, 0.5));
      const rowPtr = m.rowPtr.slice();
      const colIdx = m.colIdx.slice();
      let values = m.values.slice();
      let r = rows;
      let c = cols;
      const edits = rng.int(0, 3);
      for (let e = 0; e < edits; e++) {
        const pick = rng.int(0, 5);
        const any = (n: number) => rng.pick([-1, 0, 1, n - 1, n, n + 1, 2 ** 31 - 1, -(2 ** 31), rng.int(-5, n + 5)]);
        if (pick === 0 && rowPtr.length > 0) rowPtr[rng.int(0, rowPtr.length - 1)] = any(colIdx.length);
        else if (pick === 1 && colIdx.length > 0) colIdx[rng.int(0, colIdx.length - 1)] = any(cols);
        else if (pick === 2) values = values.subarray(0, rng.int(0, values.length));
        else if (pick === 3) r = any(rows);
        else if (pick === 4) c = any(cols);
        else if (values.length > 0) values[rng.int(0, values.length - 1)] = rng.pick([Number.NaN, Infinity, 3e38]);
      }
      const lying: CsrMatrix = { format: 'csr', rows: r, cols: c, rowPtr, colIdx, values };
      const bias = new Float32Array(Math.max(0, Math.min(r, 64))).fill(0.25);
      let valid = true;
      try {
        validateCsr(lying);
      } catch {
        valid = false;
      }
      let prepared;
      try {
        prepared = nat.kernels.prepareSpmm!(lying, bias.length === r ? bias : null, { relu: false });
      } catch (e) {
        expect(isSparseCnnError(e), `seed ${seed}, iteration ${iter}: ${String(e)}`).toBe(true);
        refusedCount++;
        continue;
      }
      try {
        expect(valid, `seed ${seed}, iteration ${iter}: native accepted a matrix validateCsr rejects`).toBe(true);
        accepted++;
        // A valid matrix may declare up to 2^31 - 1 columns (all empty): prepared, but no input that wide is built.
        if (c > 4096 || r > 4096) continue;
        const x = t([2, c], Float32Array.from({ length: 2 * c }, () => rng.uniform(-1, 1)));
        const got = nat.kernels.spmm!(x, prepared, t([2, r], new Float32Array(2 * r).fill(Number.NaN)));
        const pj = js.kernels.prepareSpmm!(lying, bias.length === r ? bias : null, { relu: false });
        const want = js.kernels.spmm!(x, pj);
        pj.dispose();
        for (let i = 0; i < want.data.length; i++) {
          const g = got.data[i]!;
          const w = want.data[i]!;
          if (!Number.isFinite(w) || !Number.isFinite(g)) {
            // A planted NaN / Infinity propagates: both sides must give the same non-finite value.
            expect(Object.is(g, w), `seed ${seed}, iteration ${iter}, output ${i}: ${g} vs js ${w}`).toBe(true);
            continue;
          }
          expect(Math.abs(g - w), `seed ${seed}, iteration ${iter}, output ${i}`).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(w));
        }
      } finally {
        prepared.dispose();
      }
    }
    console.log(`[native-lying] seed ${seed}: ${accepted} valid matrices accepted and matched js, ${refusedCount} refused`);
    expect(accepted).toBeGreaterThan(0);
    expect(refusedCount).toBeGreaterThan(0);
  });
});
