import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { denseToCsr, tensorToCsr } from '@sparsecnn/sparse';
import { Rng, compareClose, poison, randomSparse, randomUniform, zeros } from '@sparsecnn/tensor';
import { createWasmBackend, splitByPrefix, wasmThreadsUnsupportedReason } from '../src/index.js';
import { createInlineWasmBackend } from '../src/inline.js';
import { ensureWasmBuilt, randomWeights, refConv, spec, wasmFile } from './helpers.js';

ensureWasmBuilt();
const TOL = { atol: 1e-4, rtol: 1e-4 };

describe('wasm threads (shared memory + worker_threads)', async () => {
  expect(wasmThreadsUnsupportedReason()).toBeNull();
  const b2 = await createWasmBackend({ threads: 2 });
  const b3 = await createInlineWasmBackend({ threads: 3 });
  afterAll(() => {
    b2.dispose();
    b3.dispose();
  });

  it('starts the requested threads', () => {
    expect(b2.info().threads).toBe(2);
    expect(b3.info().threads).toBe(3);
  });

  // Large enough to be split (MIN_THREADED_MACS); a channel count that does not divide evenly; groups 2 and 4 (whole
  // groups per thread when the thread count divides them).
  const convCases = [
    spec({ inChannels: 16, inH: 20, inW: 20, outChannels: 30, pad: [1, 1], relu: true }),
    spec({ inChannels: 24, inH: 27, inW: 27, outChannels: 38, kernel: [5, 5], pad: [2, 2], groups: 2 }),
    spec({ inChannels: 3, inH: 67, inW: 67, outChannels: 22, kernel: [11, 11], stride: [4, 4] }),
    // 4 groups: two rounds of whole groups on 2 threads; split channels per group on 3.
    spec({ inChannels: 32, inH: 27, inW: 27, outChannels: 40, kernel: [5, 5], pad: [2, 2], groups: 4 }),
  ];
  for (const [i, s] of convCases.entries()) {
    for (const sparse of [true, false]) {
      it(`${sparse ? 'sparseConv2d' : 'conv2d'} case ${i} on 2 and 3 threads matches the float64 reference`, () => {
        const rng = new Rng();
        const w = randomWeights(s, rng, sparse ? 0.4 : 0.9);
        const bias = randomUniform([s.outChannels], rng).data;
        const input = randomUniform([2, s.inChannels, s.inH, s.inW], rng);
        const ref = refConv(input, w.data, bias, s);
        for (const b of [b2, b3]) {
          const k = b.kernels;
          const p = sparse ? k.prepareSparseConv2d!(tensorToCsr(w), bias, s) : k.prepareConv2d!(w, bias, s);
          const out = zeros(p.outputShape(input.shape));
          poison(out.data);
          const y = sparse ? k.sparseConv2d!(input, p as never, out) : k.conv2d!(input, p as never, out);
          const r = compareClose(y.data, ref, TOL);
          expect(r.ok, `seed ${rng.seed} threads ${b.info().threads}: ${r.message}`).toBe(true);
          p.dispose();
        }
      });
    }
  }

  for (const N of [1, 3]) {
    it(`spmm N=${N} split by rows on 2 and 3 threads matches the float64 reference`, () => {
      const rng = new Rng();
      const [O, K] = [301, 2000];
      const w = randomSparse([O, K], rng, 0.3);
      const bias = randomUniform([O], rng).data;
      const x = randomUniform([N, K], rng);
      const ref = new Float64Array(N * O);
      for (let n = 0; n < N; n++) {
        for (let o = 0; o < O; o++) {
          let s = bias[o]!;
          for (let kk = 0; kk < K; kk++) s += x.data[n * K + kk]! * w.data[o * K + kk]!;
          ref[n * O + o] = Math.max(0, s);
        }
      }
      for (const b of [b2, b3]) {
        const p = b.kernels.prepareSpmm!(denseToCsr(w.data, O, K), bias, { relu: true });
        const out = zeros([N, O]);
        poison(out.data);
        const r = compareClose(b.kernels.spmm!(x, p, out).data, ref, TOL);
        expect(r.ok, `seed ${rng.seed} threads ${b.info().threads}: ${r.message}`).toBe(true);
        p.dispose();
      }
    });
  }

  it('without the shared-memory module it runs on one thread after one notice', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const b = await createWasmBackend({ threads: 2, wasmBinary: new Uint8Array(readFileSync(wasmFile)) });
      expect(b.info().threads).toBe(1);
      const b1 = await createWasmBackend({ threads: 4, wasmBinary: new Uint8Array(readFileSync(wasmFile)) });
      expect(b1.info().threads).toBe(1);
      // One notice per process, naming the reason.
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/1 thread, not the 2 requested: .*wasmThreadsBinary/);
      b.dispose();
      b1.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('rejects a bad thread count', async () => {
    await expect(createWasmBackend({ threads: 0 })).rejects.toMatchObject({ code: 'E_ARGUMENT' });
    await expect(createWasmBackend({ threads: 1.5 })).rejects.toMatchObject({ code: 'E_ARGUMENT' });
  });

  it('splitByPrefix balances by weight and keeps every index', () => {
    const prefix = [0, 10, 10, 11, 30, 31, 40];
    const b = splitByPrefix(prefix, 0, 6, 2);
    expect(b[0]).toBe(0);
    expect(b[2]).toBe(6);
    expect(b[1]).toBe(4);
    // No weight at all: still contiguous bounds from start to end.
    expect(splitByPrefix([0, 0, 0], 0, 2, 3)).toEqual([0, 0, 0, 2]);
  });

  it('a disposed backend stops its workers and refuses work', async () => {
    const s = spec({ inChannels: 2, inH: 5, inW: 5, outChannels: 2 });
    const b = await createWasmBackend({ threads: 2 });
    const w = randomWeights(s, new Rng(), 0.5);
    const p = b.kernels.prepareConv2d!(w, null, s);
    b.dispose();
    expect(() => b.kernels.conv2d!(randomUniform([1, 2, 5, 5], new Rng()), p)).toThrow(expect.objectContaining({ code: 'E_DISPOSED' }));
  });
});
