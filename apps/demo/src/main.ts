/** The page: UI only. Everything that computes runs in ./worker.ts. */
import { WorkerClient, WorkerError } from './client.js';
import { PerfChart } from './perf-chart.js';
import { PRUNE_PRESETS } from './lib/prune.js';
import type { CalibratorMessage, DigitResult, MnistScore, ImageResult, LenetInfo, NetInfo, NetRun, PerfLayerInfo, ProgressInfo } from './protocol.js';
import type { MachineProfile } from '@sparsecnn/perf-model';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
};
const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
};

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}
const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;
const ms = (v: number) => (v < 0.1 ? `${(v * 1000).toFixed(0)} \u00b5s` : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);

// ---------------------------------------------------------------------------------------------------------------
// Errors and progress

const errors: string[] = [];
function showError(where: string, e: unknown): void {
  let message = e instanceof WorkerError && e.code ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e);
  if (e instanceof WorkerError && e.code === 'E_IO' && /HTTP 404/.test(e.message)) {
    message += ` (the data folder is served under ${dataBase.replace(location.origin, '')} by \`pnpm demo\` and the Vite dev server,` +
      ' from ../shared/data beside the repository or $SPARSECNN_DATA)';
  }
  errors.push(`${where}: ${message}`);
  const box = $('errors');
  box.hidden = false;
  box.replaceChildren(...errors.map((m) => h('p', {}, m)));
  document.body.dataset['error'] = 'true';
}

const fileRows = new Map<string, HTMLElement>();
function onProgress(p: ProgressInfo): void {
  let row = fileRows.get(p.file);
  if (!row) {
    row = h('li', { class: 'file' }, h('span', { class: 'name', title: p.file }, p.file), h('span', { class: 'bytes' }), h('div', { class: 'bar' }, h('i')));
    fileRows.set(p.file, row);
    $('files').append(row);
  }
  const done = p.total !== null && p.loaded >= p.total;
  row.querySelector('.bytes')!.textContent = p.total !== null ? `${bytes(p.loaded)} / ${bytes(p.total)}` : bytes(p.loaded);
  (row.querySelector('.bar > i') as HTMLElement).style.width = p.total ? `${Math.min(100, (100 * p.loaded) / p.total)}%` : '30%';
  row.classList.toggle('done', done);
}

// ---------------------------------------------------------------------------------------------------------------
// Worker

const params = new URLSearchParams(location.search);
const dataBase = new URL(params.get('data') ?? 'data/', new URL(import.meta.env.BASE_URL, location.href)).href;
$('data-base').textContent = dataBase.replace(location.origin, '');
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'sparsecnn-compute' });
const client = new WorkerClient(worker, (m) => showError('worker', m));

// ---------------------------------------------------------------------------------------------------------------
// 1. Digits

const pad = $<HTMLCanvasElement>('digit-canvas');
const padCtx = pad.getContext('2d', { willReadFrequently: true })!;
const STROKE = 20;
function clearPad(): void {
  padCtx.fillStyle = '#000';
  padCtx.fillRect(0, 0, pad.width, pad.height);
}
clearPad();

let lenetReady = false;
let digitBusy = false;
let digitDirty = false;
let lenetInfo: LenetInfo | null = null;
let lastDigit: DigitResult | null = null;

