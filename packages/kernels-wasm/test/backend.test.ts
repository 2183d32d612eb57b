import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { tensorToCsr, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { Rng, isSparseCnnError, randomUniform, tensor, zeros } from '@sparsecnn/tensor';
import { WasmHeap, createWasmBackend, wasmProvider, wasmSimdSupported, wasmUnsupportedReason } from '../src/index.js';
import { createInlineWasmBackend, inlineWasmBinary, wasmProvider as inlineProvider } from '../src/inline.js';
import { ensureWasmBuilt, pkgRoot, randomWeights, refConv, spec, wasmFile } from './helpers.js';

ensureWasmBuilt();

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isSparseCnnError(e), String(e)).toBe(true);
    expect((e as { code: string }).code, String(e)).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

async function expectCodeAsync(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e, 'expected a rejection').not.toBeNull();
  expect(isSparseCnnError(e), String(e)).toBe(true);
  expect((e as { code: string }).code, String(e)).toBe(code);
}

const small = spec({ inChannels: 4, inH: 6, inW: 7, outChannels: 5, pad: [1, 1] });

async function checkWorks(b: Awaited<ReturnType<typeof createWasmBackend>> | Awaited<ReturnType<typeof wasmProvider.create>>): Promise<void> {
  const rng = new Rng();
  const w = randomWeights(small, rng, 0.5);
  const x = randomUniform([1, 4, 6, 7], rng);
  const p = b.kernels.prepareSparseConv2d!(tensorToCsr(w), null, small);
  const y = b.kernels.sparseConv2d!(x, p);
  const ref = refConv(x, w.data, null, small);
  y.data.forEach((v, i) => expect(Math.abs(v - ref[i]!)).toBeLessThan(1e-4));
}

describe('loading', () => {
  it('provider metadata; importing loaded nothing', () => {
    expect(wasmProvider.name).toBe('wasm');
    expect(wasmProvider.priority).toBe(20);
    expect(wasmProvider.isSupported()).toBe(true);
    expect(wasmSimdSupported()).toBe(true);
    expect(wasmUnsupportedReason()).toBeNull();
  });
  it('default location (next to the module, or generated/ from sources)', async () => {
    const b = await wasmProvider.create();
    expect(b.info()).toMatchObject({ name: 'wasm', isa: 'wasm-simd128', threads: 1 });
    await checkWorks(b);
    b.dispose();
  });
  it('from bytes', async () => {
    const b = await createWasmBackend({ wasmBinary: new Uint8Array(readFileSync(wasmFile)) });
    await checkWorks(b);
  });
  it('from a path and a file: URL', async () => {
    await checkWorks(await createWasmBackend({ wasmPath: wasmFile }));
    await checkWorks(await createWasmBackend({ wasmPath: pathToFileURL(wasmFile) }));
  });
  it('inline entry embeds the same module', async () => {
    expect(Array.from(inlineWasmBinary())).toEqual(Array.from(readFileSync(wasmFile)));
    await checkWorks(await createInlineWasmBackend());
    expect(inlineProvider.name).toBe('wasm');
    await checkWorks(await inlineProvider.create());
  });
  it('missing file, bad bytes and a wrong isa are typed errors', async () => {
    await expectCodeAsync(createWasmBackend({ wasmPath: '/nonexistent/sparsecnn-kernels.simd.wasm' }), 'E_IO');
    await expectCodeAsync(createWasmBackend({ wasmBinary: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) }), 'E_FORMAT');
    // A valid module that lacks the kernels' exports.
    await expectCodeAsync(createWasmBackend({ wasmBinary: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) }), 'E_FORMAT');
    await expectCodeAsync(createWasmBackend({ isa: 'avx2' }), 'E_UNSUPPORTED');
  });
});

