/// <reference lib="webworker" />
/**
 * The compute worker: loads the models (streamed, with progress), runs them on the wasm backend through
 * @sparsecnn/runtime's browser entry, predicts layer times with the perf model and measures them. The page only
 * draws; the calibration runs in ./calibrate-worker.ts.
 */
import { activeLayers, decodeCaffeModel, decodeDeepCompressionNet, parsePrototxt, toNetDescription } from '@sparsecnn/caffe-io';
import type { NetParameter } from '@sparsecnn/caffe-io';
import { resolveBackend, type KernelBackend } from '@sparsecnn/kernels-api';
import {
  ALEXNET_CONV, ALEXNET_FC, layerCost, median, parseProfile, predictLayer, timeIt, usefulRange,
  type LayerShape, type MachineProfile,
} from '@sparsecnn/perf-model';
import { parseIdxPair } from '@sparsecnn/pruning';
import { createSession, type LayerPlan, type Session } from '@sparsecnn/runtime';
import {
  Rng, SparseCnnError, isSparseCnnError, randomUniform,
  type ConvolutionParams, type LayerDescription, type NetDescription, type Tensor,
} from '@sparsecnn/tensor';
import { digitInput, mnistDigit } from './lib/digit.js';
import { fetchBytes, fetchText } from './lib/fetch-progress.js';
import {
  checkLabelCount, parseLabels, pixelsToInput, preprocessOptionsFor, resizedPixels, resolvePreprocess, topKIndices,
  type ClassLabel, type ResolvedPreprocess,
} from '@sparsecnn/image';
import { softmax } from './lib/softmax.js';
import { PRUNE_PRESETS, pruneByMagnitude } from './lib/prune.js';
import { randomCsr } from './lib/random-csr.js';
import type {
  DigitResult, EnvInfo, MnistScore, ImageResult, LayerRow, LenetInfo, NetInfo, NetRun, PerfCurve,
  PerfLayerInfo, ProfileStatus, ProgressInfo, RequestMessage, ResponseMessage, SqueezenetInfo, WorkerApi,
} from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

const LENET = {
  prototxt: 'models/lenet_mnist/lenet.prototxt',
  weights: 'models/lenet_mnist/lenet_iter_10000.caffemodel',
  trainTest: 'models/lenet_mnist/lenet_train_test.prototxt',
};
const MNIST = {
  images: 'datasets/mnist/t10k-images-idx3-ubyte.gz',
  labels: 'datasets/mnist/t10k-labels-idx1-ubyte.gz',
};
const SQUEEZENET = {
  prototxt: 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt',
  weights: 'models/squeezenet_deep_compression/compressed_SqueezeNet.net',
  trainVal: 'models/squeezenet_deep_compression/SqueezeNet_trainval.prototxt',
  labels: 'images/ilsvrc12/synset_words.txt',
};
/** Size before the centre crop, as Caffe's ImageNet models were trained (and as the CLI's classify does). */
const RESIZE = 256;
/** The backends the sessions use: wasm, with per-op fallback to the plain-JS kernels. */
const BACKENDS = ['wasm', 'js'] as const;

let dataBase = '';
let backendPromise: Promise<KernelBackend> | null = null;

interface Lenet {
  readonly desc: NetDescription;
  readonly scale: number;
  dense: Session;
  pruned: Session;
  preset: string;
}
let lenet: Lenet | null = null;
let lenetLoading: Promise<Lenet> | null = null;

interface Squeeze {
  readonly desc: NetDescription;
  readonly session: Session;
  readonly labels: ClassLabel[];
  /** Caffe's preprocessing for this net (@sparsecnn/image): resize, centre crop, BGR, mean, scale. */
  readonly pre: ResolvedPreprocess;
  readonly info: SqueezenetInfo;
}
let squeeze: Squeeze | null = null;
let squeezeLoading: Promise<Squeeze> | null = null;
let profile: MachineProfile | null = null;

const post = (m: ResponseMessage) => self.postMessage(m);

function backend(): Promise<KernelBackend> {
  backendPromise ??= resolveBackend(['wasm'], {}, { onWarning: () => {} });
  return backendPromise;
}

