/**
 * Caffe's SGD solver (caffe/src/caffe/solver.cpp Step, sgd_solver.cpp ApplyUpdate): per iteration `iter_size`
 * forward/backward passes, gradient clipping, normalisation, L2 / L1 weight decay scaled by each parameter's
 * decay_mult, momentum with each parameter's lr_mult, the update; testing every test_interval iterations (and
 * before the first unless test_initialization is false), display every `display`, snapshots every `snapshot`.
 * Pruning masks are applied to the weights, their gradients and their momentum; training hooks (pruning methods)
 * run before each iteration and after each update.
 */
import { Rng, SparseCnnError } from '@sparsecnn/tensor';
import { BatchFeeder, type ImageSet } from './data.js';
import type { ParamBlob, ParamStore, TrainNet } from './net.js';
import { learningRate, multistepIndex, type SolverConfig } from './solver-config.js';

/** What a pruning method plugs into training. */
export interface TrainingHook {
  readonly name: string;
  /** Before the forward pass of iteration `iter` (e.g. recompute masks on a schedule). */
  beforeIteration?(solver: Solver, iter: number): void;
  /** After the weights were updated at iteration `iter` (e.g. thresholding). */
  afterUpdate?(solver: Solver, iter: number): void;
  /** Whether the hook wants training to stop early (e.g. all targets reached and fine-tuned). */
  done?(solver: Solver): boolean;
  /** JSON-able state to put into snapshots (restored with `restore`). */
  state?(): unknown;
  restore?(state: unknown): void;
}

export interface TestResult {
  readonly iter: number;
  readonly loss: number;
  /** Mean of each scalar output (accuracy, loss) over the test iterations. */
  readonly outputs: Record<string, number>;
  /** The first accuracy output, or NaN. */
  readonly accuracy: number;
}

export interface IterationInfo {
  readonly iter: number;
  readonly lr: number;
  /** Smoothed loss (Caffe's average_loss window). */
  readonly loss: number;
  readonly outputs: Record<string, number>;
}

export interface SolverEvents {
  /** Every `display` iterations (and the last). */
  onDisplay?(info: IterationInfo): void;
  onTest?(result: TestResult): void;
  /** At each snapshot point (`snapshot` interval and the end): write files. */
  onSnapshot?(solver: Solver): void | Promise<void>;
  /** Called after each iteration (progress bars). */
  onIteration?(info: IterationInfo): void;
}

export interface SolverOptions {
  readonly config: SolverConfig;
  readonly train: TrainNet;
  readonly test?: TrainNet | null;
  readonly trainData: ImageSet;
  readonly testData?: ImageSet | null;
  readonly store: ParamStore;
  /** Seed for Dropout and shuffling; default the solver's random_seed, else 1. */
  readonly seed?: number;
  /** Shuffle the training items each pass (Caffe reads them in order). */
  readonly shuffle?: boolean;
}

export class Solver {
  iter = 0;
  config: SolverConfig;
  readonly train: TrainNet;
  readonly test: TrainNet | null;
  readonly store: ParamStore;
  readonly trainFeeder: BatchFeeder;
  readonly testFeeder: BatchFeeder | null;
  readonly seed: number;
  hooks: TrainingHook[] = [];
  private readonly lossWindow: number[] = [];
  private smoothed = 0;
  lastTest: TestResult | null = null;

  constructor(o: SolverOptions) {
    this.config = o.config;
    this.train = o.train;
    this.test = o.test ?? null;
    this.store = o.store;
    const seed = o.seed ?? (o.config.randomSeed >= 0 ? o.config.randomSeed : 1);
    this.seed = seed >>> 0;
    const td = o.train.data[0];
    if (!td) throw new SparseCnnError('E_FORMAT', 'the TRAIN net has no Data layer');
    this.trainFeeder = new BatchFeeder(o.trainData, td.batch, { scale: td.scale, meanValues: td.meanValues }, o.shuffle ? this.seed : null);
    const testInfo = this.test?.data[0];
    this.testFeeder = this.test && testInfo && o.testData
      ? new BatchFeeder(o.testData, testInfo.batch, { scale: testInfo.scale, meanValues: testInfo.meanValues })
      : null;
  }