describe('memory', () => {
  it('heap: alloc/free coalesce, growth keeps data, views re-derived', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new WasmHeap(memory, 1024);
    const a = heap.alloc(1000);
    const b = heap.alloc(2000);
    heap.f32()[a >> 2] = 42;
    const before = memory.buffer.byteLength;
    const big = heap.alloc(3 * 65536, true);
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    expect(heap.f32()[a >> 2]).toBe(42);
    expect(heap.f32()[big >> 2]).toBe(0);
    heap.free(a);
    heap.free(b);
    const c = heap.alloc(2900);
    expect(c).toBe(a); // the two freed neighbours merged
    heap.free(big);
    heap.free(c);
    expect(heap.allocatedBytes).toBe(0);
    expectCode(() => heap.free(12345), 'E_ARGUMENT');
    expectCode(() => heap.alloc(5e9), 'E_OVERFLOW');
    expectCode(() => heap.alloc(-1), 'E_ARGUMENT');
  });
  it('prepared handles free their memory on dispose; the backend frees all on dispose', async () => {
    const b = await createWasmBackend();
    const base = b.memoryStats().allocatedBytes;
    const s = spec({ inChannels: 48, inH: 27, inW: 27, outChannels: 24, kernel: [5, 5], pad: [2, 2] });
    const w = randomWeights(s, new Rng(), 0.3);
    const p1 = b.kernels.prepareConv2d!(w, null, s);
    const p2 = b.kernels.prepareSparseConv2d!(tensorToCsr(w), null, s);
    expect(p1.bytes).toBeGreaterThan(0);
    expect(b.memoryStats().allocatedBytes).toBeGreaterThan(base);
    p1.dispose();
    p1.dispose();
    expect(p1.disposed).toBe(true);
    expectCode(() => b.kernels.conv2d!(zeros([1, 48, 27, 27]), p1), 'E_DISPOSED');
    // Linear memory grew past its initial size and the kernels still compute correctly.
    expect(b.memoryStats().memoryBytes).toBeGreaterThan(1 << 20);
    const x = randomUniform([1, 48, 27, 27], new Rng());
    const y = b.kernels.sparseConv2d!(x, p2);
    const ref = refConv(x, w.data, null, s);
    let worst = 0;
    y.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ref[i]!))));
    expect(worst).toBeLessThan(1e-3);
    b.dispose();
    expect(b.memoryStats().allocatedBytes).toBe(0);
    expect(p2.disposed).toBe(true);
    expectCode(() => b.kernels.prepareConv2d!(w, null, s), 'E_DISPOSED');
  });
  it('many prepare/dispose cycles do not leak', async () => {
    const b = await createWasmBackend();
    const w = randomWeights(small, new Rng(), 0.5);
    const first = b.kernels.prepareConv2d!(w, null, small);
    first.dispose();
    const after = b.memoryStats();
    for (let i = 0; i < 50; i++) b.kernels.prepareConv2d!(w, null, small).dispose();
    expect(b.memoryStats()).toEqual(after);
  });
});

describe('bad inputs are typed errors', async () => {
  const b = await createWasmBackend();
  const k = b.kernels;
  const w = randomWeights(small, new Rng(), 0.5);
  const csr = tensorToCsr(w);
  it('conv specs, weights, bias', () => {
    expectCode(() => k.prepareConv2d!(w, null, { ...small, groups: 3 }), 'E_SHAPE');
    expectCode(() => k.prepareConv2d!(w, null, { ...small, kernel: [0, 3] }), 'E_ARGUMENT');
    expectCode(() => k.prepareConv2d!(zeros([5, 4, 3, 2]), null, small), 'E_SHAPE');
    expectCode(() => k.prepareConv2d!(w, new Float32Array(4), small), 'E_SHAPE');
    const nan = { ...w, data: w.data.slice() };
    nan.data[3] = NaN;
    expectCode(() => k.prepareConv2d!(nan, null, small), 'E_RANGE');
    expectCode(() => k.prepareConv2d!(w, null, { ...small, pad: [0, 0], inH: 1 }), 'E_SHAPE');
  });
  it('corrupt CSR is rejected before reaching wasm', () => {
    const badCol: CsrMatrix = { ...csr, colIdx: csr.colIdx.slice() };
    badCol.colIdx[0] = 10_000;
    expect(() => k.prepareSparseConv2d!(badCol, null, small)).toThrow();
    try {
      k.prepareSparseConv2d!(badCol, null, small);
    } catch (e) {
      expect(isSparseCnnError(e)).toBe(true);
    }
    const badPtr: CsrMatrix = { ...csr, rowPtr: csr.rowPtr.slice() };
    badPtr.rowPtr[2] = 1_000_000;
    expect(() => k.prepareSparseConv2d!(badPtr, null, small)).toThrow();
    const negative: CsrMatrix = { ...csr, colIdx: csr.colIdx.slice() };
    negative.colIdx[1] = -1;
    expect(() => k.prepareSparseConv2d!(negative, null, small)).toThrow();
    expectCode(() => k.prepareSparseConv2d!({ ...csr, cols: 3 }, null, small), 'E_SHAPE');
  });
  it('inputs of the wrong shape or type, foreign handles, wrong kinds', async () => {
    const p = k.prepareSparseConv2d!(csr, null, small);
    expectCode(() => k.sparseConv2d!(zeros([1, 4, 6, 8]), p), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!(zeros([1, 4, 6, 7]), p, zeros([1, 5, 6, 6])), 'E_SHAPE');
    expectCode(() => k.sparseConv2d!(tensor(new Int32Array(168), [1, 4, 6, 7]) as never, p), 'E_ARGUMENT');
    expectCode(() => k.conv2d!(zeros([1, 4, 6, 7]), p as never), 'E_ARGUMENT');
    const other = await createWasmBackend();
    expectCode(() => other.kernels.sparseConv2d!(zeros([1, 4, 6, 7]), p), 'E_ARGUMENT');
    expectCode(() => k.sparseConv2d!(zeros([1, 4, 6, 7]), { kind: 'sparseConv2d' } as never), 'E_ARGUMENT');
  });
  it('FC and CSB validation', () => {
    expectCode(() => k.prepareGemm!(zeros([3]), null, { relu: false }), 'E_SHAPE');
    const p = k.prepareGemm!(zeros([3, 4]), null, { relu: false });
    expectCode(() => k.gemm!(zeros([2, 5]), p), 'E_SHAPE');
    const csb: CsbMatrix = {
      format: 'csb', rows: 4, cols: 4, blockRows: 2, blockCols: 2, gridRows: 2, gridCols: 2,
      blockPtr: Int32Array.from([0, 1, 1, 1, 2]), rowIdx: Uint16Array.from([0, 1]), colIdx: Uint16Array.from([1, 5]),
      values: Float32Array.from([1, 2]),
    };
    expectCode(() => k.prepareSpmm!(csb, null, { relu: false }), 'E_RANGE');
    expectCode(() => k.prepareSpmm!({ ...csb, gridCols: 3 }, null, { relu: false }), 'E_SHAPE');
    expectCode(() => k.prepareSpmm!({ ...csb, blockPtr: Int32Array.from([0, 2, 1, 1, 2]) }, null, { relu: false }), 'E_RANGE');
  });
  it('layer parameters', () => {
    const x = zeros([1, 2, 4, 4]);
    expectCode(() => k.pool2d!(x, { method: 'max', kernel: [5, 5], stride: [1, 1], pad: [0, 0], global: false }), 'E_SHAPE');
    expectCode(() => k.lrn!(x, { localSize: 4, alpha: 1, beta: 1, k: 1, region: 'across' }), 'E_ARGUMENT');
    expectCode(() => k.softmax!(x, { axis: 4 }), 'E_ARGUMENT');
    expectCode(() => k.concat!([x, zeros([1, 2, 4, 5])], { axis: 1 }), 'E_SHAPE');
    expectCode(() => k.eltwise!([x, zeros([1, 2, 4, 5])], { op: 'sum' }), 'E_SHAPE');
    expectCode(() => k.batchNorm!(x, { mean: new Float32Array(2), variance: new Float32Array(3), eps: 1e-5 }), 'E_SHAPE');
    expectCode(() => k.scale!(x, { scale: new Float32Array(1), bias: null }), 'E_SHAPE');
    expectCode(() => k.relu!(x, { negativeSlope: NaN }), 'E_ARGUMENT');
  });
});

