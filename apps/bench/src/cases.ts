/**
 * Cases on our kernels (through the kernels-api contract only), shared by the native and wasm benchmarks.
 * A case is prepared and checked first (untimed: prepare, one run into a NaN-poisoned output, comparison with the
 * peer's output), then timed together with the other cases of the same layer (interleaved, see measureInterleaved).
 */
import type { Conv2dSpec, Prepared } from '@sparsecnn/kernels-api';
import { csrToDense, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { poison, type Tensor } from '@sparsecnn/tensor';
import { errorMessage, opOf, type OursHandle } from './backends.js';
import { maxAbsDiff } from './reference.js';
import { measureInterleaved, type MeasureOptions, type TimingStats } from './timing.js';
import { outSize, weightCols, type ConvLayer } from './workloads.js';

export interface CaseResult {
  readonly stats: TimingStats | null;
  readonly maxAbsErr: number | null;
  readonly maxRef: number | null;
  readonly skipped?: string;
  readonly bytes?: number;
}

/** A checked case ready to be timed, or the reason it cannot be. */
export interface Runnable {
  readonly run: () => unknown;
  readonly maxAbsErr: number | null;
  readonly maxRef: number | null;
  readonly bytes?: number;
  dispose(): void | Promise<void>;
}
export type Prep = Runnable | { readonly skipped: string };

export function skip(reason: string): Prep {
  return { skipped: reason };
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

/** Prepare (untimed), run once into a NaN-poisoned output and compare with `ref`. Failures become skipped cases. */
function preparedCase<P extends Prepared>(
  prepare: () => P,
  run: (input: Tensor, p: P, out: Tensor) => Tensor,
  input: Tensor,
  outShape: number[],
  ref: ArrayLike<number> | null,
): Prep {
  let prepared: P | null = null;
  const dispose = () => {
    try {
      prepared?.dispose();
    } catch {
      /* nothing to report: the case is over */
    }
  };
  try {
    prepared = prepare();
    const p = prepared;
    const out = outTensor(outShape);
    poison(out.data);
    const res = run(input, p, out);
    const cmp = ref ? maxAbsDiff(res.data, ref) : null;
    return { run: () => run(input, p, out), maxAbsErr: cmp?.maxAbs ?? null, maxRef: cmp?.maxRef ?? null, bytes: p.bytes, dispose };
  } catch (e) {
    dispose();
    return skip(errorMessage(e));
  }
}

/** Time the runnable cases interleaved, dispose every case, and return one result per case (in order). */
export async function timeCases(cases: readonly Prep[], opts: MeasureOptions, hooks: { before?: () => unknown } = {}): Promise<CaseResult[]> {
  const live = cases.filter((c): c is Runnable => 'run' in c);
  let stats: TimingStats[] = [];
  let failure: string | null = null;
  try {
    stats = await measureInterleaved(live.map((c) => c.run), opts, hooks);
  } catch (e) {
    failure = errorMessage(e);
  } finally {
    for (const c of live) await c.dispose();
  }
  return cases.map((c) => {
    if (!('run' in c)) return { stats: null, maxAbsErr: null, maxRef: null, skipped: c.skipped };
    if (failure) return { stats: null, maxAbsErr: c.maxAbsErr, maxRef: c.maxRef, skipped: `timing failed: ${failure}` };
    return { stats: stats[live.indexOf(c)] ?? null, maxAbsErr: c.maxAbsErr, maxRef: c.maxRef, ...(c.bytes !== undefined ? { bytes: c.bytes } : {}) };
  });
}

export function oursSparseConv(ours: OursHandle, l: ConvLayer, csr: CsrMatrix, bias: Float32Array, input: Tensor, ref: ArrayLike<number> | null): Prep {
  const prep = opOf(ours, 'prepareSparseConv2d');
  const run = opOf(ours, 'sparseConv2d');
  if (typeof prep === 'string') return skip(prep);
  if (typeof run === 'string') return skip(run);
  const [oh, ow] = outSize(l);
  const spec = convSpec(l);
  return preparedCase(() => prep(csr, bias, spec), run, input, [input.shape[0]!, l.outChannels, oh, ow], ref);
}

export function oursDenseConv(ours: OursHandle, l: ConvLayer, weights: Tensor, bias: Float32Array, input: Tensor, ref: ArrayLike<number> | null): Prep {
  const prep = opOf(ours, 'prepareConv2d');
  const run = opOf(ours, 'conv2d');
  if (typeof prep === 'string') return skip(prep);
  if (typeof run === 'string') return skip(run);
  if (weights.data.length !== l.outChannels * weightCols(l)) return skip('dense weights do not fit the layer');
  const [oh, ow] = outSize(l);
  const spec = convSpec(l);
  return preparedCase(() => prep(weights, bias, spec), run, input, [input.shape[0]!, l.outChannels, oh, ow], ref);
}

export function oursSpmm(ours: OursHandle, weights: CsrMatrix | CsbMatrix, bias: Float32Array, input: Tensor, ref: ArrayLike<number> | null): Prep {
  const prep = opOf(ours, 'prepareSpmm');
  const run = opOf(ours, 'spmm');
  if (typeof prep === 'string') return skip(prep);
  if (typeof run === 'string') return skip(run);
  return preparedCase(() => prep(weights, bias, { relu: false }), run, input, [input.shape[0]!, weights.rows], ref);
}

export function oursGemm(ours: OursHandle, weights: Tensor, bias: Float32Array, input: Tensor, ref: ArrayLike<number> | null): Prep {
  const prep = opOf(ours, 'prepareGemm');
  const run = opOf(ours, 'gemm');
  if (typeof prep === 'string') return skip(prep);
  if (typeof run === 'string') return skip(run);
  return preparedCase(() => prep(weights, bias, { relu: false }), run, input, [input.shape[0]!, weights.shape[0]!], ref);
}