function renderNet(which: 'dense' | 'pruned', run: NetRun | null, info: NetInfo | null, maxMs: number): void {
  const root = $(`net-${which}`);
  const title = which === 'dense' ? 'Dense LeNet' : 'Pruned LeNet';
  const asRun = info ? info.layers.reduce((s, l) => s + (l.kernel === 'sparse' ? l.sparseBytes : l.denseBytes), 0) : 0;
  const subtitle = info ? `weights: ${bytes(asRun)}${asRun < info.denseBytes ? ` (${(info.denseBytes / asRun).toFixed(1)}x smaller)` : ''}` : '';
  const head = h('div', { class: 'net-head' }, h('h3', {}, title), h('span', { class: 'muted small' }, subtitle));
  const digit = h('span', { class: 'digit', id: `${which}-pred`, 'data-digit': run ? String(run.predicted) : '' }, run ? String(run.predicted) : '\u2013');
  const conf = h('span', { class: 'conf' }, run
    ? `${pct(run.probs[run.predicted]!)} sure\n${ms(run.forwardMs)} per forward pass (median of ${run.runs})`
    : lenetReady ? 'draw a digit' : 'loading\u2026');
  conf.style.whiteSpace = 'pre-line';
  const pred = h('div', { class: 'pred' }, digit, conf);
  const probs = h('div', { class: 'probs' });
  for (let d = 0; d < 10; d++) {
    const p = run ? run.probs[d]! : 0;
    const track = h('div', { class: `track${run && d === run.predicted ? ' top' : ''}` }, h('i'));
    (track.firstChild as HTMLElement).style.width = `${(100 * p).toFixed(1)}%`;
    probs.append(h('span', {}, String(d)), track, h('span', { class: 'val' }, run ? pct(p) : ''));
  }
  const times = h('div', { class: 'times' });
  for (const l of run?.layers ?? []) {
    const kind = l.kernel === 'dense' || l.kernel === 'sparse' ? l.kernel : 'op';
    const track = h('div', { class: `track k-${kind}` }, h('i'));
    (track.firstChild as HTMLElement).style.width = `${Math.max(0.5, (100 * l.ms) / maxMs).toFixed(1)}%`;
    const on = l.backend && l.backend !== 'wasm' ? ` (${l.backend})` : '';
    times.append(h('span', { title: `${l.name}: ${l.kernel} on ${l.backend ?? 'no backend'}` }, l.name + on),
      h('span', { class: `badge ${kind}` }, kind), track, h('span', { class: 'val' }, ms(l.ms)));
  }
  const table = h('table', { class: 'layers' });
  if (info) {
    table.append(h('tr', {}, h('th', {}, 'layer'), h('th', {}, 'density'), h('th', {}, 'kernel'), h('th', {}, 'dense'), h('th', {}, 'as run')));
    for (const l of info.layers) {
      table.append(h('tr', {}, h('td', {}, l.name), h('td', {}, l.density === null ? '' : pct(l.density)), h('td', {}, l.kernel),
        h('td', {}, bytes(l.denseBytes)), h('td', {}, bytes(l.kernel === 'sparse' ? l.sparseBytes : l.denseBytes))));
    }
    table.append(h('tr', { class: 'total' }, h('td', {}, 'total'), h('td', {}, pct(info.nonZeros / info.weights)), h('td', {}, ''),
      h('td', {}, bytes(info.denseBytes)), h('td', {}, bytes(asRun))));
  }
  root.replaceChildren(head, pred, probs, h('div', { class: 'sub' }, 'time per layer (median, wasm backend)'), times, table);
}

