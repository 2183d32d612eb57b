import type { BackendFallbackWarning, BackendName, BackendOptions, BackendReport, OpName } from '@sparsecnn/kernels-api';
import type { MachineProfile } from '@sparsecnn/perf-model';
import type { LayerType, Shape, Tensor } from '@sparsecnn/tensor';

/** How a Convolution / InnerProduct layer is run. */
export type KernelChoice = 'dense' | 'sparse';

/** Per-layer override: layer name -> 'dense' | 'sparse'. */
export type SparseOverrides = Readonly<Record<string, KernelChoice>>;

export interface PlanOptions {
  /**
   * Dense or sparse weights for Convolution / InnerProduct layers:
   * - 'auto' (default): by weight density (see `sparseThreshold` and choose-kernel.ts);
   * - 'always' / 'never': every weighted layer sparse / dense;
   * - a record: per layer name ('dense' | 'sparse'); layers not named are chosen as in 'auto'.
   */
  readonly sparse?: 'auto' | 'always' | 'never' | SparseOverrides;
  /**
   * Density (non-zeros / weights) at or below which a layer runs sparse in 'auto' mode. Default: 0.35 for
   * convolutions (0.5 when `targetBackend` is 'wasm'); inner products run sparse when CSR is smaller than the dense
   * matrix (density below ~0.5). When set, it applies to both.
   */
  readonly sparseThreshold?: number;
  /**
   * The backend that will run the weighted layers, when known: picks the default convolution threshold (0.5 on
   * 'wasm', 0.35 otherwise). `createSession` sets it to the first backend of the resolved chain; `planNetwork` uses
   * it as given (unset: 0.35).
   */
  readonly targetBackend?: string;
  /**
   * A calibrated machine profile (`@sparsecnn/perf-model`, e.g. from `loadOrCalibrate(backend)`): in 'auto' mode each
   * weighted layer runs whichever kernel the roofline predicts faster on this machine, for the session's batch.
   * Ignored when `sparseThreshold` is set.
   */
  readonly perfProfile?: MachineProfile;
  /**
   * Graph fusions: a ReLU run by the Convolution / InnerProduct / Eltwise that produces its input, an Eltwise that
   * writes over one of its inputs when nothing reads that input later, and a Concat (batch 1, on channels) whose
   * inputs are written straight into their slices of its output. Default true; false runs every layer as written
   * into its own buffer (to compare, or to time each layer on its own in `profile()`).
   */
  readonly fuse?: boolean;
}

export interface SessionOptions extends BackendOptions, PlanOptions {
  /** Backends in preference order (each must be registered). Default: every registered backend by priority. */
  readonly backends?: readonly BackendName[];
  /** Default batch size (replaces the description's input batch). A feed with another batch re-plans. */
  readonly batch?: number;
  /**
   * 'per-op' (default): an op the first backend lacks runs on the next backend of the chain that has it.
   * 'none': only the first backend that loads is used; an op it lacks is an E_UNSUPPORTED error at createSession.
   */
  readonly fallback?: 'per-op' | 'none';
  /**
   * `run()` hands a Convolution / InnerProduct layer to the backend's async form (a worker thread; the event loop
   * stays free) only when the layer has at least this many multiply-accumulates for the run's batch (non-zero ones
   * for sparse layers); smaller layers run synchronously, since the hop to a worker thread costs more than they do.
   * Default 40e6 (about 1 ms of work); 0: every layer that has an async form uses it.
   */
  readonly asyncMinMacs?: number;
  /**
   * Receives each backend fallback of this session (e.g. native -> wasm because the addon is missing), instead of the
   * default warning: once per process per (from, to, reason), via `process.emitWarning` (Node) or `console.warn`.
   * Pass `() => {}` to silence it; `session.backendReport` keeps the reasons either way.
   */
  readonly onWarning?: (warning: BackendFallbackWarning) => void;
  /**
   * Fold each BatchNorm / Scale that follows a Convolution or InnerProduct into that layer's weights and bias
   * (`foldBatchNorm` of this package), as other inference runtimes do; the folded layers then do not appear in
   * `session.plan` or `profile()`. Default true; false runs them as written.
   */
  readonly foldBatchNorm?: boolean;
}

