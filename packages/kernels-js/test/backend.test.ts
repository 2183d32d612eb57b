import { registerBackend, resolveBackend, unregisterBackend, type KernelName, type KernelTable, type Pool2dParams } from '@sparsecnn/kernels-api';
import { tensorToCsr } from '@sparsecnn/sparse';
import { Rng, isSparseCnnError, randomSparse, randomUniform, tensor, type Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createJsBackend, jsKernels, jsProvider } from '../src/index.js';

const k = createJsBackend().kernels as KernelTable;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const ALL_OPS: readonly KernelName[] = [
  'prepareConv2d', 'conv2d', 'prepareSparseConv2d', 'sparseConv2d', 'prepareGemm', 'gemm', 'prepareSpmm', 'spmm',
  'pool2d', 'relu', 'lrn', 'softmax', 'concat', 'eltwise', 'batchNorm', 'scale', 'conv2dBackward',
  'sparseConv2dBackward', 'gemmBackward', 'pool2dBackward', 'reluBackward', 'lrnBackward', 'softmaxCrossEntropy',
];

describe('js backend', () => {
  it('implements every op of the contract and describes itself', async () => {
    const b = createJsBackend();
    for (const op of ALL_OPS) expect(typeof b.kernels[op], op).toBe('function');
    expect(Object.keys(jsKernels).sort()).toEqual([...ALL_OPS].sort());
    expect(b.info()).toMatchObject({ name: 'js', isa: 'js', threads: 1 });
    expect(jsProvider).toMatchObject({ name: 'js', priority: 10 });
    expect(await jsProvider.isSupported()).toBe(true);
    expect((await jsProvider.create()).name).toBe('js');
    b.dispose();
  });

  it('loads through the registry', async () => {
    registerBackend(jsProvider);
    try {
      expect((await resolveBackend()).name).toBe('js');
    } finally {
      unregisterBackend('js');
    }
  });

  it('names the op and the backend in every error, and turns TypeErrors into E_ARGUMENT', () => {
    const e1 = thrown(() => k.relu(null as unknown as Tensor, { negativeSlope: 0 }));
    expect(isSparseCnnError(e1, 'E_ARGUMENT')).toBe(true);
    expect((e1 as { context: object }).context).toMatchObject({ op: 'relu', backend: 'js' });
    const e2 = thrown(() => k.pool2d(randomUniform([1, 1, 4, 4], new Rng(1)), null as unknown as Pool2dParams));
    expect(isSparseCnnError(e2, 'E_ARGUMENT')).toBe(true);
    expect((e2 as Error).message).toContain('op pool2d');
  });

  it('rejects disposed, foreign and mismatched prepared handles', () => {
    const p = k.prepareGemm(randomUniform([3, 4], new Rng(2)), null, { relu: false });
    const x = randomUniform([1, 4], new Rng(3));
    expect(k.gemm(x, p).shape).toEqual([1, 3]);
    expect(p.bytes).toBeGreaterThan(0);
    expect(p.outputShape([5, 2, 2])).toEqual([5, 3]);
    expect(isSparseCnnError(thrown(() => k.spmm(x, p as never)), 'E_ARGUMENT')).toBe(true);
    const foreign = { backend: 'other', kind: 'gemm', bytes: 0, disposed: false, outputShape: () => [1, 3], dispose() {} } as const;
    expect(isSparseCnnError(thrown(() => k.gemm(x, foreign)), 'E_ARGUMENT')).toBe(true);
    p.dispose();
    expect(p.disposed).toBe(true);
    expect(isSparseCnnError(thrown(() => k.gemm(x, p)), 'E_DISPOSED')).toBe(true);
  });
});

describe('Caffe semantics, by hand', () => {
  const ones = tensor(new Float32Array(9).fill(1), [1, 1, 3, 3]);

  it('AVE pooling divides by the window clipped to the padded input, not to the input', () => {
    const padded = k.pool2d(ones, { method: 'avg', kernel: [3, 3], stride: [2, 2], pad: [1, 1], global: false });
    expect(padded.shape).toEqual([1, 1, 2, 2]);
    for (const v of padded.data) expect(v).toBeCloseTo(4 / 9, 6);
    const unpadded = k.pool2d(ones, { method: 'avg', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false });
    expect(unpadded.shape).toEqual([1, 1, 2, 2]); // ceil: the last window is clipped to one row/column
    expect([...unpadded.data]).toEqual([1, 1, 1, 1]);
  });

  it('MAX pooling backward sends a tie to the first maximum', () => {
    const x = tensor(Float32Array.of(5, 5, 1, 5), [1, 1, 2, 2]);
    const g = k.pool2dBackward(x, tensor(Float32Array.of(3), [1, 1, 1, 1]), { method: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false });
    expect([...g.data]).toEqual([3, 0, 0, 0]);
  });

  it('LRN across channels uses alpha / n', () => {
    const y = k.lrn(tensor(Float32Array.of(2), [1, 1, 1, 1]), { localSize: 3, alpha: 3, beta: 1, k: 1, region: 'across' });
    expect(y.data[0]).toBeCloseTo(2 / (1 + (3 / 3) * 4), 6);
  });

  it('relu works in place and keeps NaN visible', () => {
    const x = tensor(Float32Array.of(-2, 0, 3, Number.NaN), [4]);
    k.relu(x, { negativeSlope: 0.5 }, x);
    expect([...x.data]).toEqual([-1, 0, 3, Number.NaN]);
  });

  it('an all-zero sparse convolution yields its bias', () => {
    const spec = { inChannels: 2, inH: 5, inW: 5, outChannels: 3, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1, relu: false } as const;
    const p = k.prepareSparseConv2d(tensorToCsr(randomSparse([3, 2, 3, 3], new Rng(4), 0)), Float32Array.of(1, -2, 3), spec);
    const y = k.sparseConv2d(randomUniform([2, 2, 5, 5], new Rng(5)), p);
    expect(y.shape).toEqual([2, 3, 5, 5]);
    expect(y.data[0]).toBe(1);
    expect(y.data[25]).toBe(-2);
    expect(y.data[3 * 25 + 50]).toBe(3);
  });

  it('softmaxCrossEntropy takes [N, C] or [N, C, 1, 1] logits only', () => {
    const r = k.softmaxCrossEntropy(tensor(Float32Array.of(0, 0, 0, 0), [2, 2, 1, 1]), Int32Array.of(0, 1));
    expect(r.loss).toBeCloseTo(Math.log(2), 6);
    expect(isSparseCnnError(thrown(() => k.softmaxCrossEntropy(tensor(new Float32Array(8), [2, 2, 2, 1]), Int32Array.of(0, 1))), 'E_SHAPE')).toBe(true);
  });
});
