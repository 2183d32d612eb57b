/** Messages between the UI (main thread) and the compute worker. */
import type { MachineProfile } from '@sparsecnn/perf-model';

export interface ProgressInfo {
  /** Path under the data folder. */
  readonly file: string;
  readonly loaded: number;
  readonly total: number | null;
}

export interface EnvInfo {
  readonly backend: string;
  readonly isa: string;
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  readonly sharedArrayBuffer: boolean;
}

export interface LayerRow {
  readonly name: string;
  readonly type: string;
  readonly kernel: string;
  readonly backend: string | null;
  readonly weights: number;
  readonly nonZeros: number;
  readonly density: number | null;
  readonly denseBytes: number;
  readonly sparseBytes: number;
}

export interface NetInfo {
  readonly label: string;
  readonly layers: readonly LayerRow[];
  /** Weights + biases as dense float32. */
  readonly denseBytes: number;
  readonly weights: number;
  readonly nonZeros: number;
}

export interface LenetInfo {
  readonly preset: string;
  readonly dense: NetInfo;
  readonly pruned: NetInfo;
}

export interface LayerTime {
  readonly name: string;
  readonly kernel: string;
  readonly backend: string | null;
  readonly ms: number;
}

export interface NetRun {
  readonly probs: readonly number[];
  readonly predicted: number;
  /** Median wall time of one forward pass. */
  readonly forwardMs: number;
  readonly runs: number;
  readonly layers: readonly LayerTime[];
}

export interface DigitResult {
  readonly empty: boolean;
  /** The 28x28 input (grey levels) the networks saw. */
  readonly pixels: Uint8Array;
  readonly dense: NetRun | null;
  readonly pruned: NetRun | null;
}

export interface SqueezenetInfo {
  readonly layers: number;
  readonly weights: number;
  readonly nonZeros: number;
  readonly netBytes: number;
  readonly denseBytes: number;
  readonly sparseLayers: number;
  /** Layers that run on a backend other than wasm (per-op fallback), by name. */
  readonly fallbackLayers: readonly string[];
  readonly crop: number;
  readonly resize: number;
  readonly mean: readonly number[];
}

export interface ImagePrediction {
  readonly index: number;
  readonly wnid: string | null;
  readonly name: string;
  readonly probability: number;
}

export interface ImageResult {
  readonly top: readonly ImagePrediction[];
  readonly width: number;
  readonly height: number;
  /** Resize, crop, BGR and mean (decoding not included). */
  readonly preprocessMs: number;
  readonly forwardMs: number;
  /** The 227x227 crop the network saw, RGBA for display. */
  readonly crop: Uint8ClampedArray;
  readonly cropSize: number;
}

export interface PerfLayerInfo {
  readonly net: 'squeezenet' | 'caffenet';
  readonly name: string;
  readonly kind: 'conv' | 'fc';
  readonly macs: number;
  readonly shape: string;
  /** The trained model's density for this layer (Deep Compression SqueezeNet), or null. */
  readonly modelDensity: number | null;
}

export interface PerfCurve {
  readonly layer: PerfLayerInfo;
  readonly densities: readonly number[];
  readonly denseMs: readonly number[];
  readonly sparseMs: readonly number[];
  /** Useful density range: sparse wins below `max`; below `min` pruning more stops paying. */
  readonly useful: { readonly min: number; readonly max: number };
  readonly measured: ReadonlyArray<{ readonly density: number; readonly ms: number; readonly reps: number }>;
  readonly measuredDense: { readonly ms: number; readonly reps: number } | null;
  /** Cases not measured because they would need too much memory. */
  readonly skipped: number;
}

export interface MnistScore {
  readonly images: number;
  readonly dense: number;
  readonly pruned: number;
  /** Images where both nets predict the same class. */
  readonly agree: number;
  readonly preset: string;
  /** Median time per image in batches of 100. */
  readonly denseMsPerImage: number;
  readonly prunedMsPerImage: number;
}

/** What the calibration worker posts. */
export type CalibratorMessage =
  | { readonly kind: 'progress'; readonly message: string }
  | { readonly kind: 'result'; readonly profile: MachineProfile; readonly ms: number }
  | { readonly kind: 'error'; readonly message: string; readonly code: string | null };

/** The compute worker's view of a profile it was given. */
export interface ProfileStatus {
  /** False when the profile is malformed, of another version, or for another backend / ISA / thread count. */
  readonly accepted: boolean;
  readonly reason: string | null;
}

/** method -> [params, result] */
export interface WorkerApi {
  init: [{ dataBase: string }, EnvInfo];
  loadLenet: [{ preset: string }, LenetInfo];
  setPruning: [{ preset: string }, LenetInfo];
  classifyDigit: [{ gray: Uint8Array; width: number; height: number; runs: number }, DigitResult];
  evaluateMnist: [{ images: number }, MnistScore];
  loadSqueezenet: [Record<string, never>, SqueezenetInfo];
  classifyImage: [{ image: Blob }, ImageResult];
  setProfile: [{ profile: unknown }, ProfileStatus];
  perfLayers: [Record<string, never>, PerfLayerInfo[]];
  perfCurve: [{ net: 'squeezenet' | 'caffenet'; layer: string; measure: boolean }, PerfCurve];
}

export type Method = keyof WorkerApi;

export interface RequestMessage<M extends Method = Method> {
  readonly id: number;
  readonly method: M;
  readonly params: WorkerApi[M][0];
}

export type ResponseMessage =
  | { readonly id: number; readonly kind: 'result'; readonly result: unknown }
  | { readonly id: number; readonly kind: 'error'; readonly error: { readonly message: string; readonly code: string | null } }
  | { readonly id: number; readonly kind: 'progress'; readonly progress: ProgressInfo };
