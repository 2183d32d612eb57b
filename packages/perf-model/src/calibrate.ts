import { Rng, SparseCnnError, randomSparse, randomUniform, type Tensor } from '@sparsecnn/tensor';
import { tensorToCsr } from '@sparsecnn/sparse';
import type { Conv2dSpec, KernelBackend } from '@sparsecnn/kernels-api';
import type { ConvLayerShape, FcLayerShape } from './layer.js';
import { evaluateLinear, fitNonNegative, type LinearModel } from './linear.js';
import {
  DENSE_CONV_FEATURES, DENSE_FC_FEATURES, SPARSE_CONV_FEATURES, SPARSE_FC_FEATURES, denseConvFeatures,
  denseFcFeatures, sparseConvFeatures, sparseFcFeatures,
} from './model.js';
import { PROFILE_VERSION, type MachineProfile } from './profile.js';
import { median, timeIt } from './timing.js';

const conv = (name: string, c: number, hw: number, o: number, k: number, s = 1, p = (k - 1) / 2): ConvLayerShape => ({
  kind: 'conv', name, inChannels: c, inH: hw, inW: hw, outChannels: o, kernel: [k, k], stride: [s, s], pad: [p, p],
  dilation: [1, 1], groups: 1,
});

/** Calibration shapes: like real layers (3x3, 5x5, 1x1, strided first layers; widths 13..56) but not the evaluated ones. */
export const CALIBRATION_CONV: readonly ConvLayerShape[] = [
  conv('cal-3x3-28', 64, 28, 64, 3),
  conv('cal-5x5-27', 48, 27, 64, 5),
  conv('cal-3x3-13', 128, 13, 128, 3),
  conv('cal-3x3-56', 32, 56, 32, 3),
  conv('cal-1x1-14', 64, 14, 128, 1),
  conv('cal-11x11-s4', 3, 115, 48, 11, 4, 0),
  conv('cal-5x5-27b', 64, 27, 96, 5),
  conv('cal-3x3-13b', 192, 13, 160, 3),
  conv('cal-11x11-s4b', 3, 163, 64, 11, 4, 0),
];
export const CALIBRATION_FC: readonly FcLayerShape[] = [
  { kind: 'fc', name: 'cal-fc-2048', inFeatures: 2048, outFeatures: 1024 },
  { kind: 'fc', name: 'cal-fc-4096', inFeatures: 4096, outFeatures: 1024 },
  { kind: 'fc', name: 'cal-fc-1024', inFeatures: 1024, outFeatures: 512 },
];
const QUICK_CONV: readonly ConvLayerShape[] = [
  conv('quick-3x3-13', 16, 13, 16, 3),
  conv('quick-5x5-9', 8, 9, 16, 5),
  conv('quick-1x1-8', 16, 8, 16, 1),
];
const QUICK_FC: readonly FcLayerShape[] = [{ kind: 'fc', name: 'quick-fc', inFeatures: 256, outFeatures: 128 }];

export const CALIBRATION_DENSITIES: readonly number[] = [0.02, 0.05, 0.1, 0.2, 0.4, 0.8];

export interface CalibrateOptions {
  /** Small shapes and few repetitions (tests; the js backend). */
  readonly quick?: boolean;
  /** Time budget per measurement, ms (default 60; quick 5). */
  readonly budgetMs?: number;
  readonly seed?: number;
  /** Called with progress messages. */
  readonly onProgress?: (message: string) => void;
}

export function lanesOf(isa: string): number {
  if (isa === 'avx512f') return 16;
  if (isa === 'avx2') return 8;
  if (isa === 'wasm-simd128' || isa === 'sse4.2' || isa === 'neon') return 4;
  return 1;
}

function need<T>(fn: T | undefined, op: string, backend: KernelBackend): T {
  if (!fn) throw new SparseCnnError('E_UNSUPPORTED', `calibration needs '${op}', which backend '${backend.name}' lacks`, { op, backend: backend.name });
  return fn;
}

function specOf(l: ConvLayerShape): Conv2dSpec {
  return { ...l, relu: false };
}

interface Sample { x: number[]; t: number }

function fitWithError(features: readonly string[], samples: readonly Sample[]): { model: LinearModel; mdape: number } {
  const model = fitNonNegative(features, samples.map((s) => s.x), samples.map((s) => s.t));
  const errs = samples.map((s) => Math.abs(evaluateLinear(model, s.x) - s.t) / s.t);
  return { model, mdape: median(errs) };
}

/**
 * Measure a backend and fit the machine profile: dense conv and GEMM rates, streaming and cache-resident bandwidth,
 * and the sparse kernels' cost as a function of density and shape. About 5-10 s on the native backend.
 */
