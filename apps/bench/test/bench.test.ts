import { describe, expect, it } from 'vitest';
import * as ortNode from 'onnxruntime-node';
import { Rng } from '@sparsecnn/tensor';
import { buildConvModel, buildGemmModel, convOut } from '../src/onnx.js';
import { createOrtRunner, ortNodeOptions, type OrtModuleLike } from '../src/ort.js';
import { maxAbsDiff, referenceConv2d, referenceGemm } from '../src/reference.js';
import { chooseReps, measure, measureInterleaved, summarize } from '../src/timing.js';
import { randomArray, randomCsr } from '../src/workloads.js';
import { csrToCsb } from '@sparsecnn/sparse';
import { createJsBackend } from '@sparsecnn/kernels-js';
import { loadOurs } from '../src/backends.js';

const ort = ((ortNode as unknown as { default?: OrtModuleLike }).default ?? ortNode) as unknown as OrtModuleLike;

describe('onnx writer + onnxruntime-node', () => {
  const cases = [
    { n: 2, c: 4, h: 7, w: 6, o: 6, k: 3, s: 2, p: 1, g: 2, relu: false },
    { n: 1, c: 3, h: 9, w: 9, o: 5, k: 5, s: 1, p: 2, g: 1, relu: true },
  ];
  for (const t of cases) {
    it(`Conv ${JSON.stringify(t)} matches a float64 reference`, async () => {
      const seed = Rng.freshSeed();
      const rng = new Rng(seed);
      const weights = randomArray(t.o * (t.c / t.g) * t.k * t.k, rng);
      const bias = randomArray(t.o, rng);
      const input = randomArray(t.n * t.c * t.h * t.w, rng);
      const model = buildConvModel({
        inputShape: [t.n, t.c, t.h, t.w],
        weightShape: [t.o, t.c / t.g, t.k, t.k],
        weights,
        bias,
        stride: [t.s, t.s],
        pad: [t.p, t.p],
        groups: t.g,
        relu: t.relu,
      });
      const runner = await createOrtRunner(ort, model, input, [t.n, t.c, t.h, t.w], ortNodeOptions(1));
      const y = await runner.run();
      await runner.dispose();
      const ref = referenceConv2d(input, t.n, weights, bias, {
        inChannels: t.c,
        inH: t.h,
        inW: t.w,
        outChannels: t.o,
        kernel: [t.k, t.k],
        stride: [t.s, t.s],
        pad: [t.p, t.p],
        dilation: [1, 1],
        groups: t.g,
        relu: t.relu,
      });
      expect(ref.shape).toEqual([t.n, t.o, convOut(t.h, t.k, t.s, t.p), convOut(t.w, t.k, t.s, t.p)]);
      const { maxAbs } = maxAbsDiff(y, ref.data);
      expect(maxAbs, `seed ${seed}`).toBeLessThan(1e-4);
    });
  }

  it('Gemm with a symbolic batch matches a float64 reference at two batch sizes', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const [o, k] = [7, 33];
    const weights = randomArray(o * k, rng);
    const bias = randomArray(o, rng);
    const model = buildGemmModel({ batch: 'N', weights, outFeatures: o, inFeatures: k, bias });
    for (const n of [1, 3]) {
      const input = randomArray(n * k, rng);
      const runner = await createOrtRunner(ort, model, input, [n, k], ortNodeOptions(1));
      const y = await runner.run();
      await runner.dispose();
      expect(maxAbsDiff(y, referenceGemm(input, n, weights, o, k, bias)).maxAbs, `seed ${seed}`).toBeLessThan(1e-4);
    }
  });
});

describe('timing helper', () => {
  it('summarizes odd and even samples', () => {
    expect(summarize([5, 1, 3])).toMatchObject({ median: 3, min: 1, max: 5, mean: 3, reps: 3 });
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4, reps: 4 });
    expect(summarize([7]).median).toBe(7);
    expect(() => summarize([])).toThrow();
  });

  it('chooses reps from the per-call estimate within bounds', () => {
    expect(chooseReps(10, { targetMs: 100, minReps: 3, maxReps: 50 })).toBe(10);
    expect(chooseReps(1000, { targetMs: 100, minReps: 3, maxReps: 50 })).toBe(3);
    expect(chooseReps(0.001, { targetMs: 100, minReps: 3, maxReps: 50 })).toBe(50);
  });

  it('runs warm-up plus timed reps, awaiting async calls and the before hook', async () => {
    // A fake clock that only the measured call advances: each call "takes" 2 ms + its index, and only after its
    // promise settles, so a sample equals that cost exactly if and only if measure() awaited the call.
    let clock = 0;
    let calls = 0;
    let hooks = 0;
    const stats = await measure(
      async () => {
        const cost = 2 + calls++;
        await new Promise((r) => setTimeout(r, 0));
        clock += cost;
      },
      { warmup: 2, targetMs: 0, minReps: 4, maxReps: 4 },
      { before: () => hooks++, clock: () => clock },
    );
    expect(calls).toBe(6);
    expect(hooks).toBe(6);
    expect(stats.reps).toBe(4);
    expect(stats.warmup).toBe(2);
    expect(stats.min).toBe(4); // calls 2..5 are timed: 4, 5, 6, 7 ms
    expect(stats.max).toBe(7);
    expect(stats.median).toBe(5.5);
  });
});

describe('interleaved timing', () => {
  it('times each function in alternating blocks, each block led by one untimed call', async () => {
    const order: string[] = [];
    let clock = 0;
    const [a, b] = await measureInterleaved(
      [
        () => {
          order.push('a');
          clock += 1;
        },
        async () => {
          order.push('b');
          await new Promise((r) => setTimeout(r, 0));
          clock += 3;
        },
      ],
      { warmup: 1, targetMs: 0, minReps: 3, maxReps: 3 },
      { clock: () => clock },
      0,
    );
    // warm-up a b, then per round: lead-in + 1 timed call each (blockMs 0 -> blocks of 1)
    expect(order.join('')).toBe('ab' + 'aabb'.repeat(3));
    expect(a!.reps).toBe(3);
    expect(b!.reps).toBe(3);
    expect([a!.min, a!.max, b!.min, b!.max]).toEqual([1, 1, 3, 3]); // the async one was awaited
  });
});

describe('workload helpers', () => {
  it('random CSR, its CSB form and spmm agree with a dense reference', () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const csr = randomCsr(37, 50, 0.2, rng);
    const csb = csrToCsb(csr, { blockRows: 8, blockCols: 16 });
    const dense = new Float32Array(37 * 50);
    for (let r = 0; r < 37; r++) for (let j = csr.rowPtr[r]!; j < csr.rowPtr[r + 1]!; j++) dense[r * 50 + csr.colIdx[j]!] = csr.values[j]!;
    const x = randomArray(2 * 50, rng);
    const bias = randomArray(37, rng);
    const k = createJsBackend().kernels;
    const ref = referenceGemm(x, 2, dense, 37, 50, bias);
    for (const w of [csr, csb]) {
      const p = k.prepareSpmm!(w, bias, { relu: false });
      const y = k.spmm!({ dtype: 'float32', shape: [2, 50], data: x }, p);
      expect(maxAbsDiff(y.data, ref).maxAbs, `seed ${seed}`).toBeLessThan(1e-5);
    }
  });

  it('reports an unusable backend instead of throwing', async () => {
    const h = await loadOurs('native', { threads: 1 });
    expect(h.backend !== null || typeof h.error === 'string').toBe(true);
    h.backend?.dispose();
  });
});
