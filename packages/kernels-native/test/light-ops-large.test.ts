/**
 * The bandwidth-bound light ops (ReLU, channel affine) split across threads only past 4M floats (misc_ops.inc), a size
 * the shared conformance cases avoid (their oracles take seconds there). Here: one call each per ISA at 2 threads on
 * 4.3-4.5M floats, fresh random inputs, NaN-poisoned outputs, against the same formula: ReLU exactly; x * m + b as
 * float32 multiply-then-add or as one fused multiply-add (the AVX2 / AVX-512 builds contract it), i.e. within one
 * float32 rounding of the exact value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, poison, randomUniform, zeros } from '@sparsecnn/tensor';
import type { KernelBackend } from '@sparsecnn/kernels-api';
import { loadBinding, nativeProvider } from '../src/index.js';

const built = nativeProvider.isSupported() === true;
const isas = built ? [...(loadBinding().cpu.avx512f ? ['avx512f' as const] : []), 'avx2' as const, 'scalar' as const] : [];

describe.skipIf(!built && process.env.CI !== 'true')('large ReLU / channel affine (threaded past 4M floats)', () => {
  it('needs the addon in CI', () => expect(built).toBe(true));
  for (const isa of isas) {
    describe(isa, () => {
      let b: KernelBackend;
      beforeAll(async () => { b = await nativeProvider.create({ isa, threads: 2 }); });
      afterAll(() => b.dispose());

      it('relu and leaky relu on [1, 64, 257, 259]', () => {
        const seed = Rng.freshSeed();
        const x = randomUniform([1, 64, 257, 259], new Rng(seed), -1, 1);
        for (const slope of [0, 0.1]) {
          const y = zeros(x.shape);
          poison(y.data);
          b.kernels.relu!(x, { negativeSlope: slope }, y);
          const s = Math.fround(slope);
          let bad = -1;
          for (let i = 0; i < x.data.length && bad < 0; i++) {
            const v = x.data[i]!;
            if (y.data[i] !== (v > 0 ? v : Math.fround(v * s))) bad = i;
          }
          expect(bad, `slope ${slope}: first mismatch at ${bad} (seed ${seed})`).toBe(-1);
        }
      });

      for (const shape of [[1, 16, 512, 520], [64, 1100, 8, 8]] as const) {
        it(`scale with bias on [${shape.join(', ')}]`, () => {
          const seed = Rng.freshSeed();
          const rng = new Rng(seed);
          const x = randomUniform([...shape], rng, -2, 2);
          const C = shape[1];
          const scale = randomUniform([C], rng, -1, 1).data;
          const bias = randomUniform([C], rng, -1, 1).data;
          const y = zeros(x.shape);
          poison(y.data);
          b.kernels.scale!(x, { scale, bias }, y);
          const inner = shape[2] * shape[3];
          let bad = -1;
          for (let i = 0; i < x.data.length && bad < 0; i++) {
            const c = Math.floor(i / inner) % C;
            const exact = x.data[i]! * scale[c]! + bias[c]!; // float64: the product is exact, one rounding of the sum
            const twice = Math.fround(Math.fround(x.data[i]! * scale[c]!) + bias[c]!);
            if (y.data[i] !== twice && !(Math.abs(y.data[i]! - exact) <= Math.abs(exact) * 2 ** -23)) bad = i;
          }
          expect(bad, `first mismatch at ${bad} (seed ${seed})`).toBe(-1);
        });
      }
    });
  }
});
