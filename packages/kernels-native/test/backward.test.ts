// Native backward ops beyond the shared conformance suite: the masked inner-product gradient (spmmBackward) and the
// { gradInput: false } hint of the dense ops, against the float64 oracles; malformed CSR input is a typed error.
import { describe, expect, it } from 'vitest';
import { oracleConv2dBackward, oracleGemmBackward } from '@sparsecnn/kernels-api/oracles';
import type { Conv2dSpec, KernelBackend } from '@sparsecnn/kernels-api';
import { tensorToCsr } from '@sparsecnn/sparse';
import { Rng, compareClose, isSparseCnnError, randomSparse, randomUniform, type Tensor } from '@sparsecnn/tensor';
import { nativeProvider } from '../src/index.js';
import type { SpmmBackwardResult } from '../src/backward.js';

type Extra = {
  spmmBackward(x: Tensor, w: ReturnType<typeof tensorToCsr>, gy: Tensor): SpmmBackwardResult;
  conv2dBackward(x: Tensor, w: Tensor, gy: Tensor, spec: Conv2dSpec, o?: { gradInput: boolean }): { gradInput: Tensor; gradWeights: Tensor; gradBias: Float32Array };
  gemmBackward(x: Tensor, w: Tensor, gy: Tensor, o?: { gradInput: boolean }): { gradInput: Tensor; gradWeights: Tensor; gradBias: Float32Array };
};

const supported = nativeProvider.isSupported() === true;

function close(label: string, a: ArrayLike<number>, e: ArrayLike<number>, seed: number): void {
  const r = compareClose(Array.from(a), Float64Array.from(e), { rtol: 1e-4, atol: 1e-4 });
  if (!r.ok) throw new Error(`${label} (seed ${seed}): ${r.message}`);
}