function renderDigits(): void {
  const r = lastDigit;
  const maxMs = Math.max(1e-6, ...[...(r?.dense?.layers ?? []), ...(r?.pruned?.layers ?? [])].map((l) => l.ms));
  renderNet('dense', r?.dense ?? null, lenetInfo?.dense ?? null, maxMs);
  renderNet('pruned', r?.pruned ?? null, lenetInfo?.pruned ?? null, maxMs);
  const prev = $<HTMLCanvasElement>('digit-preview');
  const ctx = prev.getContext('2d')!;
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = r ? r.pixels[i]! : 0;
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

async function classifyDrawing(): Promise<void> {
  if (!lenetReady) return;
  if (digitBusy) {
    digitDirty = true;
    return;
  }
  digitBusy = true;
  try {
    do {
      digitDirty = false;
      const { data } = padCtx.getImageData(0, 0, pad.width, pad.height);
      const gray = new Uint8Array(pad.width * pad.height);
      for (let i = 0; i < gray.length; i++) gray[i] = data[4 * i]!;
      lastDigit = await client.call('classifyDigit', { gray, width: pad.width, height: pad.height, runs: 15 }, { transfer: [gray.buffer] });
      renderDigits();
    } while (digitDirty);
    document.body.dataset['digit'] = lastDigit?.empty ? 'empty' : 'done';
  } catch (e) {
    showError('digit', e);
  } finally {
    digitBusy = false;
  }
}

let drawing = false;
let last: [number, number] | null = null;
let liveTimer = 0;
function padPoint(ev: PointerEvent): [number, number] {
  const r = pad.getBoundingClientRect();
  return [((ev.clientX - r.left) * pad.width) / r.width, ((ev.clientY - r.top) * pad.height) / r.height];
}
function strokeTo(p: [number, number]): void {
  padCtx.strokeStyle = '#fff';
  padCtx.fillStyle = '#fff';
  padCtx.lineWidth = STROKE;
  padCtx.lineCap = 'round';
  padCtx.lineJoin = 'round';
  if (last) {
    padCtx.beginPath();
    padCtx.moveTo(last[0], last[1]);
    padCtx.lineTo(p[0], p[1]);
    padCtx.stroke();
  } else {
    padCtx.beginPath();
    padCtx.arc(p[0], p[1], STROKE / 2, 0, 2 * Math.PI);
    padCtx.fill();
  }
  last = p;
}
pad.addEventListener('pointerdown', (ev) => {
  ev.preventDefault();
  pad.setPointerCapture(ev.pointerId);
  drawing = true;
  last = null;
  strokeTo(padPoint(ev));
  document.body.dataset['digit'] = 'drawing';
});
pad.addEventListener('pointermove', (ev) => {
  if (!drawing) return;
  for (const e of ev.getCoalescedEvents?.() ?? [ev]) strokeTo(padPoint(e));
  if (!liveTimer) liveTimer = window.setTimeout(() => {
    liveTimer = 0;
    void classifyDrawing();
  }, 120);
});
const endStroke = () => {
  if (!drawing) return;
  drawing = false;
  last = null;
  document.body.dataset['digit'] = 'pending';
  void classifyDrawing();
};
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
$('clear').addEventListener('click', () => {
  clearPad();
  lastDigit = null;
  renderDigits();
  delete document.body.dataset['digit'];
});

// MNIST test accuracy of both nets (the price of pruning without retraining).
const MNIST_QUICK = 2000;
const mnistAll = $<HTMLButtonElement>('mnist-all');
let mnistRun = 0;
function renderMnist(r: MnistScore): void {
  const preset = PRUNE_PRESETS[r.preset]?.label ?? r.preset;
  const el = $('mnist');
  el.replaceChildren(
    `${r.images === 10000 ? 'All 10,000' : `First ${r.images.toLocaleString('en')}`} MNIST test digits: dense `,
    h('b', { class: 'dense' }, pct(r.dense / r.images, 2)), ', pruned ', h('b', { class: 'sparse' }, pct(r.pruned / r.images, 2)),
    ` correct (the two agree on ${pct(r.agree / r.images, 1)}); ${ms(r.denseMsPerImage)} vs ${ms(r.prunedMsPerImage)} per image in batches of 100. ` +
    `Pruning: ${preset}, magnitude only, no retraining.`,
  );
  el.dataset['dense'] = String(r.dense / r.images);
  el.dataset['pruned'] = String(r.pruned / r.images);
}
async function evaluateMnist(images: number): Promise<void> {
  const run = ++mnistRun;
  mnistAll.disabled = true;
  document.body.dataset['mnist'] = 'pending';
  $('mnist').textContent = `Testing both nets on ${images.toLocaleString('en')} MNIST test digits\u2026`;
  try {
    const r = await client.call('evaluateMnist', { images }, { onProgress });
    if (run === mnistRun) {
      renderMnist(r);
      document.body.dataset['mnist'] = 'done';
    }
  } catch (e) {
    showError('MNIST test set', e);
  } finally {
    if (run === mnistRun) mnistAll.disabled = false;
  }
}
mnistAll.addEventListener('click', () => void evaluateMnist(10000));

const presetSel = $<HTMLSelectElement>('preset');
for (const [key, p] of Object.entries(PRUNE_PRESETS)) presetSel.append(h('option', { value: key }, p.label));
presetSel.value = 'han';
presetSel.disabled = true;
async function onPresetChange(): Promise<void> {
  presetSel.disabled = true;
  try {
    lenetInfo = await client.call('setPruning', { preset: presetSel.value });
    renderDigits();
    if (lastDigit && !lastDigit.empty) await classifyDrawing();
    void evaluateMnist(MNIST_QUICK);
  } catch (e) {
    showError('pruning', e);
  } finally {
    presetSel.disabled = false;
  }
}
presetSel.addEventListener('change', () => void onPresetChange());

// ---------------------------------------------------------------------------------------------------------------
// 2. Image

let squeezeReady = false;
const catButton = $<HTMLButtonElement>('cat');
const fileInput = $<HTMLInputElement>('file');
const drop = $('drop');
let photoUrl: string | null = null;

function renderTop5(r: ImageResult): void {
  const list = $('top5');
  list.replaceChildren(...r.top.map((p, i) => {
    const track = h('div', { class: 'track' }, h('i'));
    (track.firstChild as HTMLElement).style.width = `${(100 * p.probability).toFixed(1)}%`;
    const li = h('li', { 'data-index': String(p.index), ...(i === 0 ? { id: 'top1' } : {}) },
      h('span', { class: 'label', title: `${p.wnid ?? ''} ${p.name}` }, h('b', {}, String(p.index)), p.name),
      h('span', { class: 'val' }, pct(p.probability)), track);
    return li;
  }));
  $('image-timing').textContent = `${r.width} \u00d7 ${r.height} image; resize, crop and mean ${ms(r.preprocessMs)}, forward pass ${ms(r.forwardMs)} on the wasm backend.`;
  const c = $<HTMLCanvasElement>('crop');
  c.width = r.cropSize;
  c.height = r.cropSize;
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(r.crop), r.cropSize, r.cropSize), 0, 0);
}