function dataUrl(rel: string): string {
  return new URL(rel, dataBase).href;
}

async function fetchData(id: number, rel: string, text: true): Promise<string>;
async function fetchData(id: number, rel: string, text?: false): Promise<Uint8Array>;
async function fetchData(id: number, rel: string, text = false): Promise<string | Uint8Array> {
  const progress = (loaded: number, total: number | null) => {
    const p: ProgressInfo = { file: rel, loaded, total };
    post({ id, kind: 'progress', progress: p });
  };
  return text ? fetchText(dataUrl(rel), progress) : fetchBytes(dataUrl(rel), progress);
}

/** transform_param of the first data layer of the TEST phase (train/val prototxts). */
function testTransform(net: NetParameter, file: string): { scale: number; mean: number[]; crop: number } {
  for (const l of activeLayers(net, 'TEST', file)) {
    const t = l.transform_param;
    if (!t) continue;
    return { scale: t.scale ?? 1, mean: [...(t.mean_value ?? [])], crop: t.crop_size ?? 0 };
  }
  throw new SparseCnnError('E_FORMAT', 'no TEST-phase data layer with a transform_param', { file });
}

function netInfo(label: string, plan: readonly LayerPlan[]): NetInfo {
  const layers: LayerRow[] = plan
    .filter((l) => l.weightCount > 0)
    .map((l) => ({
      name: l.name, type: l.type, kernel: l.kernel, backend: l.backend, weights: l.weightCount, nonZeros: l.nonZeros,
      density: l.weightDensity, denseBytes: l.weightBytes.dense, sparseBytes: l.weightBytes.sparse,
    }));
  const sum = (f: (l: LayerRow) => number) => layers.reduce((s, l) => s + f(l), 0);
  return {
    label, layers, denseBytes: sum((l) => l.denseBytes),
    weights: sum((l) => l.weights), nonZeros: sum((l) => l.nonZeros),
  };
}

/** A copy of the description with each listed layer's weights magnitude-pruned to its density. */
function pruned(desc: NetDescription, densities: Readonly<Record<string, number>>): NetDescription {
  const layers: LayerDescription[] = desc.layers.map((l) => {
    const d = densities[l.name];
    if (d === undefined || l.blobs.length === 0) return l;
    const w = l.blobs[0]!;
    const p: Tensor = { dtype: 'float32', shape: [...w.shape], data: pruneByMagnitude(w.data, d).data };
    return { ...l, blobs: [p, ...l.blobs.slice(1)] };
  });
  return { ...desc, layers };
}

async function lenetSessions(desc: NetDescription, preset: string): Promise<{ dense: Session; pruned: Session }> {
  const p = PRUNE_PRESETS[preset];
  if (!p) throw new SparseCnnError('E_ARGUMENT', `unknown pruning preset '${preset}' (${Object.keys(PRUNE_PRESETS).join(', ')})`);
  const dense = await createSession(desc, { backends: BACKENDS, batch: 1, sparse: 'never', onWarning: () => {} });
  const sparse = await createSession(pruned(desc, p.densities), { backends: BACKENDS, batch: 1, sparse: 'auto', onWarning: () => {} });
  const zero = { data: { dtype: 'float32' as const, shape: [1, 1, 28, 28], data: new Float32Array(784) } };
  // Warm up: the browser compiles wasm with a baseline compiler first and optimises hot functions after a few calls.
  for (let i = 0; i < 5; i++) {
    dense.runSync(zero);
    sparse.runSync(zero);
  }
  return { dense, pruned: sparse };
}

function lenetInfo(l: Lenet): LenetInfo {
  return {
    preset: l.preset,
    dense: netInfo('Dense LeNet', l.dense.plan),
    pruned: netInfo('Pruned LeNet', l.pruned.plan),
  };
}