/** Weight sizes of a layer, in bytes (weights + bias). */
export interface WeightBytes {
  /** As dense float32. */
  readonly dense: number;
  /** As CSR (values float32 + column indices int32 + row pointers int32) + dense bias. */
  readonly sparse: number;
  /** What the chosen backend's prepared handle holds (session plans), or the chosen form's size (planNetwork). */
  readonly prepared: number;
}

/** How the runtime runs one layer. */
export type LayerKernel =
  /** Dense weights (conv2d / gemm). */
  | 'dense'
  /** Sparse weights (sparseConv2d / spmm). */
  | 'sparse'
  /** A weightless op (pool2d, relu, lrn, ...). */
  | 'op'
  /** No computation: an input, or a view of its bottom (Dropout, Flatten, Split). */
  | 'none'
  /** A ReLU fused into the Convolution / InnerProduct / Eltwise that produces its input. */
  | 'fused';

export interface LayerPlan {
  readonly name: string;
  readonly type: LayerType;
  readonly bottoms: readonly string[];
  readonly tops: readonly string[];
  readonly inputShapes: readonly Shape[];
  readonly outputShapes: readonly Shape[];
  readonly kernel: LayerKernel;
  /** The kernel-table op that runs it, or null (kernel 'none' / 'fused'). */
  readonly op: OpName | null;
  /** Backend that runs it (null in planNetwork or for kernel 'none' / 'fused'). */
  readonly backend: BackendName | null;
  /** Name of the ReLU layer fused into this one, or (for a fused ReLU) the layer it is fused into. */
  readonly fusedWith: string | null;
  /** Learned weights (not counting bias); 0 for weightless layers. */
  readonly weightCount: number;
  readonly nonZeros: number;
  /** nonZeros / weightCount; null for weightless layers and when the weights are not loaded. */
  readonly weightDensity: number | null;
  readonly weightBytes: WeightBytes;
  /** Dense multiply-accumulates per image (Convolution, InnerProduct; 0 for other layers). */
  readonly macs: number;
  /** Multiply-accumulates per image with the zero weights skipped (macs x density; = macs when density is unknown). */
  readonly sparseMacs: number;
  /** Why dense or sparse was chosen (weighted layers), e.g. 'density 0.12 <= 0.35'. */
  readonly reason: string | null;
  /** Perf-model prediction for the plan's batch (with options.perfProfile), else null. */
  readonly predictedMs: { readonly dense: number; readonly sparse: number } | null;
}

export interface LayerTiming {
  readonly name: string;
  readonly type: LayerType;
  /** The ReLU layer fused into this one (its time is included here), or null. */
  readonly fusedWith: string | null;
  readonly kernel: LayerKernel;
  readonly op: OpName | null;
  readonly backend: BackendName | null;
  /** Time of the last run, in milliseconds. */
  readonly lastMs: number;
  /** Median over the recorded runs (the last 1000), in milliseconds. */
  readonly medianMs: number;
  readonly runs: number;
  /** The perf-model's prediction for the kernel that ran, for the default batch (with options.perfProfile). */
  readonly predictedMs: number | null;
}

export interface Session {
  /** The first backend of the chain (the preferred one). */
  readonly backend: BackendName;
  /** Every backend the session uses, in preference order. */
  readonly backends: readonly BackendName[];
  /** How the backends were resolved: each one tried with the reason it is not used, and the fallbacks warned about. */
  readonly backendReport: BackendReport;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Per layer, in network order, for the default batch. */
  readonly plan: readonly LayerPlan[];
  /** Activation memory of the default batch's plan: arena bytes, and bytes if every blob had its own buffer. */
  readonly memory: { readonly arenaBytes: number; readonly unsharedBytes: number };
  /**
   * Run the network. Feeds: every input by name, [N, ...] with the description's non-batch dims (N may differ from
   * the default batch: the session re-plans its buffers; weights are not prepared again). Returns fresh tensors
   * for every output (blobs no layer reads).
   */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  /** The same, synchronously. */
  runSync(feeds: Readonly<Record<string, Tensor>>): Record<string, Tensor>;
  /** Per-layer times of the runs so far (layers that run; views and fused ReLUs are left out). */
  profile(): LayerTiming[];
  /** Free the prepared weights and buffers. Later calls throw E_DISPOSED. */
  dispose(): void;
}