  learningRate(iter = this.iter): number {
    return learningRate(this.config, iter);
  }

  /** Caffe's current_step for multistep (what a .solverstate stores). */
  currentStep(): number {
    return this.config.lrPolicy === 'multistep' ? multistepIndex(this.config, this.iter) : 0;
  }

  /** Run the test net over `testIter` batches (Caffe's Test: the test data cursor continues between calls). */
  runTest(iterations = this.config.testIter): TestResult {
    if (!this.test || !this.testFeeder) throw new SparseCnnError('E_ARGUMENT', 'no test net / test data');
    const sums: Record<string, number> = {};
    let loss = 0;
    const feeder = this.testFeeder;
    for (let i = 0; i < iterations; i++) {
      this.test.feed((_d, data, labels) => feeder.next(data, labels ?? new Int32Array(feeder.batch)));
      const r = this.test.forward();
      loss += r.loss;
      for (const [k, v] of Object.entries(r.outputs)) sums[k] = (sums[k] ?? 0) + v;
    }
    const outputs: Record<string, number> = {};
    for (const [k, v] of Object.entries(sums)) outputs[k] = v / Math.max(1, iterations);
    const acc = this.test.accuracies[0];
    const result = {
      iter: this.iter, loss: loss / Math.max(1, iterations), outputs,
      accuracy: acc ? outputs[acc.name] ?? Number.NaN : Number.NaN,
    };
    this.lastTest = result;
    return result;
  }

  /** One training iteration (iter_size passes + update). Returns the raw loss of this iteration. */
  stepOnce(): { loss: number; outputs: Record<string, number> } {
    const iter = this.iter;
    for (const h of this.hooks) h.beforeIteration?.(this, iter);
    for (const p of this.store.list()) p.diff.fill(0);
    // Dropout draws from a generator derived from (seed, iter): a resumed run repeats it exactly.
    this.train.rng = new Rng((this.seed ^ Math.imul(iter + 1, 0x9e3779b1)) >>> 0);
    let loss = 0;
    const outputs: Record<string, number> = {};
    const feeder = this.trainFeeder;
    for (let k = 0; k < this.config.iterSize; k++) {
      this.train.feed((_d, data, labels) => feeder.next(data, labels ?? new Int32Array(feeder.batch)));
      const r = this.train.forward();
      // The diffs were zeroed above: the first pass copies its gradients in, later ones add.
      this.train.backward({ overwriteParamDiffs: k === 0 });
      loss += r.loss;
      for (const [name, v] of Object.entries(r.outputs)) outputs[name] = (outputs[name] ?? 0) + v / this.config.iterSize;
    }
    loss /= this.config.iterSize;
    if (!Number.isFinite(loss)) throw new SparseCnnError('E_RANGE', `the loss became ${loss} at iteration ${iter} (learning rate too high?)`);
    this.applyUpdate(iter);
    for (const h of this.hooks) h.afterUpdate?.(this, iter);
    this.iter++;
    return { loss, outputs };
  }

  /** Caffe's ApplyUpdate. */
  applyUpdate(iter: number): void {
    const rate = this.learningRate(iter);
    const params = this.store.list();
    const cfg = this.config;
    if (cfg.clipGradients >= 0) {
      let sumsq = 0;
      for (const p of params) if (p.lrMult !== 0) for (let i = 0; i < p.diff.length; i++) sumsq += p.diff[i]! * p.diff[i]!;
      const norm = Math.sqrt(sumsq);
      if (norm > cfg.clipGradients) {
        const s = cfg.clipGradients / norm;
        for (const p of params) for (let i = 0; i < p.diff.length; i++) p.diff[i]! *= s;
      }
    }
    for (const p of params) updateParam(p, rate, cfg);
  }

  /** Smoothed loss over the last `average_loss` iterations (Caffe's UpdateSmoothedLoss). */
  private smooth(loss: number): number {
    const n = this.config.averageLoss;
    if (this.lossWindow.length < n) {
      this.lossWindow.push(loss);
      this.smoothed = this.lossWindow.reduce((a, b) => a + b, 0) / this.lossWindow.length;
    } else {
      const idx = (this.iter - 1) % n;
      this.smoothed += (loss - this.lossWindow[idx]!) / n;
      this.lossWindow[idx] = loss;
    }
    return this.smoothed;
  }

