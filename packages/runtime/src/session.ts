/**
 * Session: a network description bound to a backend chain. Weights are prepared once per layer on the backend
 * that runs it; activations live in one liveness-planned arena per batch size; `run` validates the feeds, copies
 * them in, runs each layer's kernel into its arena view and returns fresh copies of the outputs.
 */
import {
  resolveBackendsWithReport, type BackendName, type BackendReport, type BackendOptions, type KernelBackend, type KernelName,
  type KernelTable, type OpName, type Prepared,
} from '@sparsecnn/kernels-api';
import { denseToCsr, tensorToCsr } from '@sparsecnn/sparse';
import {
  LAYER_SCHEMAS, SparseCnnError, assertTensor, formatShape, isSparseCnnError, normalizeAxis, type LayerDescription, type LayerType,
  type NetDescription, type Tensor,
} from '@sparsecnn/tensor';
import { layoutArena } from './arena.js';
import { analyzeNetwork, stepKernel, stepOp, type NetworkAnalysis, type Step } from './graph.js';
import { foldBatchNorm } from './fold.js';
import { layerPlanOf } from './plan.js';
import type { LayerPlan, LayerTiming, Session, SessionOptions } from './types.js';

/** How many timings per layer `profile()` keeps for its median. */
const TIMING_WINDOW = 1000;
/** Batch plans kept besides the default one. */
const MAX_EXTRA_PLANS = 3;
/**
 * `run()` hands a layer to the backend's async form (a worker thread, so the event loop stays free) only when it
 * has at least this many multiply-accumulates (non-zero ones for sparse layers) for the batch: ~1 ms of work. Below
 * it the hop (a libuv job, a promise, waking the main thread: 50-300 us, more when the cores are busy) cost more
 * than the layer (LeNet batch 1: 0.11 ms synchronous, 0.3-2.4 ms with every layer async).
 */
export const ASYNC_MIN_MACS = 40e6;

/** A bound layer: the synchronous call, and the backend's promise-returning form when it has one (native). */
interface Exec {
  readonly sync: () => void;
  readonly async: (() => Promise<void>) | null;
}

interface Binding {
  readonly backend: KernelBackend;
  readonly prepared: Prepared | null;
  /** Builds the closure for a batch plan. */
  readonly bind: (views: ReadonlyArray<Tensor | null>) => Exec;
}