async function loadLenet(id: number, preset: string): Promise<LenetInfo> {
  lenetLoading ??= (async () => {
    const [proto, weights, trainTest] = await Promise.all([
      fetchData(id, LENET.prototxt, true), fetchData(id, LENET.weights), fetchData(id, LENET.trainTest, true),
    ]);
    const { net } = parsePrototxt(proto, { file: LENET.prototxt });
    const w = decodeCaffeModel(weights, { file: LENET.weights });
    const desc = toNetDescription(net, w, { file: LENET.prototxt, weightsFile: LENET.weights, inputShapes: { data: [1, 1, 28, 28] } });
    const { scale } = testTransform(parsePrototxt(trainTest, { file: LENET.trainTest }).net, LENET.trainTest);
    const { dense, pruned: sparse } = await lenetSessions(desc, preset);
    return { desc, scale, dense, pruned: sparse, preset };
  })();
  try {
    lenet = await lenetLoading;
  } catch (e) {
    lenetLoading = null;
    throw e;
  }
  if (lenet.preset !== preset) return setPruning(preset);
  return lenetInfo(lenet);
}

async function setPruning(preset: string): Promise<LenetInfo> {
  if (!lenet) throw new SparseCnnError('E_ARGUMENT', 'LeNet is not loaded yet');
  const { dense, pruned: sparse } = await lenetSessions(lenet.desc, preset);
  lenet.dense.dispose();
  lenet.pruned.dispose();
  lenet.dense = dense;
  lenet.pruned = sparse;
  lenet.preset = preset;
  return lenetInfo(lenet);
}

/** Run a session `runs` times on one input: probabilities, median forward time, per-layer medians of these runs. */
function runNet(session: Session, feeds: Record<string, Tensor>, runs: number): { out: Tensor; forwardMs: number; layers: NetRun['layers'] } {
  const times: number[] = [];
  const perLayer = new Map<string, number[]>();
  let out: Tensor | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = session.runSync(feeds);
    times.push(performance.now() - t0);
    out = res[session.outputNames[0]!];
    for (const l of session.profile()) {
      const list = perLayer.get(l.name) ?? [];
      list.push(l.lastMs);
      perLayer.set(l.name, list);
    }
  }
  const layers = session.profile().map((l) => ({ name: l.name, kernel: l.kernel, backend: l.backend, ms: median(perLayer.get(l.name) ?? [l.lastMs]) }));
  return { out: out!, forwardMs: median(times), layers };
}

function classifyDigit(gray: Uint8Array, width: number, height: number, runs: number): DigitResult {
  if (!lenet) throw new SparseCnnError('E_ARGUMENT', 'LeNet is not loaded yet');
  const digit = mnistDigit(gray, width, height);
  if (digit.empty) return { empty: true, pixels: digit.pixels, dense: null, pruned: null };
  const input: Tensor = { dtype: 'float32', shape: [1, 1, 28, 28], data: digitInput(digit.pixels, lenet.scale) };
  const n = Math.max(1, Math.min(100, Math.floor(runs)));
  const one = (s: Session): NetRun => {
    const { out, forwardMs, layers } = runNet(s, { data: input }, n);
    const probs = Array.from(out.data);
    return { probs, predicted: topKIndices(probs, 1)[0]!, forwardMs, runs: n, layers };
  };
  return { empty: false, pixels: digit.pixels, dense: one(lenet.dense), pruned: one(lenet.pruned) };
}

async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `not a valid gzip file: ${e instanceof Error ? e.message : String(e)}`, { file }, { cause: e });
  }
}

let mnist: { images: Uint8Array; labels: Uint8Array; count: number } | null = null;