async function classifyBlob(blob: Blob, name: string): Promise<void> {
  if (!squeezeReady) return;
  if (photoUrl) URL.revokeObjectURL(photoUrl);
  photoUrl = URL.createObjectURL(blob);
  const img = $<HTMLImageElement>('photo');
  img.src = photoUrl;
  img.alt = name;
  img.hidden = false;
  $('drop-hint').hidden = true;
  document.body.dataset['image'] = 'pending';
  try {
    renderTop5(await client.call('classifyImage', { image: blob }));
    document.body.dataset['image'] = 'done';
  } catch (e) {
    document.body.dataset['image'] = 'error';
    showError(name, e);
  }
}

async function onCatClick(): Promise<void> {
  catButton.disabled = true;
  try {
    const rel = 'images/caffe_examples/cat.jpg';
    const res = await fetch(new URL(rel, dataBase));
    if (!res.ok) throw new Error(`${rel}: HTTP ${res.status}`);
    await classifyBlob(await res.blob(), 'cat.jpg');
  } catch (e) {
    showError('cat.jpg', e);
  } finally {
    catButton.disabled = false;
  }
}
catButton.addEventListener('click', () => void onCatClick());
fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  if (f) void classifyBlob(f, f.name);
  fileInput.value = '';
});
drop.addEventListener('dragover', (ev) => {
  ev.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (ev) => {
  ev.preventDefault();
  drop.classList.remove('over');
  const f = [...(ev.dataTransfer?.files ?? [])].find((x) => x.type.startsWith('image/')) ?? ev.dataTransfer?.files[0];
  if (f) void classifyBlob(f, f.name);
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Perf model

const chart = new PerfChart($<HTMLCanvasElement>('perf-chart'));
const layerSel = $<HTMLSelectElement>('perf-layer');
const measureBtn = $<HTMLButtonElement>('perf-measure');
const recalBtn = $<HTMLButtonElement>('perf-recalibrate');
let perfLayers: PerfLayerInfo[] = [];
let calibration = '';
const DEFAULT_LAYER = 'squeezenet:fire9/conv3x3_2';

async function showCurve(measure: boolean): Promise<void> {
  const [net, layer] = layerSel.value.split(/:(.*)/s) as ['squeezenet' | 'caffenet', string];
  layerSel.disabled = measureBtn.disabled = recalBtn.disabled = true;
  document.body.dataset['perf'] = 'pending';
  $('perf-caption').textContent = measure ? `Measuring ${layer} on the wasm backend\u2026` : '';
  try {
    const curve = await client.call('perfCurve', { net, layer, measure });
    chart.show(curve);
    const u = curve.useful;
    const wins = u.max >= 1 ? 'sparse is predicted faster than dense at every density' : u.max > 0
      ? `sparse is predicted faster than dense below ${pct(u.max)} density` : 'the model predicts no density at which sparse beats dense';
    const floor = u.max > u.min && u.min > 0
      ? `; below ${pct(u.min)} the layer is bound by bandwidth and fixed costs, so pruning further stops paying` : '';
    const range = wins + floor;
    const info = perfLayers.find((l) => l.net === net && l.name === layer);
    $('perf-caption').textContent = `${net === 'squeezenet' ? 'SqueezeNet' : 'CaffeNet'} ${layer} (${info?.shape ?? ''}, ` +
      `${(curve.layer.macs / 1e6).toFixed(1)} M MACs): ${range}. ${curve.measured.length > 0 ? 'Points: measured here, random weights at each density, median of repeated runs' +
        `${curve.skipped > 0 ? ` (${curve.skipped} large cases left out: too much memory)` : ''}. ` : ''}${calibration}`;
    document.body.dataset['perf'] = 'done';
  } catch (e) {
    showError('perf model', e);
    document.body.dataset['perf'] = 'error';
  } finally {
    layerSel.disabled = measureBtn.disabled = recalBtn.disabled = false;
  }
}

const PROFILE_KEY = (env: { backend: string; isa: string; threads: number }) => `sparsecnn-demo:profile:v1:${env.backend}:${env.isa}:${env.threads}`;

/** Calibrate in a worker of its own (about 10 s), reporting its progress in the caption. */
function runCalibration(): Promise<{ profile: MachineProfile; ms: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./calibrate-worker.ts', import.meta.url), { type: 'module', name: 'sparsecnn-calibrate' });
    let steps = 0;
    w.onmessage = (ev: MessageEvent<CalibratorMessage>) => {
      const m = ev.data;
      if (m.kind === 'progress') {
        steps++;
        $('perf-caption').textContent = `Calibrating the perf model on the wasm backend (once; cached in this browser), step ${steps}: ${m.message}`;
        return;
      }
      w.terminate();
      if (m.kind === 'result') resolve({ profile: m.profile, ms: m.ms });
      else reject(new WorkerError(m.message, m.code));
    };
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      w.terminate();
      reject(new Error(`the calibration worker failed: ${ev.message || 'could not load the worker script'}`));
    };
    w.postMessage(null);
  });
}

