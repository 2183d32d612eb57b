/** Timed cases on our kernels (through the kernels-api contract), shared by the native and wasm benchmarks. */
import type { Conv2dSpec, Prepared } from '@sparsecnn/kernels-api';
import { csrToDense, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { poison, type Tensor } from '@sparsecnn/tensor';
import { errorMessage, opOf, type OursHandle } from './backends.js';
import { maxAbsDiff } from './reference.js';
import { measure, type MeasureOptions, type TimingStats } from './timing.js';
import { outSize, weightCols, type ConvLayer } from './workloads.js';

export interface CaseResult {
  readonly stats: TimingStats | null;
  readonly maxAbsErr: number | null;
  readonly maxRef: number | null;
  readonly skipped?: string;
  readonly bytes?: number;
}

export function convSpec(l: ConvLayer, relu = false): Conv2dSpec {
  return {
    inChannels: l.inChannels,
    inH: l.inH,
    inW: l.inW,
    outChannels: l.outChannels,
    kernel: [l.kernel, l.kernel],
    stride: [l.stride, l.stride],
    pad: [l.pad, l.pad],
    dilation: [1, 1],
    groups: l.groups,
    relu,
  };
}

export function denseConvWeights(l: ConvLayer, csr: CsrMatrix): Tensor {
  return { dtype: 'float32', shape: [l.outChannels, l.inChannels / l.groups, l.kernel, l.kernel], data: csrToDense(csr) };
}

function outTensor(shape: number[]): Tensor {
  return { dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
}

/** Largest error accepted against the peer's output: fp32 rounding of long sums, far below a wrong answer. */
export function tolerance(maxRef: number): number {
  return 1e-3 * Math.max(1, maxRef);
}

/**
 * Prepare (untimed), run once into a NaN-poisoned output and compare with `ref`, then time `run(input, prepared, out)`.
 * Every failure is caught and reported as a skipped case.
 */
async function timePrepared<P extends Prepared>(
  prepare: () => P,
  run: (input: Tensor, p: P, out: Tensor) => Tensor,
  input: Tensor,
  outShape: number[],
  ref: ArrayLike<number> | null,
  opts: MeasureOptions,
  hooks: { before?: () => unknown } = {},
): Promise<CaseResult> {
  let prepared: P | null = null;
  try {
    prepared = prepare();
    const out = outTensor(outShape);
    poison(out.data);
    const res = run(input, prepared, out);
    const cmp = ref ? maxAbsDiff(res.data, ref) : null;
    const stats = await measure(() => run(input, prepared!, out), opts, hooks);
    return { stats, maxAbsErr: cmp?.maxAbs ?? null, maxRef: cmp?.maxRef ?? null, bytes: prepared.bytes };
  } catch (e) {
    return { stats: null, maxAbsErr: null, maxRef: null, skipped: errorMessage(e) };
  } finally {
    try {
      prepared?.dispose();
    } catch {
      /* reported by the run above if it matters */
    }
  }
}

export async function oursSparseConv(
  ours: OursHandle,
  l: ConvLayer,
  csr: CsrMatrix,
  bias: Float32Array,
  input: Tensor,
  ref: ArrayLike<number> | null,
  opts: MeasureOptions,
): Promise<CaseResult> {
  const prep = opOf(ours, 'prepareSparseConv2d');
  const run = opOf(ours, 'sparseConv2d');
  if (typeof prep === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: prep };
  if (typeof run === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: run };
  const [oh, ow] = outSize(l);
  const spec = convSpec(l);
  return timePrepared(() => prep(csr, bias, spec), run, input, [input.shape[0]!, l.outChannels, oh, ow], ref, opts);
}

export async function oursDenseConv(
  ours: OursHandle,
  l: ConvLayer,
  weights: Tensor,
  bias: Float32Array,
  input: Tensor,
  ref: ArrayLike<number> | null,
  opts: MeasureOptions,
): Promise<CaseResult> {
  const prep = opOf(ours, 'prepareConv2d');
  const run = opOf(ours, 'conv2d');
  if (typeof prep === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: prep };
  if (typeof run === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: run };
  const [oh, ow] = outSize(l);
  if (weights.data.length !== l.outChannels * weightCols(l)) throw new RangeError('dense weights do not fit the layer');
  const spec = convSpec(l);
  return timePrepared(() => prep(weights, bias, spec), run, input, [input.shape[0]!, l.outChannels, oh, ow], ref, opts);
}

export async function oursSpmm(
  ours: OursHandle,
  weights: CsrMatrix | CsbMatrix,
  bias: Float32Array,
  input: Tensor,
  ref: ArrayLike<number> | null,
  opts: MeasureOptions,
  hooks: { before?: () => unknown } = {},
): Promise<CaseResult> {
  const prep = opOf(ours, 'prepareSpmm');
  const run = opOf(ours, 'spmm');
  if (typeof prep === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: prep };
  if (typeof run === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: run };
  return timePrepared(() => prep(weights, bias, { relu: false }), run, input, [input.shape[0]!, weights.rows], ref, opts, hooks);
}

export async function oursGemm(
  ours: OursHandle,
  weights: Tensor,
  bias: Float32Array,
  input: Tensor,
  ref: ArrayLike<number> | null,
  opts: MeasureOptions,
): Promise<CaseResult> {
  const prep = opOf(ours, 'prepareGemm');
  const run = opOf(ours, 'gemm');
  if (typeof prep === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: prep };
  if (typeof run === 'string') return { stats: null, maxAbsErr: null, maxRef: null, skipped: run };
  return timePrepared(() => prep(weights, bias, { relu: false }), run, input, [input.shape[0]!, weights.shape[0]!], ref, opts);
}