/** Accuracy of the dense and the pruned LeNet on the first `images` MNIST test digits, in batches of 100. */
async function evaluateMnist(id: number, images: number): Promise<MnistScore> {
  if (!lenet) throw new SparseCnnError('E_ARGUMENT', 'LeNet is not loaded yet');
  if (!mnist) {
    const [img, lab] = await Promise.all([fetchData(id, MNIST.images), fetchData(id, MNIST.labels)]);
    const set = parseIdxPair(await gunzip(img, MNIST.images), await gunzip(lab, MNIST.labels), MNIST);
    if (set.height !== 28 || set.width !== 28) throw new SparseCnnError('E_FORMAT', `expected 28 x 28 digits, got ${set.height} x ${set.width}`, { file: MNIST.images });
    mnist = { images: set.pixels, labels: set.labels, count: set.count };
  }
  const l = lenet;
  const n = Math.max(1, Math.min(mnist.count, Math.floor(images)));
  const batch = 100;
  let dense = 0;
  let pruned = 0;
  let agree = 0;
  const td: number[] = [];
  const tp: number[] = [];
  for (let start = 0; start < n; start += batch) {
    const b = Math.min(batch, n - start);
    const data = digitInput(mnist.images.subarray(start * 784, (start + b) * 784), l.scale);
    const feeds = { data: { dtype: 'float32' as const, shape: [b, 1, 28, 28], data } };
    const t0 = performance.now();
    const pd = l.dense.runSync(feeds)[l.dense.outputNames[0]!]!.data;
    const t1 = performance.now();
    const pp = l.pruned.runSync(feeds)[l.pruned.outputNames[0]!]!.data;
    const t2 = performance.now();
    if (b === batch) {
      td.push((t1 - t0) / b);
      tp.push((t2 - t1) / b);
    }
    for (let k = 0; k < b; k++) {
      const a = topKIndices(pd.subarray(k * 10, k * 10 + 10), 1)[0]!;
      const c = topKIndices(pp.subarray(k * 10, k * 10 + 10), 1)[0]!;
      const label = mnist.labels[start + k]!;
      if (a === label) dense++;
      if (c === label) pruned++;
      if (a === c) agree++;
    }
    await new Promise((r) => setTimeout(r, 0)); // let a drawing request in between batches
  }
  return {
    images: n, dense, pruned, agree, preset: l.preset,
    denseMsPerImage: median(td), prunedMsPerImage: median(tp),
  };
}

async function loadSqueezenet(id: number): Promise<SqueezenetInfo> {
  squeezeLoading ??= (async () => {
    const [proto, weights, trainVal, labelsText] = await Promise.all([
      fetchData(id, SQUEEZENET.prototxt, true), fetchData(id, SQUEEZENET.weights),
      fetchData(id, SQUEEZENET.trainVal, true), fetchData(id, SQUEEZENET.labels, true),
    ]);
    const { net } = parsePrototxt(proto, { file: SQUEEZENET.prototxt });
    const w = decodeDeepCompressionNet(weights, net, { file: SQUEEZENET.weights });
    const desc = toNetDescription(net, w, { file: SQUEEZENET.prototxt, weightsFile: SQUEEZENET.weights });
    const t = testTransform(parsePrototxt(trainVal, { file: SQUEEZENET.trainVal }).net, SQUEEZENET.trainVal);
    const input = desc.inputs[0];
    if (!input || input.shape.length !== 4 || input.shape[1] !== 3) {
      throw new SparseCnnError('E_SHAPE', 'expected one N x 3 x H x W input', { file: SQUEEZENET.prototxt });
    }
    const crop = input.shape[2]!;
    if (t.crop !== 0 && t.crop !== crop) {
      throw new SparseCnnError('E_SHAPE', `crop_size ${t.crop} differs from the deploy input ${crop}`, { file: SQUEEZENET.trainVal });
    }
    if (t.mean.length !== 3) throw new SparseCnnError('E_FORMAT', `expected 3 mean_value entries, got ${t.mean.length}`, { file: SQUEEZENET.trainVal });
    const labels = parseLabels(labelsText);
    const pre = resolvePreprocess(preprocessOptionsFor(desc, { meanValues: t.mean, scale: t.scale, resize: [RESIZE, RESIZE] }));
    const session = await createSession(desc, { backends: BACKENDS, batch: 1, onWarning: () => {} });
    const zero = { [input.name]: { dtype: 'float32' as const, shape: [1, 3, crop, crop], data: new Float32Array(3 * crop * crop) } };
    let out = session.runSync(zero);
    for (let i = 0; i < 2; i++) out = session.runSync(zero); // warm-up (see lenetSessions)
    const classes = out[session.outputNames[0]!]!.data.length;
    checkLabelCount(labels, classes, SQUEEZENET.labels);
    const info0 = netInfo('SqueezeNet', session.plan);
    const info: SqueezenetInfo = {
      layers: info0.layers.length, weights: info0.weights, nonZeros: info0.nonZeros, netBytes: weights.length,
      denseBytes: info0.denseBytes, sparseLayers: info0.layers.filter((l) => l.kernel === 'sparse').length,
      fallbackLayers: session.plan.filter((l) => l.backend !== null && l.backend !== 'wasm').map((l) => `${l.name} (${l.backend})`),
      crop: pre.width, resize: RESIZE, mean: pre.meanValues ?? [],
    };
    return { desc, session, labels, pre, info };
  })();
  try {
    squeeze = await squeezeLoading;
  } catch (e) {
    squeezeLoading = null;
    throw e;
  }
  return squeeze.info;
}

