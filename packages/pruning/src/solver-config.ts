/**
 * Caffe's SGD solver settings (`solver.prototxt`, parsed with caffe-io's text-format parser) with Caffe's defaults
 * and its learning-rate policies, formula for formula (caffe/src/caffe/solvers/sgd_solver.cpp GetLearningRate).
 */
import { parseTextProto, type caffe } from '@sparsecnn/caffe-io';
import { SparseCnnError } from '@sparsecnn/tensor';

export type LrPolicy = 'fixed' | 'step' | 'exp' | 'inv' | 'multistep' | 'poly' | 'sigmoid';
export type Regularization = 'L1' | 'L2';

export interface SolverConfig {
  /** Path of the train/test net as written in the solver (`net` or `train_net`), if any. */
  readonly net?: string;
  readonly testNet?: string;
  readonly baseLr: number;
  readonly lrPolicy: LrPolicy;
  readonly gamma: number;
  readonly power: number;
  readonly stepsize: number;
  readonly stepvalue: readonly number[];
  readonly momentum: number;
  readonly weightDecay: number;
  readonly regularization: Regularization;
  readonly maxIter: number;
  readonly iterSize: number;
  /** One entry per test net (0 = no test net). */
  readonly testIter: number;
  readonly testInterval: number;
  readonly testInitialization: boolean;
  readonly display: number;
  readonly averageLoss: number;
  readonly clipGradients: number;
  readonly snapshot: number;
  readonly snapshotPrefix: string;
  readonly snapshotAfterTrain: boolean;
  /** random_seed; -1 = not set. */
  readonly randomSeed: number;
}

export type SolverParameter = caffe.SolverParameter.$Properties;

const POLICIES: readonly LrPolicy[] = ['fixed', 'step', 'exp', 'inv', 'multistep', 'poly', 'sigmoid'];