export async function calibrate(backend: KernelBackend, options: CalibrateOptions = {}): Promise<MachineProfile> {
  const t0 = performance.now();
  const info = backend.info();
  const k = backend.kernels;
  const quick = options.quick ?? false;
  const budgetMs = options.budgetMs ?? (quick ? 5 : 60);
  const timing = { warmup: quick ? 1 : 2, minReps: quick ? 2 : 5, budgetMs };
  const rng = new Rng(options.seed ?? 12345);
  const log = options.onProgress ?? (() => {});
  const prepareConv2d = need(k.prepareConv2d, 'prepareConv2d', backend);
  const conv2d = need(k.conv2d, 'conv2d', backend);
  const prepareSparse = need(k.prepareSparseConv2d, 'prepareSparseConv2d', backend);
  const sparseConv2d = need(k.sparseConv2d, 'sparseConv2d', backend);
  const prepareGemm = need(k.prepareGemm, 'prepareGemm', backend);
  const gemm = need(k.gemm, 'gemm', backend);
  const prepareSpmm = need(k.prepareSpmm, 'prepareSpmm', backend);
  const spmm = need(k.spmm, 'spmm', backend);
  const relu = need(k.relu, 'relu', backend);
  const convShapes = quick ? QUICK_CONV : CALIBRATION_CONV;
  const fcShapes = quick ? QUICK_FC : CALIBRATION_FC;
  const densities = quick ? [0.05, 0.2, 0.6] : CALIBRATION_DENSITIES;

  // Bandwidth: out-of-place ReLU streams 4 bytes in and 4 out per element.
  const bw = (elements: number) => {
    const x = randomUniform([1, elements], rng);
    const out = randomUniform([1, elements], rng);
    const s = timeIt(() => relu(x, { negativeSlope: 0 }, out), timing);
    return (8 * elements) / (s.medianMs / 1e3);
  };
  // A backend's ReLU may also copy across a boundary (wasm copies in and out of linear memory), which understates the
  // memory system; sparse weights, once prepared, stream straight from memory. So B is the larger of the backend's
  // streaming rate and a plain typed-array copy of the same size.
  const copyRate = (elements: number) => {
    const a = randomUniform([elements], rng).data;
    const b = new Float32Array(elements);
    const s = timeIt(() => b.set(a), timing);
    return (8 * elements) / (s.medianMs / 1e3);
  };
  const big = quick ? 1 << 20 : 1 << 24;
  const bandwidth = Math.max(bw(big), copyRate(big));
  const cacheBandwidth = Math.max(bw(1 << 14), copyRate(1 << 14));
  log(`bandwidth: streaming ${(bandwidth / 1e9).toFixed(1)} GB/s, cache ${(cacheBandwidth / 1e9).toFixed(1)} GB/s`);

  const denseConv: Sample[] = [];
  const sparseConv: Sample[] = [];
  const rates: number[] = [];
  const lanes = lanesOf(info.isa);
  for (const layer of convShapes) {
    const spec = specOf(layer);
    const input = randomUniform([1, layer.inChannels, layer.inH, layer.inW], rng);
    const wShape = [layer.outChannels, layer.inChannels / layer.groups, layer.kernel[0], layer.kernel[1]];
    const bias = randomUniform([layer.outChannels], rng).data;
    const dense = prepareConv2d(randomUniform(wShape, rng), bias, spec);
    const out: Tensor = { dtype: 'float32', shape: dense.outputShape(input.shape), data: new Float32Array(dense.outputShape(input.shape).reduce((a, b) => a * b, 1)) };
    const td = timeIt(() => conv2d(input, dense, out), timing).medianMs / 1e3;
    dense.dispose();
    const x = denseConvFeatures(layer);
    denseConv.push({ x, t: td });
    rates.push((2 * x[0]!) / td);
    for (const d of densities) {
      const w = randomSparse(wShape, rng, d);
      const csr = tensorToCsr(w);
      const actual = csr.values.length / w.data.length;
      const sp = prepareSparse(csr, bias, spec);
      const ts = timeIt(() => sparseConv2d(input, sp, out), timing).medianMs / 1e3;
      sp.dispose();
      sparseConv.push({ x: sparseConvFeatures(layer, actual, lanes), t: ts });
    }
    log(`conv ${layer.name}: dense ${(td * 1e3).toFixed(3)} ms`);
  }
  const denseFc: Sample[] = [];
  const sparseFc: Sample[] = [];
  for (const layer of fcShapes) {
    const bias = randomUniform([layer.outFeatures], rng).data;
    const wd = randomUniform([layer.outFeatures, layer.inFeatures], rng);
    const g = prepareGemm(wd, bias, { relu: false });
    for (const batch of quick ? [1] : [1, 4]) {
      const input = randomUniform([batch, layer.inFeatures], rng);
      const out: Tensor = { dtype: 'float32', shape: [batch, layer.outFeatures], data: new Float32Array(batch * layer.outFeatures) };
      const td = timeIt(() => gemm(input, g, out), timing).medianMs / 1e3;
      denseFc.push({ x: denseFcFeatures(layer, batch), t: td });
      for (const d of densities) {
        const csr = tensorToCsr(randomSparse([layer.outFeatures, layer.inFeatures], rng, d));
        const sp = prepareSpmm(csr, bias, { relu: false });
        const ts = timeIt(() => spmm(input, sp, out), timing).medianMs / 1e3;
        sp.dispose();
        sparseFc.push({ x: sparseFcFeatures(layer, csr.values.length / (layer.inFeatures * layer.outFeatures), batch), t: ts });
      }
    }
    g.dispose();
    log(`fc ${layer.name} done`);
  }
  const dc = fitWithError(DENSE_CONV_FEATURES, denseConv);
  const sc = fitWithError(SPARSE_CONV_FEATURES, sparseConv);
  const df = fitWithError(DENSE_FC_FEATURES, denseFc);
  const sf = fitWithError(SPARSE_FC_FEATURES, sparseFc);
  return {
    version: PROFILE_VERSION,
    backend: backend.name,
    isa: info.isa,
    threads: info.threads,
    lanes,
    createdAt: new Date().toISOString(),
    calibrationMs: performance.now() - t0,
    denseFlops: median(rates),
    bandwidth,
    cacheBandwidth,
    models: { denseConv: dc.model, sparseConv: sc.model, denseFc: df.model, sparseFc: sf.model },
    fitError: { denseConv: dc.mdape, sparseConv: sc.mdape, denseFc: df.mdape, sparseFc: sf.mdape },
  };
}
