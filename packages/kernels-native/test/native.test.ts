import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { Rng, poison, randomSparse, randomUniform, zeros, type Tensor } from '@sparsecnn/tensor';
import { tensorToCsr } from '@sparsecnn/sparse';
import type { Conv2dSpec, KernelBackend } from '@sparsecnn/kernels-api';
import { loadBinding, nativeProvider } from '../src/index.js';
import { refConv, refGemm, worstError } from './reference.js';

const built = nativeProvider.isSupported() === true;
const seed = Rng.freshSeed();

interface ConvCase {
  name: string;
  n: number;
  spec: Conv2dSpec;
  density: number;
}
const spec = (c: number, h: number, w: number, o: number, k: [number, number], s: [number, number], p: [number, number], d: [number, number], g: number, relu: boolean): Conv2dSpec => ({
  inChannels: c, inH: h, inW: w, outChannels: o, kernel: k, stride: s, pad: p, dilation: d, groups: g, relu,
});
const convCases: ConvCase[] = [
  { name: '3x3 pad1 13x13 (conv3-like, small)', n: 1, spec: spec(16, 13, 13, 24, [3, 3], [1, 1], [1, 1], [1, 1], 1, true), density: 0.2 },
  { name: '5x5 pad2 groups2 27x27 (conv2-like)', n: 2, spec: spec(8, 27, 27, 12, [5, 5], [1, 1], [2, 2], [1, 1], 2, false), density: 0.15 },
  { name: '11x11 stride4 (conv1-like)', n: 1, spec: spec(3, 59, 59, 10, [11, 11], [4, 4], [0, 0], [1, 1], 1, true), density: 0.5 },
  { name: '1x1', n: 3, spec: spec(20, 7, 9, 13, [1, 1], [1, 1], [0, 0], [1, 1], 1, false), density: 0.3 },
  { name: 'dilation 2, stride 2, asymmetric pad/kernel', n: 2, spec: spec(6, 17, 23, 9, [3, 2], [2, 3], [2, 1], [2, 3], 1, true), density: 0.6 },
  { name: 'wide rows (outW 100)', n: 1, spec: spec(4, 5, 102, 5, [3, 3], [1, 1], [0, 0], [1, 1], 1, false), density: 0.4 },
  { name: 'width 1, tall', n: 1, spec: spec(5, 40, 1, 7, [3, 1], [1, 1], [1, 0], [1, 1], 1, false), density: 0.5 },
  { name: 'many groups (depthwise)', n: 2, spec: spec(8, 10, 10, 8, [3, 3], [1, 1], [1, 1], [1, 1], 8, false), density: 0.7 },
  { name: 'empty weights', n: 1, spec: spec(4, 6, 6, 5, [3, 3], [1, 1], [1, 1], [1, 1], 1, false), density: 0 },
  { name: 'many input channels (channel blocks)', n: 1, spec: spec(256, 6, 6, 16, [3, 3], [1, 1], [1, 1], [1, 1], 1, true), density: 0.03 },
  // batches that do not split evenly over 2 threads: each image split over output channels
  { name: '3x3 pad1 groups 2, batch 3', n: 3, spec: spec(8, 11, 14, 10, [3, 3], [1, 1], [1, 1], [1, 1], 2, true), density: 0.3 },
  { name: '5x5 pad2 27x27 batch 5 (shift tiles at AVX-512)', n: 5, spec: spec(6, 27, 27, 9, [5, 5], [1, 1], [2, 2], [1, 1], 1, false), density: 0.2 },
  // 1x1 stride 1 pad 0 with a plane of at least one vector: the in-place pointwise path (no padded buffer)
  { name: '1x1 pointwise 8x8 (whole vectors)', n: 1, spec: spec(24, 8, 8, 40, [1, 1], [1, 1], [0, 0], [1, 1], 1, true), density: 0.2 },
  { name: '1x1 pointwise 25x25 batch 2 (several chunks, masked tail)', n: 2, spec: spec(12, 25, 25, 20, [1, 1], [1, 1], [0, 0], [1, 1], 1, false), density: 0.3 },
  { name: '1x1 pointwise groups 2, 9x11', n: 1, spec: spec(16, 9, 11, 12, [1, 1], [1, 1], [0, 0], [2, 2], 2, true), density: 0.4 },
  { name: '1x1 pointwise 192 channels in 3 blocks, 13x13 batch 3', n: 3, spec: spec(192, 13, 13, 35, [1, 1], [1, 1], [0, 0], [1, 1], 1, false), density: 0.5 },
  { name: '1x1 pointwise plane 17 (one vector + 1 at AVX-512)', n: 1, spec: spec(9, 1, 17, 70, [1, 1], [1, 1], [0, 0], [1, 1], 1, false), density: 0.5 },
  { name: '1x1 pointwise 2000 channels 7x7 batch 10 (copied a group of images at a time)', n: 10, spec: spec(2000, 7, 7, 8, [1, 1], [1, 1], [0, 0], [1, 1], 1, false), density: 0.05 },
  { name: '1x1 plane smaller than a vector (3x3: the padded path)', n: 2, spec: spec(10, 3, 3, 6, [1, 1], [1, 1], [0, 0], [1, 1], 1, false), density: 0.5 },
];