function has(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Parse solver.prototxt text; warnings (unknown fields) go to `onWarning`. Bad values throw E_FORMAT / E_PARSE. */
export function parseSolver(text: string, options: { file?: string; onWarning?: (w: string) => void } = {}): SolverConfig {
  const file = options.file;
  const { net, warnings } = parseTextProto<SolverParameter>(text, 'SolverParameter', file !== undefined ? { file } : {});
  for (const w of warnings) options.onWarning?.(w);
  return solverConfig(net, file);
}

/** SolverParameter -> validated SolverConfig with Caffe's defaults. */
export function solverConfig(p: SolverParameter, file?: string): SolverConfig {
  const ctx = file !== undefined ? { file } : {};
  const bad = (msg: string): never => {
    throw new SparseCnnError('E_FORMAT', `solver: ${msg}`, ctx);
  };
  const type = (p.type ?? 'SGD').toUpperCase();
  if (type !== 'SGD' || (has(p, 'solver_type') && p.solver_type !== 0)) {
    throw new SparseCnnError('E_UNSUPPORTED', `solver: only the SGD solver is implemented (got type '${p.type ?? p.solver_type}')`, ctx);
  }
  if (!has(p, 'base_lr')) bad('base_lr is required');
  const baseLr = p.base_lr!;
  if (!(Number.isFinite(baseLr) && baseLr >= 0)) bad(`base_lr must be a finite number >= 0, got ${baseLr}`);
  const policy = (p.lr_policy ?? '') as LrPolicy;
  if (!has(p, 'lr_policy')) bad(`lr_policy is required (one of ${POLICIES.join(', ')})`);
  if (!POLICIES.includes(policy)) bad(`unknown lr_policy '${p.lr_policy}' (one of ${POLICIES.join(', ')})`);
  const maxIter = p.max_iter ?? 0;
  if (!(Number.isSafeInteger(maxIter) && maxIter >= 0)) bad(`max_iter must be an integer >= 0, got ${maxIter}`);
  const gamma = p.gamma ?? 0;
  const power = p.power ?? 0;
  const stepsize = p.stepsize ?? 0;
  const stepvalue = [...(p.stepvalue ?? [])];
  if (policy === 'step' && !(stepsize > 0)) bad('lr_policy step needs stepsize > 0');
  if ((policy === 'step' || policy === 'exp' || policy === 'inv' || policy === 'multistep' || policy === 'sigmoid') && !has(p, 'gamma')) {
    bad(`lr_policy ${policy} needs gamma`);
  }
  if ((policy === 'inv' || policy === 'poly') && !has(p, 'power')) bad(`lr_policy ${policy} needs power`);
  if (policy === 'poly' && !(maxIter > 0)) bad('lr_policy poly needs max_iter > 0');
  if (policy === 'multistep') {
    if (stepvalue.length === 0) bad('lr_policy multistep needs stepvalue entries');
    for (let i = 1; i < stepvalue.length; i++) if (!(stepvalue[i]! > stepvalue[i - 1]!)) bad('stepvalue entries must increase');
  }
  const reg = (p.regularization_type ?? 'L2') as Regularization;
  if (reg !== 'L1' && reg !== 'L2') throw new SparseCnnError('E_UNSUPPORTED', `solver: unknown regularization_type '${reg}' (L1 or L2)`, ctx);
  const momentum = p.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1)) bad(`momentum must be in [0, 1), got ${momentum}`);
  const weightDecay = p.weight_decay ?? 0;
  if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) bad(`weight_decay must be >= 0, got ${weightDecay}`);
  const iterSize = p.iter_size ?? 1;
  if (!(Number.isSafeInteger(iterSize) && iterSize >= 1)) bad(`iter_size must be an integer >= 1, got ${iterSize}`);
  const testIters = p.test_iter ?? [];
  if (testIters.length > 1) throw new SparseCnnError('E_UNSUPPORTED', 'solver: one test net only (test_iter has several entries)', ctx);
  const testIter = testIters[0] ?? 0;
  const testInterval = p.test_interval ?? 0;
  for (const [k, v] of [['test_iter', testIter], ['test_interval', testInterval], ['display', p.display ?? 0], ['snapshot', p.snapshot ?? 0]] as const) {
    if (!(Number.isSafeInteger(v) && v >= 0)) bad(`${k} must be an integer >= 0, got ${v}`);
  }
  if (testInterval > 0 && testIter === 0) bad('test_interval is set but test_iter is not');
  const seed = Number(p.random_seed ?? -1);
  return {
    ...(p.net || p.train_net ? { net: (p.net || p.train_net)! } : {}),
    ...(p.test_net?.[0] ? { testNet: p.test_net[0] } : {}),
    baseLr, lrPolicy: policy, gamma, power, stepsize, stepvalue, momentum, weightDecay, regularization: reg, maxIter,
    iterSize, testIter, testInterval, testInitialization: p.test_initialization ?? true, display: p.display ?? 0,
    averageLoss: Math.max(1, p.average_loss ?? 1), clipGradients: p.clip_gradients ?? -1, snapshot: p.snapshot ?? 0,
    snapshotPrefix: p.snapshot_prefix ?? '', snapshotAfterTrain: p.snapshot_after_train ?? true, randomSeed: seed,
  };
}

/** Number of multistep boundaries passed at `iter` (Caffe's current_step). */
export function multistepIndex(cfg: Pick<SolverConfig, 'stepvalue'>, iter: number): number {
  let s = 0;
  while (s < cfg.stepvalue.length && iter >= cfg.stepvalue[s]!) s++;
  return s;
}

/** The learning rate at `iter` (Caffe's GetLearningRate). */
export function learningRate(cfg: SolverConfig, iter: number): number {
  const { baseLr, gamma, power } = cfg;
  switch (cfg.lrPolicy) {
    case 'fixed':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(gamma, Math.floor(iter / cfg.stepsize));
    case 'exp':
      return baseLr * Math.pow(gamma, iter);
    case 'inv':
      return baseLr * Math.pow(1 + gamma * iter, -power);
    case 'multistep':
      return baseLr * Math.pow(gamma, multistepIndex(cfg, iter));
    case 'poly':
      return baseLr * Math.pow(1 - iter / cfg.maxIter, power);
    case 'sigmoid':
      return baseLr * (1 / (1 + Math.exp(-gamma * (iter - cfg.stepsize))));
  }
}

/** A SolverConfig with overrides (e.g. a fine-tuning phase with its own lr and iterations). */
export function withSolver(cfg: SolverConfig, changes: Partial<SolverConfig>): SolverConfig {
  return { ...cfg, ...changes };
}