async function decodeImage(blob: Blob): Promise<{ rgba: Uint8ClampedArray; width: number; height: number }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `cannot decode the image (${blob.type || 'unknown type'}): ${e instanceof Error ? e.message : String(e)}`, {}, { cause: e });
  }
  const { width, height } = bitmap;
  if (width < 1 || height < 1 || width * height > 64e6) {
    bitmap.close();
    throw new SparseCnnError('E_ARGUMENT', `image size ${width} x ${height} is not supported`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new SparseCnnError('E_UNSUPPORTED', 'no 2D context on OffscreenCanvas');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { rgba: ctx.getImageData(0, 0, width, height).data, width, height };
}

async function classifyImage(image: Blob): Promise<ImageResult> {
  if (!squeeze) throw new SparseCnnError('E_ARGUMENT', 'SqueezeNet is not loaded yet');
  const s = squeeze;
  const { rgba, width, height } = await decodeImage(image);
  const t0 = performance.now(); // decoding is asynchronous (other requests may run meanwhile): not timed
  const p = s.pre;
  const rgb = resizedPixels({ data: rgba, width, height, channels: 4 }, p);
  const data = new Float32Array(3 * p.height * p.width);
  pixelsToInput(rgb, p, data, 0);
  const t1 = performance.now();
  const input = s.desc.inputs[0]!;
  const out = s.session.runSync({ [input.name]: { dtype: 'float32', shape: [1, 3, p.height, p.width], data } });
  const t2 = performance.now();
  const scores = out[s.session.outputNames[0]!]!.data;
  const outLayer = s.desc.layers.find((l) => l.tops.includes(s.session.outputNames[0]!));
  const probs = outLayer?.type === 'Softmax' ? Float64Array.from(scores) : softmax(scores);
  const top = topKIndices(probs, 5).map((index) => ({
    index, wnid: s.labels[index]!.wnid ?? null, name: s.labels[index]!.name, probability: probs[index]!,
  }));
  // The crop the network saw, as RGBA for the page.
  const [, rw] = p.resize;
  const crop = new Uint8ClampedArray(p.height * p.width * 4);
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const src = ((y + p.crop.y) * rw + x + p.crop.x) * 3;
      const dst = (y * p.width + x) * 4;
      crop[dst] = rgb[src]!;
      crop[dst + 1] = rgb[src + 1]!;
      crop[dst + 2] = rgb[src + 2]!;
      crop[dst + 3] = 255;
    }
  }
  return { top, width, height, preprocessMs: t1 - t0, forwardMs: t2 - t1, crop, cropSize: p.width };
}

/** Use a calibrated profile (from the calibration worker or the page's cache) after checking it fits this backend. */
async function setProfile(json: unknown): Promise<ProfileStatus> {
  const info = (await backend()).info();
  let p: MachineProfile;
  try {
    p = parseProfile(json);
  } catch (e) {
    return { accepted: false, reason: e instanceof Error ? e.message : String(e) };
  }
  if (p.backend !== info.name || p.isa !== info.isa || p.threads !== info.threads) {
    return { accepted: false, reason: `the profile is for ${p.backend} ${p.isa} ${p.threads}t, this backend is ${info.name} ${info.isa} ${info.threads}t` };
  }
  profile = p;
  return { accepted: true, reason: null };
}

function squeezeShapes(): Array<{ shape: LayerShape; density: number | null }> {
  if (!squeeze) return [];
  const plan = new Map(squeeze.session.plan.map((p) => [p.name, p]));
  const out: Array<{ shape: LayerShape; density: number | null }> = [];
  for (const l of squeeze.desc.layers) {
    if (l.type !== 'Convolution') continue;
    const p = plan.get(l.name);
    const inShape = p?.inputShapes[0];
    if (!p || !inShape) continue;
    const c = l.params;
    out.push({
      shape: {
        kind: 'conv', name: l.name, inChannels: inShape[1]!, inH: inShape[2]!, inW: inShape[3]!, outChannels: c.numOutput,
        kernel: c.kernel, stride: c.stride, pad: c.pad, dilation: c.dilation, groups: c.group,
      },
      density: p.weightDensity,
    });
  }
  return out;
}