const isas = built && loadBinding().cpu.avx512f ? (['avx512f', 'avx2', 'scalar'] as const) : (['avx2', 'scalar'] as const);
for (const isa of isas) {
  for (const threads of [1, 2]) {
    describe.skipIf(!built)(`native ${isa}, ${threads} thread(s) (seed ${seed})`, () => {
      let be: KernelBackend;
      beforeAll(async () => {
        be = await nativeProvider.create({ isa, threads });
      });
      afterAll(() => be?.dispose());

      it('reports its info', () => {
        const info = be.info();
        expect(info).toMatchObject({ name: 'native', isa, threads });
      });

      for (const c of convCases) {
        it(`sparse and dense conv: ${c.name}`, () => {
          const rng = new Rng(seed);
          const s = c.spec;
          const wShape = [s.outChannels, s.inChannels / s.groups, s.kernel[0], s.kernel[1]];
          const weights = randomSparse(wShape, rng, c.density);
          const bias = randomUniform([s.outChannels], rng).data;
          const input = randomUniform([c.n, s.inChannels, s.inH, s.inW], rng);
          const want = refConv(input, weights.data, bias, s);
          const sp = be.kernels.prepareSparseConv2d!(tensorToCsr(weights), bias, s);
          const dp = be.kernels.prepareConv2d!(weights, bias, s);
          const shape = sp.outputShape(input.shape);
          for (const [name, run] of [
            ['sparse', (o: Tensor) => be.kernels.sparseConv2d!(input, sp, o)],
            ['dense', (o: Tensor) => be.kernels.conv2d!(input, dp, o)],
          ] as const) {
            const out = zeros(shape);
            poison(out.data);
            run(out);
            const err = worstError(out.data, want, 1e-4, 1e-4);
            expect(err.ratio, `${name} worst error at ${err.index} (seed ${seed})`).toBeLessThanOrEqual(1);
          }
          // allocate-output form too, and running twice gives the same bits
          const a = be.kernels.sparseConv2d!(input, sp);
          const b = be.kernels.sparseConv2d!(input, sp);
          expect(Array.from(a.data)).toEqual(Array.from(b.data));
          sp.dispose();
          dp.dispose();
        });
      }

      for (const [n, o, k, density] of [[1, 37, 50, 0.3], [8, 70, 300, 0.1], [5, 16, 7, 1], [3, 20, 70000, 0.01]] as const) {
        it(`gemm and spmm n=${n} o=${o} k=${k}`, () => {
          const rng = new Rng(seed + n);
          const w = randomSparse([o, k], rng, density);
          const bias = randomUniform([o], rng).data;
          const x = randomUniform([n, k], rng);
          for (const relu of [false, true]) {
            const want = refGemm(x.data, n, w.data, o, k, bias, relu);
            const gp = be.kernels.prepareGemm!(w, bias, { relu });
            const sp = be.kernels.prepareSpmm!(tensorToCsr(w), bias, { relu });
            for (const [name, run] of [
              ['gemm', (t: Tensor) => be.kernels.gemm!(x, gp, t)],
              ['spmm', (t: Tensor) => be.kernels.spmm!(x, sp, t)],
            ] as const) {
              const out = zeros([n, o]);
              poison(out.data);
              run(out);
              const err = worstError(out.data, want, 1e-4, 1e-4);
              expect(err.ratio, `${name} relu=${relu} worst error at ${err.index} (seed ${seed})`).toBeLessThanOrEqual(1);
            }
            gp.dispose();
            sp.dispose();
          }
        });
      }
    });
  }
}
