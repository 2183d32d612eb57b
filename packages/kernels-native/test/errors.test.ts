import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, type SparseCnnError, isSparseCnnError, poison, randomSparse, randomUniform, zeros, type ErrorCode } from '@sparsecnn/tensor';
import { tensorToCsr, type CsrMatrix } from '@sparsecnn/sparse';
import type { Conv2dSpec, KernelBackend } from '@sparsecnn/kernels-api';
import { loadBinding, nativeProvider, toSparseCnnError, type NativeContext } from '../src/index.js';
import { refConv, refGemm, worstError } from './reference.js';

const built = nativeProvider.isSupported() === true;
const seed = Rng.freshSeed();

function expectCode(fn: () => unknown, code: ErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(Error);
  const err = isSparseCnnError(caught) ? caught : toSparseCnnError(caught, 'test');
  expect(err.code, String((caught as Error).message)).toBe(code);
}

async function expectReject(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(isSparseCnnError(e), String(e)).toBe(true);
  expect((e as SparseCnnError).code).toBe(code);
}

const spec: Conv2dSpec = {
  inChannels: 8, inH: 9, inW: 9, outChannels: 6, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1, relu: false,
};

describe.skipIf(!built)(`native: bad input, disposal, async (seed ${seed})`, () => {
  let be: KernelBackend;
  let other: KernelBackend;
  beforeAll(async () => {
    be = await nativeProvider.create({ threads: 2 });
    other = await nativeProvider.create({ threads: 1, isa: 'scalar' });
  });
  afterAll(() => {
    be?.dispose();
    other?.dispose();
  });

  const csr = (rng: Rng): CsrMatrix => tensorToCsr(randomSparse([6, 8, 3, 3], rng, 0.3));

  it('rejects malformed CSR, wrong shapes and bad specs at prepare', () => {
    const rng = new Rng(seed);
    const w = csr(rng);
    const k = be.kernels;
    const badCol = { ...w, colIdx: w.colIdx.slice() };
    badCol.colIdx[badCol.colIdx.length - 1] = 1_000_000;
    expectCode(() => k.prepareSparseConv2d!(badCol, null, spec), 'E_RANGE');
    const badPtr = { ...w, rowPtr: w.rowPtr.slice() };
    badPtr.rowPtr[6] = w.values.length + 5;
    expectCode(() => k.prepareSparseConv2d!(badPtr, null, spec), 'E_FORMAT');
    expectCode(() => k.prepareSparseConv2d!(w, new Float32Array(5), spec), 'E_SHAPE');
    expectCode(() => k.prepareSparseConv2d!(w, null, { ...spec, inChannels: 7 }), 'E_SHAPE');
    expectCode(() => k.prepareSparseConv2d!(w, null, { ...spec, kernel: [0, 3] }), 'E_ARGUMENT');
    expectCode(() => k.prepareSparseConv2d!(w, null, { ...spec, inH: 1, pad: [0, 0] }), 'E_SHAPE');
    expectCode(() => k.prepareConv2d!(zeros([6, 8, 3, 2]), null, spec), 'E_SHAPE');
    const nan = randomUniform([6, 8, 3, 3], rng);
    nan.data[3] = NaN;
    expectCode(() => k.prepareConv2d!(nan, null, spec), 'E_RANGE');
    expectCode(() => k.prepareGemm!(zeros([4]), null, { relu: false }), 'E_SHAPE');
    const fc = tensorToCsr(randomSparse([5, 7], rng, 0.5));
    expectCode(() => k.prepareSpmm!({ ...fc, colIdx: fc.colIdx.map(() => -1) }, null, { relu: false }), 'E_RANGE');
  });

  it('rejects wrong inputs and outputs at run time', () => {
    const rng = new Rng(seed + 1);
    const k = be.kernels;
    const p = k.prepareSparseConv2d!(csr(rng), null, spec);
    expectCode(() => k.sparseConv2d!(zeros([1, 8, 9, 8]), p), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!(zeros([8, 9, 9]), p), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!(zeros([1, 8, 9, 9]), p, zeros([1, 6, 9, 8])), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!({ dtype: 'float32', shape: [1, 8, 9, 9], data: new Float32Array(10) }, p), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!({ dtype: 'int32', shape: [1, 8, 9, 9], data: new Int32Array(648) } as never, p), 'E_ARGUMENT');
    const g = k.prepareGemm!(randomUniform([4, 10], rng), null, { relu: false });
    expectCode(() => k.gemm!(zeros([2, 11]), g), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!(zeros([1, 8, 9, 9]), g as never), 'E_ARGUMENT');
    // a handle from another backend instance is refused
    const foreign = other.kernels.prepareSparseConv2d!(csr(rng), null, spec);
    expectCode(() => k.sparseConv2d!(zeros([1, 8, 9, 9]), foreign), 'E_ARGUMENT');
    expectCode(() => k.pool2d!(zeros([1, 2, 3]), { method: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false }), 'E_SHAPE');
    expectCode(() => k.lrn!(zeros([1, 2, 3, 3]), { localSize: 2, alpha: 1, beta: 0.75, k: 1, region: 'across' }), 'E_ARGUMENT');
    expectCode(() => k.eltwise!([zeros([2, 3]), zeros([3, 2])], { op: 'sum' }), 'E_SHAPE');
    expectCode(() => k.concat!([zeros([2, 3]), zeros([3, 2])], { axis: 1 }), 'E_SHAPE');
    p.dispose();
    g.dispose();
    foreign.dispose();
  });

  it('throws E_DISPOSED for disposed handles and backends', async () => {
    const rng = new Rng(seed + 2);
    const b = await nativeProvider.create({ threads: 1 });
    const p = b.kernels.prepareSparseConv2d!(csr(rng), null, spec);
    expect(p.bytes).toBeGreaterThan(0);
    p.dispose();
    expect(p.disposed).toBe(true);
    expect(p.bytes).toBe(0);
    p.dispose();
    expectCode(() => b.kernels.sparseConv2d!(zeros([1, 8, 9, 9]), p), 'E_DISPOSED');
    const q = b.kernels.prepareConv2d!(randomUniform([6, 8, 3, 3], rng), null, spec);
    b.dispose();
    expectCode(() => b.kernels.conv2d!(zeros([1, 8, 9, 9]), q), 'E_DISPOSED');
    expectCode(() => b.kernels.relu!(zeros([3]), { negativeSlope: 0 }), 'E_DISPOSED');
    await expectReject(b.async!.conv2d!(zeros([1, 8, 9, 9]), q), 'E_DISPOSED');
  });

  it('re-validates in C++ when the TypeScript layer is bypassed', () => {
    const addon = loadBinding();
    const ctx: NativeContext = new addon.Context(1, 'auto');
    const geo = Int32Array.from([8, 9, 9, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0]);
    const rowPtr = Int32Array.from([0, 1, 2, 2, 2, 2, 2]);
    const vals = Float32Array.from([1, 2]);
    const call = (fn: () => unknown, code: ErrorCode) => expectCode(fn, code);
    call(() => ctx.prepareSparseConv(geo, 8, rowPtr, Int32Array.from([0, 72]), vals, null), 'E_RANGE');
    call(() => ctx.prepareSparseConv(geo, 8, rowPtr, Int32Array.from([5, 5, 5]), Float32Array.from([1, 2, 3]), null), 'E_RANGE');
    call(() => ctx.prepareSparseConv(geo, 8, Int32Array.from([0, 2, 1, 2, 2, 2, 2]), Int32Array.from([0, 1]), vals, null), 'E_RANGE');
    call(() => ctx.prepareSparseConv(geo.subarray(0, 13), 8, rowPtr, Int32Array.from([0, 1]), vals, null), 'E_ARGUMENT');
    call(() => ctx.prepareSparseConv(Int32Array.from([8, 9, 9, 6, 3, 3, 1, 1, 1, 1, 1, 1, 4, 0]), 8, rowPtr, Int32Array.from([0, 1]), vals, null), 'E_SHAPE');
    call(() => ctx.prepareSparseConv(geo, 8, rowPtr, Int32Array.from([0, 1]), Int32Array.from([1, 2]) as never, null), 'E_ARGUMENT');
    call(() => ctx.prepareSpmm(3, 4, false, Int32Array.from([0, 1, 1, 1]), Int32Array.from([4]), Float32Array.from([1]), null), 'E_RANGE');
    call(() => ctx.prepareGemm(3, 4, false, new Float32Array(11), null), 'E_SHAPE');
    const h = ctx.prepareSparseConv(geo, 8, rowPtr, Int32Array.from([0, 71]), vals, null);
    call(() => ctx.run(h, new Float32Array(8 * 81 - 1), 1, new Float32Array(6 * 81)), 'E_SHAPE');
    call(() => ctx.run(h, new Float32Array(8 * 81), 1, new Float32Array(6 * 81 + 1)), 'E_SHAPE');
    call(() => ctx.run(h, new Float32Array(8 * 81), 2, new Float32Array(6 * 81)), 'E_SHAPE');
    call(() => ctx.run({} as never, new Float32Array(8 * 81), 1, new Float32Array(6 * 81)), 'E_ARGUMENT');
    const shared = new Float32Array(8 * 81 + 6 * 81);
    call(() => ctx.run(h, shared.subarray(0, 8 * 81), 1, shared.subarray(100, 100 + 6 * 81)), 'E_ARGUMENT');
    const out = new Float32Array(6 * 81);
    ctx.run(h, new Float32Array(8 * 81).fill(1), 1, out);
    // channel 0: weight 1 at tap (0, 0) reads the padding for output (0, 0); channel 1: weight 2 at tap (2, 2) of input channel 7
    expect([out[0], out[10], out[81], out[81 + 80]]).toEqual([0, 1, 2, 0]);
    h.dispose();
    call(() => ctx.run(h, new Float32Array(8 * 81), 1, out), 'E_DISPOSED');
    ctx.dispose();
    call(() => ctx.info(), 'E_DISPOSED');
  });

  it('async forms match the sync ones, survive disposal of the handle, and run concurrently', async () => {
    const rng = new Rng(seed + 3);
    const s: Conv2dSpec = { ...spec, inChannels: 32, outChannels: 48, inH: 20, inW: 20, relu: true };
    const w = randomSparse([48, 32, 3, 3], rng, 0.2);
    const bias = randomUniform([48], rng).data;
    const input = randomUniform([3, 32, 20, 20], rng);
    const want = refConv(input, w.data, bias, s);
    const sp = be.kernels.prepareSparseConv2d!(tensorToCsr(w), bias, s);
    const dp = be.kernels.prepareConv2d!(w, bias, s);
    const outs = [zeros([3, 48, 20, 20]), zeros([3, 48, 20, 20])];
    outs.forEach((o) => poison(o.data));
    const pending = [be.async!.sparseConv2d!(input, sp, outs[0]), be.async!.conv2d!(input, dp, outs[1])];
    sp.dispose();
    dp.dispose();
    const results = await Promise.all(pending);
    for (const r of results) expect(worstError(r.data, want, 1e-4, 1e-4).ratio).toBeLessThanOrEqual(1);
    const fc = randomSparse([30, 50], rng, 0.2);
    const x = randomUniform([4, 50], rng);
    const g = be.kernels.prepareGemm!(fc, null, { relu: false });
    const sm = be.kernels.prepareSpmm!(tensorToCsr(fc), null, { relu: false });
    const [y1, y2] = await Promise.all([be.async!.gemm!(x, g), be.async!.spmm!(x, sm)]);
    const wantFc = refGemm(x.data, 4, fc.data, 30, 50, null, false);
    expect(worstError(y1.data, wantFc, 1e-4, 1e-4).ratio).toBeLessThanOrEqual(1);
    expect(worstError(y2.data, wantFc, 1e-4, 1e-4).ratio).toBeLessThanOrEqual(1);
    await expectReject(be.async!.gemm!(zeros([2, 49]), g), 'E_SHAPE');
    g.dispose();
    sm.dispose();
  });

  it('honours SPARSECNN_ISA and SPARSECNN_THREADS, rejects unknown ISAs', async () => {
    const saved = { isa: process.env.SPARSECNN_ISA, threads: process.env.SPARSECNN_THREADS };
    try {
      process.env.SPARSECNN_ISA = 'scalar';
      process.env.SPARSECNN_THREADS = '3';
      const b = await nativeProvider.create();
      expect(b.info()).toMatchObject({ isa: 'scalar', threads: 3 });
      b.dispose();
      process.env.SPARSECNN_THREADS = 'many';
      await expectReject(nativeProvider.create(), 'E_ARGUMENT');
    } finally {
      if (saved.isa === undefined) delete process.env.SPARSECNN_ISA;
      else process.env.SPARSECNN_ISA = saved.isa;
      if (saved.threads === undefined) delete process.env.SPARSECNN_THREADS;
      else process.env.SPARSECNN_THREADS = saved.threads;
    }
    await expectReject(nativeProvider.create({ isa: 'neon' }), 'E_UNSUPPORTED');
    await expectReject(nativeProvider.create({ nativeBinding: '/nonexistent/sparsecnn.node' }), 'E_BACKEND');
    await expectReject(nativeProvider.create({ nativeBinding: {} }), 'E_BACKEND');
  });
});
