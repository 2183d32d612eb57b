// Every path of the native dense convolution and inner product against a float64 reference, per ISA and thread
// count: the small-plane transposed path (outH * outW <= 256: pixels x channels through the inner-product kernel,
// images batched, image blocks), im2col (pointwise, strided 2/4), the AVX-512 implicit GEMM (stride-1 width),
// groups, and tails (O not a multiple of the 6-row or 16/32-column tiles, HW = 49, batch > 1).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { Rng, poison, randomUniform, zeros, type Tensor } from '@sparsecnn/tensor';
import type { Conv2dSpec, KernelBackend } from '@sparsecnn/kernels-api';
import { loadBinding, nativeProvider } from '../src/index.js';
import { refConv, refGemm, worstError } from './reference.js';

const built = nativeProvider.isSupported() === true;
const seed = Rng.freshSeed();

const spec = (c: number, h: number, o: number, k: number, s: number, p: number, g = 1, relu = false, w = h): Conv2dSpec => ({
  inChannels: c, inH: h, inW: w, outChannels: o, kernel: [k, k], stride: [s, s], pad: [p, p], dilation: [1, 1], groups: g, relu,
});
const convCases: Array<{ name: string; n: number; spec: Conv2dSpec }> = [
  // transposed (small planes)
  { name: '1x1 at 7x7 (HW 49), O 70', n: 1, spec: spec(40, 7, 70, 1, 1, 0) },
  { name: '1x1 stride 2, 14 -> 7, batch 3, ReLU', n: 3, spec: spec(24, 14, 64, 1, 2, 0, 1, true) },
  { name: '3x3 pad 1 at 7x7, batch 2', n: 2, spec: spec(33, 7, 40, 3, 1, 1) },
  { name: 'LeNet conv2-like 5x5 (8x8 out), batch 5', n: 5, spec: spec(20, 12, 50, 5, 1, 0) },
  { name: '3x3 pad 1 at 16x16 (HW 256), O 7', n: 1, spec: spec(5, 16, 7, 3, 1, 1) },
  { name: '3x3 pad 1, K 4608, batch 6 (two image blocks)', n: 6, spec: spec(512, 7, 8, 3, 1, 1) },
  { name: '11x11 stride 4 to 13x13', n: 2, spec: spec(3, 59, 10, 11, 4, 0, 1, true) },
  // im2col / implicit GEMM (larger planes)
  { name: '1x1 at 20x20 (pointwise im2col), O 13, batch 2', n: 2, spec: spec(20, 20, 13, 1, 1, 0) },
  { name: '11x11 stride 4 to 23x23', n: 1, spec: spec(3, 99, 17, 11, 4, 0) },
  { name: '7x7 stride 2 pad 3 to 32x32 (ResNet conv1-like)', n: 1, spec: spec(3, 64, 20, 7, 2, 3, 1, true) },
  { name: '1x1 stride 2 to 20x20', n: 2, spec: spec(16, 40, 33, 1, 2, 0) },
  { name: '3x3 pad 1 at 20x20 (implicit GEMM), O 40', n: 2, spec: spec(12, 20, 40, 3, 1, 1) },
  { name: '3x3 pad 1 at 20x37, O 70, ReLU', n: 1, spec: spec(8, 20, 70, 3, 1, 1, 1, true, 37) },
  { name: 'LeNet conv1-like 5x5 to 24x24, batch 5 (one image per task)', n: 5, spec: spec(1, 28, 20, 5, 1, 0) },
  { name: 'SqueezeNet conv_final: 1x1 pad 1, 512 -> 1000, 13x13 -> 15x15', n: 1, spec: spec(512, 13, 1000, 1, 1, 1) },
  { name: '1x1 pad 1, batch 2 (padded pointwise)', n: 2, spec: spec(9, 5, 20, 1, 1, 1, 1, true) },
  { name: 'SqueezeNet fire9 expand 3x3 64 -> 256 at 13x13', n: 1, spec: spec(64, 13, 256, 3, 1, 1, 1, true) },
  { name: 'SqueezeNet fire8 expand 3x3 64 -> 256 at 27x27', n: 1, spec: spec(64, 27, 256, 3, 1, 1, 1, true) },
  // groups (never transposed)
  { name: 'groups 2, 5x5 pad 2 at 9x9', n: 2, spec: spec(8, 9, 14, 5, 1, 2, 2) },
  { name: 'groups 2, 3x3 pad 1 at 20x20', n: 1, spec: spec(8, 20, 12, 3, 1, 1, 2) },
  { name: 'groups 2, 3x3 pad 1 at 20x20, batch 4', n: 4, spec: spec(8, 20, 14, 3, 1, 1, 2, true) },
];

const isas = built && loadBinding().cpu.avx512f ? (['avx512f', 'avx2', 'scalar'] as const) : (['avx2', 'scalar'] as const);
for (const isa of isas) {
  for (const threads of [1, 2]) {
    describe.skipIf(!built)(`native dense paths ${isa}, ${threads} thread(s) (seed ${seed})`, () => {
      let be: KernelBackend;
      beforeAll(async () => {
        be = await nativeProvider.create({ isa, threads });
      });
      afterAll(() => be?.dispose());

      for (const c of convCases) {
        it(`dense conv: ${c.name}`, () => {
          const rng = new Rng(seed);
          const s = c.spec;
          const weights = randomUniform([s.outChannels, s.inChannels / s.groups, s.kernel[0], s.kernel[1]], rng);
          const bias = randomUniform([s.outChannels], rng).data;
          const p = be.kernels.prepareConv2d!(weights, bias, s);
          // two calls with fresh inputs on one prepared handle (workspaces reused)
          for (let rep = 0; rep < 2; rep++) {
            const input = randomUniform([c.n, s.inChannels, s.inH, s.inW], rng);
            const want = refConv(input, weights.data, bias, s);
            const out = zeros(p.outputShape(input.shape));
            poison(out.data);
            be.kernels.conv2d!(input, p, out);
            const err = worstError(out.data, want, 2e-4, 2e-4);
            expect(err.ratio, `worst error at ${err.index} (seed ${seed})`).toBeLessThanOrEqual(1);
          }
          p.dispose();
        });
      }

      for (const [n, o, k] of [[1, 70, 300], [13, 70, 300], [100, 33, 800], [8, 96, 40], [7, 16, 1]] as const) {
        it(`gemm n=${n} o=${o} k=${k}`, () => {
          const rng = new Rng(seed + n + o);
          const w = randomUniform([o, k], rng);
          const bias = randomUniform([o], rng).data;
          for (const relu of [false, true]) {
            const x = randomUniform([n, k], rng);
            const want = refGemm(x.data, n, w.data, o, k, bias, relu);
            const gp = be.kernels.prepareGemm!(w, bias, { relu });
            const out: Tensor = zeros([n, o]);
            poison(out.data);
            be.kernels.gemm!(x, gp, out);
            const err = worstError(out.data, want, 2e-4, 2e-4);
            expect(err.ratio, `relu=${relu} worst error at ${err.index} (seed ${seed})`).toBeLessThanOrEqual(1);
            gp.dispose();
          }
        });
      }
    });
  }
}