describe.skipIf(!supported && process.env.CI !== 'true')('native backward extras', () => {
  const withBackend = async (fn: (k: Extra, b: KernelBackend) => void) => {
    const b = await nativeProvider.create({ threads: 2 });
    try {
      fn(b.kernels as unknown as Extra, b);
    } finally {
      b.dispose();
    }
  };

  it('spmmBackward: input gradient and the stored weights’ gradients of a masked inner product', async () => {
    await withBackend((k) => {
      const seed = Rng.freshSeed();
      const rng = new Rng(seed);
      for (const [n, o, kk, d] of [[3, 17, 40, 0.2], [64, 50, 80, 0.05], [1, 5, 7, 1]] as const) {
        const w = randomSparse([o, kk], rng, d);
        const csr = tensorToCsr(w);
        const x = randomUniform([n, kk], rng);
        const gy = randomUniform([n, o], rng);
        const r = k.spmmBackward(x, csr, gy);
        const ref = oracleGemmBackward(x.data, n, w.data, o, kk, gy.data);
        close('gradInput', r.gradInput.data, ref.gradInput, seed);
        close('gradBias', r.gradBias, ref.gradBias, seed);
        const expected: number[] = [];
        for (let row = 0; row < o; row++) for (let j = csr.rowPtr[row]!; j < csr.rowPtr[row + 1]!; j++) expected.push(ref.gradWeights[row * kk + csr.colIdx[j]!]!);
        close('gradValues', r.gradValues, expected, seed);
      }
    });
  });

  it('the gradInput: false hint skips only the input gradient', async () => {
    await withBackend((k) => {
      const seed = Rng.freshSeed();
      const rng = new Rng(seed);
      const spec: Conv2dSpec = { inChannels: 3, inH: 11, inW: 9, outChannels: 7, kernel: [3, 3], stride: [1, 2], pad: [1, 0], dilation: [1, 1], groups: 1, relu: false };
      const x = randomUniform([2, 3, 11, 9], rng);
      const w = randomUniform([7, 3, 3, 3], rng);
      const gy = randomUniform([2, 7, 11, 4], rng);
      const ref = oracleConv2dBackward(x.data, 2, w.data, gy.data, spec);
      const full = k.conv2dBackward(x, w, gy, spec);
      const skip = k.conv2dBackward(x, w, gy, spec, { gradInput: false });
      close('conv gradWeights', skip.gradWeights.data, ref.gradWeights, seed);
      close('conv gradBias', skip.gradBias, ref.gradBias, seed);
      close('conv gradInput', full.gradInput.data, ref.gradInput, seed);
      expect(skip.gradInput.data.every((v) => v === 0)).toBe(true);
      const gx = randomUniform([5, 30], rng);
      const gw = randomUniform([8, 30], rng);
      const ggy = randomUniform([5, 8], rng);
      const gref = oracleGemmBackward(gx.data, 5, gw.data, 8, 30, ggy.data);
      const g = k.gemmBackward(gx, gw, ggy, { gradInput: false });
      close('gemm gradWeights', g.gradWeights.data, gref.gradWeights, seed);
      expect(g.gradInput.data.every((v) => v === 0)).toBe(true);
    });
  });

  it('unpadded convolutions (the direct weight-gradient path): LeNet shapes, groups, stride, dilation, O past 32', async () => {
    await withBackend((k) => {
      const seed = Rng.freshSeed();
      const rng = new Rng(seed);
      const base = { stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, relu: false } as const;
      const cases: Array<[number, Conv2dSpec]> = [
        [5, { ...base, inChannels: 20, inH: 12, inW: 12, outChannels: 50, kernel: [5, 5] }],
        [3, { ...base, inChannels: 1, inH: 28, inW: 28, outChannels: 20, kernel: [5, 5] }],
        [2, { ...base, inChannels: 6, inH: 11, inW: 10, outChannels: 70, kernel: [3, 2], stride: [2, 1], dilation: [1, 2], groups: 2 }],
        [1, { ...base, inChannels: 3, inH: 9, inW: 9, outChannels: 33, kernel: [1, 1], stride: [2, 2] }],
      ];
      for (const [n, spec] of cases) {
        const outH = Math.floor((spec.inH - (spec.kernel[0] - 1) * spec.dilation[0] - 1) / spec.stride[0]) + 1;
        const outW = Math.floor((spec.inW - (spec.kernel[1] - 1) * spec.dilation[1] - 1) / spec.stride[1]) + 1;
        const x = randomUniform([n, spec.inChannels, spec.inH, spec.inW], rng);
        const w = randomUniform([spec.outChannels, spec.inChannels / spec.groups, spec.kernel[0], spec.kernel[1]], rng);
        const gy = randomUniform([n, spec.outChannels, outH, outW], rng);
        const ref = oracleConv2dBackward(x.data, n, w.data, gy.data, spec);
        const r = k.conv2dBackward(x, w, gy, spec);
        const label = `${spec.inChannels}x${spec.inH}x${spec.inW} -> ${spec.outChannels} k${spec.kernel.join('x')} g${spec.groups}`;
        close(`${label} gradWeights`, r.gradWeights.data, ref.gradWeights, seed);
        close(`${label} gradBias`, r.gradBias, ref.gradBias, seed);
        close(`${label} gradInput`, r.gradInput.data, ref.gradInput, seed);
      }
    });
  });

  it('malformed CSR and shapes are SparseCnnErrors, not crashes', async () => {
    await withBackend((k) => {
      const rng = new Rng(1);
      const csr = tensorToCsr(randomSparse([4, 6], rng, 0.5));
      const bad = { ...csr, colIdx: csr.colIdx.map((c, i) => (i === 0 ? 99 : c)) };
      const x = randomUniform([2, 6], rng);
      const gy = randomUniform([2, 4], rng);
      for (const call of [() => k.spmmBackward(x, bad, gy), () => k.spmmBackward(x, csr, randomUniform([3, 4], rng)), () => k.spmmBackward(randomUniform([2, 5], rng), csr, gy)]) {
        let err: unknown;
        try {
          call();
        } catch (e) {
          err = e;
        }
        expect(isSparseCnnError(err)).toBe(true);
      }
    });
  });
});