describe('built package (dist)', () => {
  const dist = join(pkgRoot, 'dist');
  const built = existsSync(join(dist, 'index.cjs')) && existsSync(join(dist, 'sparsecnn-kernels.simd.wasm'));
  if (!built && process.env.CI === 'true') throw new Error('dist/ is missing: the CI builds before testing');
  it.skipIf(!built)('ESM, CJS and inline builds load the module and compute', () => {
    const script = (entry: string, cjs: boolean) => `
      const m = ${cjs ? `require(${JSON.stringify(entry)})` : `await import(${JSON.stringify(pathToFileURL(entry).href)})`};
      const b = await m.wasmProvider.create();
      const r = b.kernels.relu({ dtype: 'float32', shape: [4], data: Float32Array.from([-1, 2, -3, 4]) }, { negativeSlope: 0 });
      console.log(JSON.stringify([b.info().isa, Array.from(r.data)]));`;
    for (const [entry, cjs] of [['index.js', false], ['index.cjs', true], ['inline.js', false], ['inline.cjs', true]] as const) {
      const code = cjs ? `(async () => { ${script(join(dist, entry), true)} })()` : script(join(dist, entry), false);
      const out = execFileSync(process.execPath, cjs ? ['-e', code] : ['--input-type=module', '-e', code], { encoding: 'utf8' });
      expect(JSON.parse(out.trim()), entry).toEqual(['wasm-simd128', [0, 2, 0, 4]]);
    }
  });
  it('wasmPath may name the directory', async () => {
    await checkWorks(await createWasmBackend({ wasmPath: `${dirname(wasmFile)}/` }));
  });
});

describe('without WebAssembly SIMD', () => {
  it('isSupported gives the reason and create fails with E_UNSUPPORTED', async () => {
    const spy = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      expect(wasmSimdSupported()).toBe(false);
      const reason = wasmProvider.isSupported();
      expect(typeof reason).toBe('string');
      expect(String(reason)).toMatch(/SIMD/);
      await expectCodeAsync(wasmProvider.create(), 'E_UNSUPPORTED');
      await expectCodeAsync(inlineProvider.create(), 'E_UNSUPPORTED');
    } finally {
      spy.mockRestore();
    }
    expect(wasmSimdSupported()).toBe(true);
  });
});