interface BatchPlan {
  readonly batch: number;
  readonly analysis: NetworkAnalysis;
  readonly arenaBytes: number;
  readonly unsharedBytes: number;
  readonly views: ReadonlyArray<Tensor | null>;
  readonly execs: ReadonlyArray<Exec | null>;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function backendOptionsOf(o: SessionOptions): BackendOptions {
  const out: Record<string, unknown> = {};
  for (const k of ['threads', 'isa', 'wasmPath', 'wasmBinary', 'nativeBinding'] as const) {
    if (o[k] !== undefined) out[k] = o[k];
  }
  return out;
}

function validateSessionOptions(o: SessionOptions): void {
  if (typeof o !== 'object' || o === null) throw new SparseCnnError('E_ARGUMENT', 'session options must be an object');
  if (o.fallback !== undefined && o.fallback !== 'per-op' && o.fallback !== 'none') {
    throw new SparseCnnError('E_ARGUMENT', `options.fallback must be 'per-op' or 'none', got ${JSON.stringify(o.fallback)}`);
  }
  if (o.foldBatchNorm !== undefined && typeof o.foldBatchNorm !== 'boolean') {
    throw new SparseCnnError('E_ARGUMENT', `options.foldBatchNorm must be a boolean, got ${String(o.foldBatchNorm)}`);
  }
  if (o.asyncMinMacs !== undefined && !(typeof o.asyncMinMacs === 'number' && o.asyncMinMacs >= 0)) {
    throw new SparseCnnError('E_ARGUMENT', `options.asyncMinMacs must be a number >= 0, got ${String(o.asyncMinMacs)}`);
  }
  if (o.backends !== undefined && (!Array.isArray(o.backends) || o.backends.some((b) => typeof b !== 'string'))) {
    throw new SparseCnnError('E_ARGUMENT', 'options.backends must be an array of backend names');
  }
}

/** The first backend of the chain that implements every op in `ops`. */
function pick(chain: readonly KernelBackend[], ops: readonly KernelName[], layer: string): KernelBackend {
  for (const b of chain) {
    if (ops.every((op) => typeof b.kernels[op] === 'function')) return b;
  }
  throw new SparseCnnError(
    'E_UNSUPPORTED',
    `no backend in the chain (${chain.map((b) => b.name).join(', ')}) implements ${ops.join(' + ')}` +
      (chain.length === 1 ? " (fallback: 'none')" : ''),
    { layer, op: ops[ops.length - 1]! },
  );
}

function kernel<K extends KernelName>(b: KernelBackend, op: K): KernelTable[K] {
  const f = b.kernels[op] as unknown as (...args: unknown[]) => unknown;
  return f.bind(b.kernels) as unknown as KernelTable[K];
}

/** Run a kernel that should write `out`; copy if a backend returned another tensor. */
function into(out: Tensor, result: Tensor): void {
  if (result.data !== out.data) {
    if (result.data.length !== out.data.length) {
      throw new SparseCnnError('E_SHAPE', `kernel returned ${formatShape(result.shape)}, expected ${formatShape(out.shape)}`);
    }
    out.data.set(result.data);
  }
}

function view(t: Tensor, shape: readonly number[]): Tensor {
  return { dtype: 'float32', shape: [...shape], data: t.data };
}

function biasOf(layer: LayerDescription, biasTerm: boolean, n: number): Float32Array | null {
  if (!biasTerm) return null;
  const b = layer.blobs[1];
  if (!b) throw new SparseCnnError('E_SHAPE', `bias_term is set but the layer has no bias blob (expected ${n} values)`, { layer: layer.name });
  return Float32Array.from(b.data);
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** What a binder gets: the step, its layer (typed by its type), the backend chain and the step's first input / output. */
interface BindArgs<T extends LayerType> {
  readonly a: NetworkAnalysis;
  readonly s: Step;
  readonly layer: Extract<LayerDescription, { type: T }>;
  readonly chain: readonly KernelBackend[];
  readonly name: string;
  readonly inId: number;
  readonly outId: number;
  readonly asyncMinMacs: number;
}

/** Layer types that run a kernel (Input feeds data; Dropout, Flatten and Split are views). */
type ComputeLayerType = Exclude<LayerType, 'Input' | 'Dropout' | 'Flatten' | 'Split'>;

/**
 * How each computing layer type calls its kernels-api op: which kernel, its parameters, its prepared weights. The
 * layer's shapes and checks come from the layer table (graph.ts); this is the kernel call only. A missing entry is a
 * compile error.
 */
const BINDERS: { readonly [T in ComputeLayerType]: (args: BindArgs<T>) => Binding | null } = {
  Convolution: ({ a, s, layer, chain, name, inId, outId, asyncMinMacs }) => {
    const p = layer.params;
    const w = s.weights!;
    const weights = layer.blobs[0];
    if (!weights) throw new SparseCnnError('E_SHAPE', 'the layer has no weights (load a .caffemodel or .net)', { layer: name });
    const inShape = a.values[inId]!.shape;
    const spec = {
      inChannels: inShape[1]!, inH: inShape[2]!, inW: inShape[3]!, outChannels: p.numOutput, kernel: p.kernel,
      stride: p.stride, pad: p.pad, dilation: p.dilation, groups: p.group, relu: s.fusedWith !== null,
    };
    const bias = biasOf(layer, p.biasTerm, p.numOutput);
    const wt: Tensor = { dtype: 'float32', shape: [p.numOutput, inShape[1]! / p.group, p.kernel[0], p.kernel[1]], data: weights.data };
    if (w.decision.choice === 'sparse') {
      const b = pick(chain, ['prepareSparseConv2d', 'sparseConv2d'], name);
      const prepared = kernel(b, 'prepareSparseConv2d')(tensorToCsr(wt), bias, spec);
      return { backend: b, prepared, bind: heavy(b, 'sparseConv2d', prepared, (v) => [v[inId]!, v[outId]!], sparseMacsOf(s), asyncMinMacs) };
    }
    const b = pick(chain, ['prepareConv2d', 'conv2d'], name);
    const prepared = kernel(b, 'prepareConv2d')(wt, bias, spec);
    return { backend: b, prepared, bind: heavy(b, 'conv2d', prepared, (v) => [v[inId]!, v[outId]!], s.macs, asyncMinMacs) };
  },
  InnerProduct: ({ a, s, layer, chain, name, inId, outId, asyncMinMacs }) => {
    const p = layer.params;
    const w = s.weights!;
    const weights = layer.blobs[0];
    if (!weights) throw new SparseCnnError('E_SHAPE', 'the layer has no weights (load a .caffemodel or .net)', { layer: name });
    const o = w.rows;
    const k = w.cols;
    const data = p.transpose ? transpose(weights.data, k, o) : (weights.data);
    const bias = biasOf(layer, p.biasTerm, o);
    const params = { relu: s.fusedWith !== null };
    const inShape = a.values[inId]!.shape;
    const axis = normalizeAxis(p.axis, inShape.length);
    const flat = (v: ReadonlyArray<Tensor | null>): [Tensor, Tensor] => {
      const x = v[inId]!;
      const outer = x.shape.slice(0, axis).reduce((q, d) => q * d, 1);
      return [view(x, [outer, k]), view(v[outId]!, [outer, o])];
    };
    if (w.decision.choice === 'sparse') {
      const b = pick(chain, ['prepareSpmm', 'spmm'], name);
      const prepared = kernel(b, 'prepareSpmm')(denseToCsr(data, o, k), bias, params);
      return { backend: b, prepared, bind: heavy(b, 'spmm', prepared, flat, sparseMacsOf(s), asyncMinMacs) };
    }
    const b = pick(chain, ['prepareGemm', 'gemm'], name);
    const prepared = kernel(b, 'prepareGemm')({ dtype: 'float32', shape: [o, k], data }, bias, params);
    return { backend: b, prepared, bind: heavy(b, 'gemm', prepared, flat, s.macs, asyncMinMacs) };
  },
  ReLU: (c) => unaryBinding(c, 'relu', { negativeSlope: c.layer.params.negativeSlope }),
  Pooling: (c) => {
    const p = c.layer.params;
    return unaryBinding(c, 'pool2d', { method: p.pool, kernel: p.kernel, stride: p.stride, pad: p.pad, global: p.global });
  },
  LRN: (c) => {
    const p = c.layer.params;
    return unaryBinding(c, 'lrn', { localSize: p.localSize, alpha: p.alpha, beta: p.beta, k: p.k, region: p.region });
  },
  Softmax: (c) => unaryBinding(c, 'softmax', { axis: normalizeAxis(c.layer.params.axis, c.a.values[c.inId]!.shape.length) }),
  Concat: ({ a, s, layer, chain, name, inId, outId, asyncMinMacs }) => {
    const b = pick(chain, ['concat'], name);
    const run = kernel(b, 'concat');
    const params = { axis: normalizeAxis(layer.params.axis, a.values[inId]!.shape.length) };
    return {
      backend: b, prepared: null,
      bind: (v) => { const xs = s.inputs.map((id) => v[id]!); const y = v[outId]!; return { sync: () => into(y, run(xs, params, y)), async: null }; },
    };
  },
  Eltwise: ({ a, s, layer, chain, name, inId, outId, asyncMinMacs }) => {
    const b = pick(chain, ['eltwise'], name);
    const run = kernel(b, 'eltwise');
    const p = layer.params;
    const params = {
      op: p.operation, ...(p.coeffs && p.coeffs.length > 0 ? { coeffs: [...p.coeffs] } : {}), ...(s.fusedWith !== null ? { relu: true } : {}),
    };
    return {
      backend: b, prepared: null,
      bind: (v) => { const xs = s.inputs.map((id) => v[id]!); const y = v[outId]!; return { sync: () => into(y, run(xs, params, y)), async: null }; },
    };
  },
  BatchNorm: (c) => {
    // Caffe's moving-average factor divided out (as caffe-io does when reading; a net built in code may still have it).
    const [m, vr] = LAYER_SCHEMAS.BatchNorm.normalizeBlobs!([...c.layer.blobs]);
    return unaryBinding(c, 'batchNorm', { mean: m!.data, variance: vr!.data, eps: c.layer.params.eps });
  },
  Scale: (c) => {
    const shape = c.a.values[c.inId]!.shape;
    if (shape.length < 2) throw new SparseCnnError('E_UNSUPPORTED', 'Scale needs an [N, C, ...] input', { layer: c.name });
    const channels = shape[1]!;
    const [sc, bi] = c.layer.blobs;
    const expand = (t: Tensor): Float32Array =>
      t.data.length === 1 ? new Float32Array(channels).fill(t.data[0]!) : Float32Array.from(t.data);
    return unaryBinding(c, 'scale', { scale: expand(sc!), bias: c.layer.params.biasTerm && bi ? expand(bi) : null });
  },
};

/** Bind one step: choose its backend, prepare its weights, and return a closure factory. */
function bindStep(a: NetworkAnalysis, s: Step, chain: readonly KernelBackend[], asyncMinMacs: number): Binding | null {
  // No computation (inputs, fused ReLUs, Dropout, Flatten, Split). A concat is bound even when this batch's plan lets
  // its producers write its output (batch 1): another batch's plan may need it.
  if (s.kind === 'input' || s.kind === 'fused' || (s.kind === 'view' && s.layer.type !== 'Concat')) return null;
  const binder = BINDERS[s.layer.type as ComputeLayerType] as ((args: BindArgs<LayerType>) => Binding | null) | undefined;
  if (!binder) return null;
  return binder({ a, s, layer: s.layer, chain, name: s.layer.name, inId: s.inputs[0]!, outId: s.outputs[0]!, asyncMinMacs });
}

type UnaryKernel = 'relu' | 'pool2d' | 'lrn' | 'softmax' | 'batchNorm' | 'scale';

/** A one-input op with fixed parameters, on the first backend of the chain that has it. */
function unaryBinding<K extends UnaryKernel>(
  c: { readonly chain: readonly KernelBackend[]; readonly name: string; readonly inId: number; readonly outId: number },
  op: K, params: Parameters<KernelTable[K]>[1],
): Binding {
  const b = pick(c.chain, [op], c.name);
  const run = kernel(b, op) as unknown as (x: Tensor, p: typeof params, y: Tensor) => Tensor;
  return { backend: b, prepared: null, bind: (v) => unary(v, c.inId, c.outId, (x, y) => run(x, params, y)) };
}

/** A one-input op; passes the same tensor as input and output when they share storage (in place). */
function unary(v: ReadonlyArray<Tensor | null>, inId: number, outId: number, f: (x: Tensor, y: Tensor) => Tensor): Exec {
  const x = v[inId]!;
  const y0 = v[outId]!;
  const y = y0.data === x.data ? x : y0;
  return { sync: () => into(y, f(x, y)), async: null };
}

type Views = ReadonlyArray<Tensor | null>;

/** Multiply-accumulates per image that touch a non-zero weight. */
function sparseMacsOf(s: Step): number {
  const w = s.weights;
  if (!w || w.rows * w.cols === 0) return s.macs;
  return s.macs * (w.nonZeros / (w.rows * w.cols));
}

/**
 * A prepared-weights op (conv2d, sparseConv2d, gemm, spmm), with the backend's async form when present and the
 * layer is big enough for the hop to a worker thread to pay (`macsPerItem` x batch >= `asyncMinMacs`).
 */
function heavy(
  b: KernelBackend, op: 'conv2d' | 'sparseConv2d' | 'gemm' | 'spmm', prepared: Prepared, io: (v: Views) => [Tensor, Tensor],
  macsPerItem: number, asyncMinMacs: number,
): (v: Views) => Exec {
  const run = kernel(b, op) as unknown as (x: Tensor, p: Prepared, y: Tensor) => Tensor;
  const af = b.async?.[op] as unknown as ((x: Tensor, p: Prepared, y: Tensor) => Promise<Tensor>) | undefined;
  const arun = typeof af === 'function' ? af.bind(b.async) : null;
  return (v) => {
    const [x, y] = io(v);
    const big = macsPerItem * (x.shape[0] ?? 1) >= asyncMinMacs;
    return {
      sync: () => into(y, run(x, prepared, y)),
      async: arun && big ? async () => into(y, await arun(x, prepared, y)) : null,
    };
  };
}

class SessionImpl implements Session {
  readonly backend: BackendName;
  readonly backends: readonly BackendName[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly plan: readonly LayerPlan[];
  readonly memory: { readonly arenaBytes: number; readonly unsharedBytes: number };

  private readonly bindings: ReadonlyArray<Binding | null>;
  private readonly plans = new Map<number, BatchPlan>();
  /** Per step: the last TIMING_WINDOW times (a ring; `timingCount` of them filled, next write at count % window). */
  private readonly timings: number[][];
  private readonly timingCount: number[];
  private readonly inputShapes: ReadonlyArray<readonly number[]>;
  private disposed = false;
  /** Runs started and not finished (the arena is in use). */
  private pending = 0;
  /** Settles when the last started run finishes. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly net: NetDescription,
    private readonly defaultAnalysis: NetworkAnalysis,
    chain: readonly KernelBackend[],
    private readonly options: SessionOptions,
    readonly backendReport: BackendReport,
  ) {
    const a = defaultAnalysis;
    const bindings: Array<Binding | null> = [];
    try {
      for (const s of a.steps) {
        try {
          bindings.push(bindStep(a, s, chain, options.asyncMinMacs ?? ASYNC_MIN_MACS));
        } catch (e) {
          if (isSparseCnnError(e)) throw e.context.layer === undefined ? e.withContext({ layer: s.layer.name }) : e;
          throw new SparseCnnError('E_BACKEND', `preparing the layer failed: ${e instanceof Error ? e.message : String(e)}`, { layer: s.layer.name }, { cause: e });
        }
      }
    } catch (e) {
      for (const b of bindings) b?.prepared?.dispose();
      throw e;
    }
    this.bindings = bindings;
    const used = new Set(bindings.flatMap((b) => (b ? [b.backend.name] : [])));
    this.backend = chain[0]!.name;
    this.backends = chain.map((b) => b.name).filter((n, i) => i === 0 || used.has(n));
    this.inputNames = a.inputs.map((i) => i.name);
    this.outputNames = a.outputs.map((o) => o.name);
    this.inputShapes = a.inputs.map((i) => a.values[i.value]!.shape);
    this.plan = a.steps.map((s, i) => {
      const b = bindings[i];
      return layerPlanOf(a, s, b ? b.backend.name : null, b?.prepared ? b.prepared.bytes : null);
    });
    this.timings = a.steps.map(() => []);
    this.timingCount = a.steps.map(() => 0);
    const first = this.buildPlan(a);
    this.plans.set(a.batch, first);
    this.memory = { arenaBytes: first.arenaBytes, unsharedBytes: first.unsharedBytes };
  }

  private buildPlan(a: NetworkAnalysis): BatchPlan {
    const layout = layoutArena(a.storages, a.steps.length);
    let arena: Float32Array;
    try {
      arena = new Float32Array(layout.elements);
    } catch (e) {
      throw new SparseCnnError('E_OVERFLOW', `cannot allocate an activation arena of ${layout.elements * 4} bytes for batch ${a.batch}`, {}, { cause: e });
    }
    const views = a.values.map((v) => {
      if (v.storage < 0) return null;
      const off = layout.offsets[v.storage]!;
      return { dtype: 'float32' as const, shape: [...v.shape], data: arena.subarray(off, off + v.size) };
    });
    const execs = a.steps.map((s, i) => (s.kind === 'view' ? null : this.bindings[i]?.bind(views) ?? null));
    return {
      batch: a.batch, analysis: a, arenaBytes: layout.elements * 4, unsharedBytes: layout.unsharedElements * 4, views, execs,
    };
  }

  private planFor(batch: number): BatchPlan {
    const cached = this.plans.get(batch);
    if (cached) return cached;
    const a = analyzeNetwork(this.net, batch, this.options);
    // The same description and options give the same steps and choices: the prepared weights still fit.
    if (a.steps.length !== this.defaultAnalysis.steps.length) {
      throw new SparseCnnError('E_SHAPE', `re-planning for batch ${batch} changed the network structure`);
    }
    const p = this.buildPlan(a);
    if (this.plans.size > MAX_EXTRA_PLANS) {
      for (const k of this.plans.keys()) {
        if (k !== this.defaultAnalysis.batch) {
          this.plans.delete(k);
          break;
        }
      }
    }
    this.plans.set(batch, p);
    return p;
  }

  private checkFeeds(feeds: Readonly<Record<string, Tensor>>): number {
    if (typeof feeds !== 'object' || feeds === null) throw new SparseCnnError('E_ARGUMENT', 'run() needs an object of input name -> tensor');
    for (const k of Object.keys(feeds)) {
      if (!this.inputNames.includes(k)) {
        throw new SparseCnnError('E_ARGUMENT', `unknown input '${k}' (inputs: ${this.inputNames.join(', ')})`);
      }
    }
    let batch = -1;
    this.inputNames.forEach((name, i) => {
      const t = feeds[name];
      if (t === undefined) throw new SparseCnnError('E_ARGUMENT', `missing input '${name}' (inputs: ${this.inputNames.join(', ')})`);
      assertTensor(t, `input '${name}'`);
      if (t.dtype !== 'float32') throw new SparseCnnError('E_SHAPE', `input '${name}' must be float32, got ${t.dtype}`);
      const want = this.inputShapes[i]!;
      const n = t.shape[0];
      if (t.shape.length !== want.length || t.shape.some((d, j) => j > 0 && d !== want[j]) || n === undefined || n < 1) {
        throw new SparseCnnError('E_SHAPE', `input '${name}' must be [N, ${want.slice(1).join(', ')}] with N >= 1, got ${formatShape(t.shape)}`);
      }
      if (batch >= 0 && n !== batch) throw new SparseCnnError('E_SHAPE', `inputs have different batch sizes (${batch} and ${n})`);
      batch = n;
    });
    return batch;
  }

  /** Copy the feeds into a plan's input views. */
  private begin(feeds: Readonly<Record<string, Tensor>>, batch: number): BatchPlan {
    const p = this.planFor(batch);
    for (const inp of p.analysis.inputs) {
      const v = p.views[inp.value];
      if (v) v.data.set(feeds[inp.name]!.data);
    }
    return p;
  }

  private fail(p: BatchPlan, i: number, e: unknown): never {
    const s = p.analysis.steps[i]!;
    const ctx = { layer: s.layer.name, op: stepOp(s) ?? undefined, backend: this.bindings[i]?.backend.name };
    if (isSparseCnnError(e)) throw e.withContext(ctx);
    throw new SparseCnnError('E_BACKEND', `kernel failed: ${e instanceof Error ? e.message : String(e)}`, ctx, { cause: e });
  }

  private record(i: number, ms: number): void {
    // A ring (was push + shift: O(window) per layer per run once full, ~10 us a run on LeNet).
    const c = this.timingCount[i]!;
    this.timings[i]![c % TIMING_WINDOW] = ms;
    this.timingCount[i] = c + 1;
  }

  private finish(p: BatchPlan): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const o of p.analysis.outputs) {
      const v = p.views[o.value]!;
      out[o.name] = { dtype: 'float32', shape: [...v.shape], data: v.data.slice() };
    }
    return out;
  }

  runSync(feeds: Readonly<Record<string, Tensor>>): Record<string, Tensor> {
    if (this.disposed) throw new SparseCnnError('E_DISPOSED', 'the session has been disposed');
    if (this.pending > 0) {
      throw new SparseCnnError('E_ARGUMENT', 'runSync() was called while run() is in progress on this session; await it first');
    }
    const p = this.begin(feeds, this.checkFeeds(feeds));
    for (let i = 0; i < p.execs.length; i++) {
      const exec = p.execs[i];
      if (!exec) continue;
      const t0 = now();
      try {
        exec.sync();
      } catch (e) {
        this.fail(p, i, e);
      }
      this.record(i, now() - t0);
    }
    return this.finish(p);
  }

  /**
   * Runs are serialised per session (they share the arena); the long ops use the backend's async forms when it has
   * them (native: the addon's worker threads), so the event loop stays free. Feeds are validated at once and, when
   * the run has to wait for an earlier one, copied, so the caller may reuse its buffers right away.
   */
  async run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    if (this.disposed) throw new SparseCnnError('E_DISPOSED', 'the session has been disposed');
    const batch = this.checkFeeds(feeds);
    const idle = this.pending === 0;
    const own = idle
      ? feeds
      : Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { ...t, data: (t.data).slice() }]));
    this.pending++;
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((r) => {
      release = r;
    });
    try {
      // Idle: the feeds are copied into the arena before the first await, so the caller may reuse them at once.
      if (!idle) {
        await previous;
        if (this.disposed) throw new SparseCnnError('E_DISPOSED', 'the session was disposed before this run started');
      }
      const p = this.begin(own, batch);
      for (let i = 0; i < p.execs.length; i++) {
        const exec = p.execs[i];
        if (!exec) continue;
        const t0 = now();
        try {
          if (exec.async) await exec.async();
          else exec.sync();
        } catch (e) {
          this.fail(p, i, e);
        }
        this.record(i, now() - t0);
      }
      return this.finish(p);
    } finally {
      this.pending--;
      release();
    }
  }

  profile(): LayerTiming[] {
    const a = this.defaultAnalysis;
    const rows: LayerTiming[] = [];
    a.steps.forEach((s, i) => {
      const b = this.bindings[i];
      if (!b) return;
      const count = this.timingCount[i]!;
      const n = Math.min(count, TIMING_WINDOW);
      const t = this.timings[i]!.slice(0, n);
      rows.push({
        name: s.layer.name, type: s.layer.type, kernel: stepKernel(s), op: stepOp(s), backend: b.backend.name, fusedWith: s.fusedWith,
        lastMs: count ? this.timings[i]![(count - 1) % TIMING_WINDOW]! : 0, medianMs: median(t), runs: n,
        predictedMs: predictedOf(s),
      });
    });
    return rows;
  }

  /** Tests: fill every arena with NaN, so that a value a kernel forgot to write shows up. */
  poison(): void {
    for (const p of this.plans.values()) for (const v of p.views) v?.data.fill(Number.NaN);
  }

  /** Frees the prepared weights and arenas; a run in progress finishes first, runs queued after it reject. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const free = (): void => {
      for (const b of this.bindings) b?.prepared?.dispose();
      this.plans.clear();
    };
    if (this.pending > 0) void this.queue.then(free);
    else free();
  }
}

/**
 * Create a session: validate and plan the network (shapes, dense/sparse per layer, fused ReLUs, buffer reuse),
 * load the backend chain, and prepare every layer's weights once on the backend that runs it.
 */