async function setUpPerf(env: { backend: string; isa: string; threads: number }, recalibrate: boolean): Promise<void> {
  const key = PROFILE_KEY(env);
  let cached: unknown = null;
  if (!recalibrate) {
    try {
      const text = localStorage.getItem(key);
      cached = text ? JSON.parse(text) : null;
    } catch {
      cached = null;
    }
  }
  let profile: MachineProfile | null = null;
  let ms = 0;
  if (cached !== null && (await client.call('setProfile', { profile: cached })).accepted) profile = cached as MachineProfile;
  if (!profile) {
    document.body.dataset['perf'] = 'calibrating';
    const r = await runCalibration();
    const status = await client.call('setProfile', { profile: r.profile });
    if (!status.accepted) throw new Error(`the calibrated profile was not accepted: ${status.reason}`);
    profile = r.profile;
    ms = r.ms;
    try {
      localStorage.setItem(key, JSON.stringify(profile));
    } catch {
      // storage full or disabled: the profile is still used for this visit
    }
  }
  const p = profile;
  const when = ms > 0 ? `calibrated now in ${(ms / 1000).toFixed(1)} s` : `calibrated ${new Date(p.createdAt).toLocaleString()}, cached`;
  calibration = `Profile: ${p.backend} ${p.isa}, ${when}: dense ${(p.denseFlops / 1e9).toFixed(1)} GFLOP/s, bandwidth ` +
    `${(p.bandwidth / 1e9).toFixed(1)} GB/s, fit error (median) sparse conv ${pct(p.fitError.sparseConv, 0)}, dense conv ${pct(p.fitError.denseConv, 0)}.`;
}