function describeShape(s: LayerShape): string {
  if (s.kind === 'fc') return `${s.inFeatures} -> ${s.outFeatures}`;
  const g = s.groups > 1 ? `, ${s.groups} groups` : '';
  const st = s.stride[0] > 1 ? ` s${s.stride[0]}` : '';
  return `${s.inChannels}x${s.inH}x${s.inW} -> ${s.outChannels}, ${s.kernel[0]}x${s.kernel[1]}${st}${g}`;
}

function perfLayers(): PerfLayerInfo[] {
  const rows: PerfLayerInfo[] = [];
  for (const { shape, density } of squeezeShapes()) {
    rows.push({ net: 'squeezenet', name: shape.name, kind: shape.kind, macs: layerCost(shape).macs, shape: describeShape(shape), modelDensity: density });
  }
  for (const shape of [...ALEXNET_CONV, ...ALEXNET_FC]) {
    rows.push({ net: 'caffenet', name: shape.name, kind: shape.kind, macs: layerCost(shape).macs, shape: describeShape(shape), modelDensity: null });
  }
  return rows;
}

/** Densities measured for the chart (weights kept). */
const MEASURE_DENSITIES = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8];
/**
 * Weights (dense) or non-zeros (sparse) above which a case is not measured: CaffeNet's fc6 has 37.7 M weights, and a
 * dense copy plus CSR copies at high density would take over a gigabyte of page and wasm memory.
 */
const MAX_MEASURED = 16e6;

async function perfCurve(net: 'squeezenet' | 'caffenet', name: string, measure: boolean): Promise<PerfCurve> {
  if (!profile) throw new SparseCnnError('E_ARGUMENT', 'the perf model is not calibrated yet');
  const p = profile;
  let shape: LayerShape | undefined;
  let modelDensity: number | null = null;
  if (net === 'squeezenet') {
    const found = squeezeShapes().find((s) => s.shape.name === name);
    shape = found?.shape;
    modelDensity = found?.density ?? null;
  } else shape = [...ALEXNET_CONV, ...ALEXNET_FC].find((s) => s.name === name);
  if (!shape) throw new SparseCnnError('E_ARGUMENT', `no layer '${name}' in ${net}${net === 'squeezenet' && !squeeze ? ' (SqueezeNet is not loaded yet)' : ''}`);
  const layer: PerfLayerInfo = { net, name, kind: shape.kind, macs: layerCost(shape).macs, shape: describeShape(shape), modelDensity };
  const densities: number[] = [];
  for (let i = 0; i <= 80; i++) densities.push(10 ** (-2 + (2 * i) / 80));
  const preds = densities.map((d) => predictLayer(p, shape, d));
  const range = usefulRange(p, shape);
  const measured: Array<{ density: number; ms: number; reps: number }> = [];
  let measuredDense: { ms: number; reps: number } | null = null;
  let skipped = 0;
  if (measure) {
    const b = await backend();
    const k = b.kernels;
    const rng = new Rng(20170424);
    const timing = { warmup: 3, minReps: 5, maxReps: 200, budgetMs: 80 };
    if (shape.kind === 'conv') {
      const spec = { ...shape, relu: false };
      const input = randomUniform([1, shape.inChannels, shape.inH, shape.inW], rng);
      const wShape = [shape.outChannels, shape.inChannels / shape.groups, shape.kernel[0], shape.kernel[1]];
      const bias = randomUniform([shape.outChannels], rng).data;
      const dense = k.prepareConv2d!(randomUniform(wShape, rng), bias, spec);
      const outShape = dense.outputShape(input.shape);
      const out: Tensor = { dtype: 'float32', shape: outShape, data: new Float32Array(outShape.reduce((a, v) => a * v, 1)) };
      const td = timeIt(() => k.conv2d!(input, dense, out), timing);
      dense.dispose();
      measuredDense = { ms: td.medianMs, reps: td.reps };
      for (const d of MEASURE_DENSITIES) {
        await new Promise((r) => setTimeout(r, 0)); // let other requests in between measurements
        const csr = randomCsr(wShape[0]!, wShape[1]! * wShape[2]! * wShape[3]!, d, rng);
        const sp = k.prepareSparseConv2d!(csr, bias, spec);
        const ts = timeIt(() => k.sparseConv2d!(input, sp, out), timing);
        sp.dispose();
        measured.push({ density: csr.values.length / (csr.rows * csr.cols), ms: ts.medianMs, reps: ts.reps });
      }
    } else {
      const input = randomUniform([1, shape.inFeatures], rng);
      const bias = randomUniform([shape.outFeatures], rng).data;
      const out: Tensor = { dtype: 'float32', shape: [1, shape.outFeatures], data: new Float32Array(shape.outFeatures) };
      const weights = shape.outFeatures * shape.inFeatures;
      if (weights <= MAX_MEASURED) {
        const g = k.prepareGemm!(randomUniform([shape.outFeatures, shape.inFeatures], rng), bias, { relu: false });
        const td = timeIt(() => k.gemm!(input, g, out), timing);
        g.dispose();
        measuredDense = { ms: td.medianMs, reps: td.reps };
      } else skipped++;
      for (const d of MEASURE_DENSITIES) {
        if (d * weights > MAX_MEASURED) {
          skipped++;
          continue;
        }
        await new Promise((r) => setTimeout(r, 0));
        const csr = randomCsr(shape.outFeatures, shape.inFeatures, d, rng);
        const sp = k.prepareSpmm!(csr, bias, { relu: false });
        const ts = timeIt(() => k.spmm!(input, sp, out), timing);
        sp.dispose();
        measured.push({ density: csr.values.length / weights, ms: ts.medianMs, reps: ts.reps });
      }
    }
  }
  return {
    layer, densities, denseMs: preds.map((x) => x.denseMs), sparseMs: preds.map((x) => x.sparseMs),
    useful: { min: range.minUsefulDensity, max: range.maxUsefulDensity }, measured, measuredDense, skipped,
  };
}

