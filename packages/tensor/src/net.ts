/**
 * The network description (NetDescription): the model IR that readers produce (caffe-io from .prototxt +
 * .caffemodel / .net) and that the runtime and the pruning tools consume. It lives here, in the package everyone
 * depends on, so that a reader and the runtime need not depend on each other, and users can build networks in code.
 *
 * Conventions: Caffe layer and blob names are kept verbatim; weights are dense float32 tensors in Caffe's shapes
 * (convolution [numOutput, inChannels / group, kh, kw], inner product [numOutput, inputSize]); the runtime decides
 * per layer whether to run them dense or sparse.
 */
import type { Pair } from './geometry.js';
import type { Tensor } from './tensor.js';

/** Caffe's MAX / AVE pooling: the one spelling, shared by the layer parameters and the kernels-api contract. */
export type PoolMethod = 'max' | 'ave';
export type EltwiseOp = 'prod' | 'sum' | 'max';

export interface InputParams { readonly shape: readonly number[] }
export interface ConvolutionParams {
  readonly numOutput: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilation: Pair;
  readonly group: number;
  readonly biasTerm: boolean;
}
export interface InnerProductParams {
  readonly numOutput: number;
  readonly biasTerm: boolean;
  /** Caffe's `transpose`: weights stored [inputSize, numOutput] instead of [numOutput, inputSize]. */
  readonly transpose: boolean;
  /** First axis flattened into the input vector (Caffe default 1). */
  readonly axis: number;
}
export interface ReluParams { readonly negativeSlope: number }
export interface PoolingParams {
  readonly pool: PoolMethod;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly global: boolean;
}
export interface LrnParams {
  readonly localSize: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  readonly region: 'across' | 'within';
}
export interface SoftmaxParams { readonly axis: number }
export interface ConcatParams { readonly axis: number }
export interface DropoutParams { readonly ratio: number }
export interface EltwiseParams { readonly operation: EltwiseOp; readonly coeffs: readonly number[] }
export interface BatchNormParams { readonly eps: number; readonly useGlobalStats: boolean }
export interface ScaleParams { readonly axis: number; readonly numAxes: number; readonly biasTerm: boolean }
export interface FlattenParams { readonly axis: number; readonly endAxis: number }
export type EmptyParams = Readonly<Record<string, never>>;

/** Layer type -> its parameters. Keys are Caffe's type names. */
export interface LayerParamsByType {
  Input: InputParams;
  Convolution: ConvolutionParams;
  InnerProduct: InnerProductParams;
  ReLU: ReluParams;
  Pooling: PoolingParams;
  LRN: LrnParams;
  Softmax: SoftmaxParams;
  Concat: ConcatParams;
  Dropout: DropoutParams;
  Eltwise: EltwiseParams;
  BatchNorm: BatchNormParams;
  Scale: ScaleParams;
  Flatten: FlattenParams;
  Split: EmptyParams;
}
export type LayerType = keyof LayerParamsByType;
export const LAYER_TYPES: readonly LayerType[] = [
  'Input', 'Convolution', 'InnerProduct', 'ReLU', 'Pooling', 'LRN', 'Softmax', 'Concat', 'Dropout', 'Eltwise',
  'BatchNorm', 'Scale', 'Flatten', 'Split',
];

/** One layer. `blobs` are the learned parameters in Caffe order (weights, then bias; BatchNorm: mean, var, factor). */
export type LayerDescription = {
  [T in LayerType]: {
    readonly name: string;
    readonly type: T;
    readonly bottoms: readonly string[];
    readonly tops: readonly string[];
    readonly params: LayerParamsByType[T];
    readonly blobs: readonly Tensor[];
  };
}[LayerType];

/** Input preprocessing a model declares (Caffe's TransformationParameter), applied by the CLI, not the runtime. */
export interface TransformDescription {
  readonly scale?: number;
  readonly meanValues?: readonly number[];
  /** A mean image [C, H, W] (from a mean file), already loaded. */
  readonly meanImage?: Tensor;
  readonly meanFile?: string;
  readonly cropSize?: number;
  readonly mirror?: boolean;
}

export interface NetInput {
  readonly name: string;
  /** NCHW; the batch size is a default the runtime may change. */
  readonly shape: readonly number[];
}

export interface NetDescription {
  readonly name: string;
  readonly inputs: readonly NetInput[];
  readonly layers: readonly LayerDescription[];
  readonly transform?: TransformDescription;
}