  /**
   * Train until `maxIter` (or `until`), with Caffe's schedule of tests, displays and snapshots. `signal` stops
   * between iterations (the last completed iteration is kept; no snapshot is written by the stop itself).
   */
  async solve(events: SolverEvents = {}, options: { until?: number; signal?: AbortSignal } = {}): Promise<{ stopped: boolean }> {
    const cfg = this.config;
    const until = options.until ?? cfg.maxIter;
    const testNow = () => {
      if (this.test && cfg.testIter > 0) events.onTest?.(this.runTest());
    };
    while (this.iter < until) {
      if (options.signal?.aborted) return { stopped: true };
      if (cfg.testInterval > 0 && this.iter % cfg.testInterval === 0 && (this.iter > 0 || cfg.testInitialization)) testNow();
      const lr = this.learningRate();
      const r = this.stepOnce();
      const loss = this.smooth(r.loss);
      const info: IterationInfo = { iter: this.iter - 1, lr, loss, outputs: r.outputs };
      events.onIteration?.(info);
      if (cfg.display > 0 && (this.iter - 1) % cfg.display === 0) events.onDisplay?.(info);
      if (cfg.snapshot > 0 && this.iter % cfg.snapshot === 0) await events.onSnapshot?.(this);
      if (this.hooks.some((h) => h.done?.(this))) break;
      // Let signal handlers (Ctrl-C) run between iterations.
      if (options.signal && this.iter % 8 === 0) await new Promise((res) => setImmediate(res));
    }
    if (cfg.snapshotAfterTrain && !(cfg.snapshot > 0 && this.iter % cfg.snapshot === 0)) await events.onSnapshot?.(this);
    if (cfg.testInterval > 0 && this.iter % cfg.testInterval === 0) testNow();
    return { stopped: false };
  }
}

/** Regularize, momentum, update one parameter (with its mask / DNS shadow). */
export function updateParam(p: ParamBlob, rate: number, cfg: Pick<SolverConfig, 'momentum' | 'weightDecay' | 'regularization' | 'iterSize'>): void {
  const diff = p.diff;
  const hist = p.history;
  const n = diff.length;
  const mask = p.mask;
  const target = p.shadow ?? p.data;
  if (cfg.iterSize > 1) {
    const s = 1 / cfg.iterSize;
    for (let i = 0; i < n; i++) diff[i]! *= s;
  }
  // A frozen mask (no shadow): pruned weights get no gradient, no decay and no momentum.
  const frozen = mask !== null && p.shadow === null;
  const decay = cfg.weightDecay * p.decayMult;
  const reg = p.regularization ?? cfg.regularization;
  const localRate = rate * p.lrMult;
  const mom = cfg.momentum;
  if (!frozen && reg === 'L2') {
    // The common case (no mask, L2): one branch-free loop (the general one below costs ~3x as much per weight).
    for (let i = 0; i < n; i++) {
      const w = target[i]!;
      const h = mom * hist[i]! + localRate * (diff[i]! + decay * w);
      hist[i] = h;
      diff[i] = h;
      target[i] = w - h;
    }
  } else for (let i = 0; i < n; i++) {
    if (frozen && mask[i] === 0) {
      diff[i] = 0;
      hist[i] = 0;
      continue;
    }
    let g = diff[i]!;
    if (decay !== 0) {
      const w = target[i]!;
      g += reg === 'L2' ? decay * w : decay * (w > 0 ? 1 : w < 0 ? -1 : 0);
    }
    const h = mom * hist[i]! + localRate * g;
    hist[i] = h;
    diff[i] = h;
    target[i] = target[i]! - h;
  }
  if (p.shadow) {
    const m = p.mask;
    for (let i = 0; i < n; i++) p.data[i] = m && m[i] === 0 ? 0 : p.shadow[i]!;
  }
  p.version++;
}