layerSel.addEventListener('change', () => void showCurve(true));
measureBtn.addEventListener('click', () => void showCurve(true));
async function onRecalibrate(): Promise<void> {
  recalBtn.disabled = true;
  try {
    const env = await envPromise;
    await setUpPerf(env, true);
    await showCurve(true);
  } catch (e) {
    showError('calibration', e);
  }
}
recalBtn.addEventListener('click', () => void onRecalibrate());

// ---------------------------------------------------------------------------------------------------------------
// Start-up

const envPromise = client.call('init', { dataBase });

async function start(): Promise<void> {
  renderDigits();
  const env = await envPromise;
  const be = $('env-backend');
  be.textContent = `${env.backend} backend (${env.isa}) in a Web Worker`;
  be.className = `chip ${env.backend === 'wasm' ? 'ok' : 'warn'}`;
  const iso = $('env-isolated');
  iso.textContent = env.crossOriginIsolated ? 'cross-origin isolated (SharedArrayBuffer available)' : 'not cross-origin isolated';
  iso.className = `chip ${env.crossOriginIsolated ? 'ok' : 'warn'}`;

  const lenet = client.call('loadLenet', { preset: presetSel.value }, { onProgress }).then((info) => {
    lenetInfo = info;
    lenetReady = true;
    presetSel.disabled = false;
    renderDigits();
    document.body.dataset['lenet'] = 'ready';
    void evaluateMnist(MNIST_QUICK);
  }, (e) => showError('LeNet', e));
  const squeezenet = client.call('loadSqueezenet', {}, { onProgress }).then((info) => {
    squeezeReady = true;
    catButton.disabled = false;
    $('squeeze-info').textContent = `Deep Compression SqueezeNet: ${info.layers} weighted layers, ${pct(info.nonZeros / info.weights)} of ` +
      `${(info.weights / 1e6).toFixed(2)} M weights non-zero (${info.sparseLayers} layers run sparse); ${bytes(info.netBytes)} .net file vs ` +
      `${bytes(info.denseBytes)} dense float32. Input: resize to ${info.resize}, centre crop ${info.crop}, BGR, mean ${info.mean.join('/')}. ` +
      (info.fallbackLayers.length === 0 ? 'Every layer runs on wasm.' : `On the JS kernels (no wasm kernel): ${info.fallbackLayers.join(', ')}.`);
    document.body.dataset['squeezenet'] = 'ready';
  }, (e) => showError('SqueezeNet', e));
  // Calibrate while the models load; the rejection is kept (not left unhandled) and raised below.
  const perf = setUpPerf(env, false).then(() => null, (e: unknown) => ({ error: e }));
  await Promise.all([lenet, squeezenet]);
  try {
    const failed = await perf;
    if (failed) throw failed.error;
    perfLayers = await client.call('perfLayers', {});
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const l of perfLayers) {
      const label = l.net === 'squeezenet' ? 'Deep Compression SqueezeNet' : 'CaffeNet (shapes)';
      let g = groups.get(label);
      if (!g) {
        g = h('optgroup', { label });
        groups.set(label, g);
        layerSel.append(g);
      }
      const density = l.modelDensity !== null ? `, ${pct(l.modelDensity, 0)} dense` : '';
      g.append(h('option', { value: `${l.net}:${l.name}` }, `${l.name} (${l.shape}${density})`));
    }
    layerSel.value = perfLayers.some((l) => `${l.net}:${l.name}` === DEFAULT_LAYER) ? DEFAULT_LAYER : layerSel.options[0]?.value ?? '';
    await showCurve(true);
  } catch (e) {
    showError('perf model', e);
  }
  document.body.dataset['ready'] = 'true';
}

start().catch((e) => showError('start-up', e));