async function init(base: string): Promise<EnvInfo> {
  dataBase = base.endsWith('/') ? base : `${base}/`;
  const b = await backend();
  const info = b.info();
  return {
    backend: info.name, isa: info.isa, threads: info.threads,
    crossOriginIsolated: self.crossOriginIsolated === true, sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  };
}

type Handler<M extends keyof WorkerApi> = (id: number, params: WorkerApi[M][0]) => Promise<WorkerApi[M][1]> | WorkerApi[M][1];
const handlers: { [M in keyof WorkerApi]: Handler<M> } = {
  init: (_id, p) => init(p.dataBase),
  loadLenet: (id, p) => loadLenet(id, p.preset),
  setPruning: (_id, p) => setPruning(p.preset),
  classifyDigit: (_id, p) => classifyDigit(p.gray, p.width, p.height, p.runs),
  evaluateMnist: (id, p) => evaluateMnist(id, p.images),
  loadSqueezenet: (id) => loadSqueezenet(id),
  classifyImage: (_id, p) => classifyImage(p.image),
  setProfile: (_id, p) => setProfile(p.profile),
  perfLayers: () => perfLayers(),
  perfCurve: (_id, p) => perfCurve(p.net, p.layer, p.measure),
};

self.onmessage = async (ev: MessageEvent<RequestMessage>) => {
  const { id, method, params } = ev.data;
  try {
    const handler = handlers[method] as Handler<typeof method> | undefined;
    if (!handler) throw new SparseCnnError('E_ARGUMENT', `unknown method '${String(method)}'`);
    const result = await handler(id, params);
    const transfer: Transferable[] = [];
    if (method === 'classifyImage') transfer.push((result as ImageResult).crop.buffer as ArrayBuffer);
    self.postMessage({ id, kind: 'result', result } satisfies ResponseMessage, transfer);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    post({ id, kind: 'error', error: { message, code: isSparseCnnError(e) ? e.code : null } });
  }
};