export async function createSession(description: NetDescription, options: SessionOptions = {}): Promise<Session> {
  validateSessionOptions(options);
  const net = options.foldBatchNorm === false ? description : foldBatchNorm(description).net;
  const bo = backendOptionsOf(options);
  const { chain, report } = await resolveBackendsWithReport(options.backends, bo, {
    mode: options.fallback === 'none' ? 'first' : 'chain',
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  // plan for the backend that loaded first (its dense/sparse crossover differs)
  const planned: SessionOptions = options.targetBackend === undefined ? { ...options, targetBackend: chain[0]!.name } : options;
  const analysis = analyzeNetwork(net, planned.batch, planned);
  return new SessionImpl(net, analysis, chain, planned, report);
}

/** Tests only (not exported by the package): NaN-fill a session's activation arenas. */
export function poisonSessionForTests(session: Session): void {
  if (session instanceof SessionImpl) session.poison();
}

export type { OpName };

/** The perf-model's predicted time of the kernel a step runs, or null. */
function predictedOf(s: { weights?: { decision: { choice: 'dense' | 'sparse'; predicted?: { denseMs: number; sparseMs: number } } } | null }): number | null {
  const d = s.weights?.decision;
  if (!d?.predicted) return null;
  return d.choice === 'sparse' ? d.predicted.sparseMs : d.predicted.denseMs;
}
