/**
 * What one Caffe layer type is, written once: how its parameters are read from a decoded Caffe `LayerParameter`
 * and written back, how many bottoms and tops it takes, its output shapes, its learned blobs and their shapes, and
 * how it behaves in each phase. `@sparsecnn/caffe-io` (reading and writing models), `@sparsecnn/runtime` (planning
 * a network) and `@sparsecnn/pruning` (building a trainable net) look a type up in the table (`getLayerSchema`)
 * instead of each keeping its own switch over layer types.
 */
import { SparseCnnError, isSparseCnnError, type ErrorCode, type ErrorContext } from '../errors.js';
import type { LayerParamsByType, LayerType } from '../net.js';
import { formatShape, normalizeAxis, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * A decoded Caffe `LayerParameter` (a protobufjs message or the plain object the prototxt parser builds), seen
 * structurally: this package knows the field names (Caffe's snake_case), not the generated classes.
 */
export type CaffeLayerMessage = object;

/** Where a schema's error is reported: the model file and the layer name. */
export interface LayerContext {
  readonly file?: string;
  readonly layer?: string;
  /** The bottoms' blob names, for messages that name one. */
  readonly bottoms?: readonly string[];
}

/** `bottom 'name'` when the name is known, else `bottom <i>`. */
export function bottomName(ctx: LayerContext, i: number): string {
  const name = ctx.bottoms?.[i];
  return name !== undefined ? `bottom '${name}'` : `bottom ${i}`;
}

/** How many bottoms or tops a layer takes: [min, max] (max may be Infinity). */
export type Arity = readonly [min: number, max: number];

/** What a layer does in a phase: computes, or passes its bottom through unchanged (Dropout at TEST). */
export type PhaseBehaviour = 'compute' | 'identity';

export interface LayerSchema<T extends LayerType = LayerType> {
  /** The Caffe (V2) type name, also the `type` of a LayerDescription. */
  readonly type: T;
  /** The V1 `LayerType` enum name (e.g. `CONVOLUTION`), or null when V1 had none. */
  readonly v1Type: string | null;
  /** The `LayerParameter` field holding the parameters (e.g. `convolution_param`), or null. */
  readonly paramField: string | null;
  readonly bottoms: Arity;
  readonly tops: Arity;
  /** A top may be the same blob as the bottom (Caffe's in-place form). */
  readonly inPlace: boolean;
  /** Behaviour in each phase. */
  readonly phases: { readonly TRAIN: PhaseBehaviour; readonly TEST: PhaseBehaviour };
  /** At inference the tops are views of the bottom (no kernel runs): Dropout, Flatten, Split. */
  readonly view: boolean;
  /** Names of the learned blobs in Caffe order ([] for none). */
  readonly blobNames: readonly string[];
  /** Has a weight matrix (blob 0) that the runtime may run dense or sparse: Convolution, InnerProduct. */
  readonly weighted: boolean;
  /** The parameters with Caffe's defaults applied; throws E_FORMAT / E_UNSUPPORTED naming the layer. */
  parse(layer: CaffeLayerMessage, ctx: LayerContext): LayerParamsByType[T];
  /** The `LayerParameter` fields that write `params` back (e.g. `{ convolution_param: {...} }`). */
  toCaffe(params: LayerParamsByType[T]): Record<string, unknown>;
  /** Parameters that depend on the input shapes filled in (global pooling's kernel); `inputs` are the bottoms' shapes. */
  resolve?(params: LayerParamsByType[T], inputs: readonly Shape[]): LayerParamsByType[T];
  /**
   * Caffe's shape inference: one shape per top (`tops` of them) from the bottoms' shapes, with the checks the shape
   * needs (E_SHAPE / E_ARGUMENT / E_OVERFLOW naming the layer).
   */
  outputShapes(params: LayerParamsByType[T], inputs: readonly Shape[], tops: number, ctx: LayerContext): number[][];
  /**
   * The checks before the layer runs for inference that its shape does not need: parameter ranges the kernels
   * require, methods sparsecnn does not implement (E_UNSUPPORTED), and the learned blobs' sizes.
   */
  validate?(params: LayerParamsByType[T], inputs: readonly Shape[], blobs: readonly Tensor[], ctx: LayerContext): void;
  /**
   * Expected shapes of the learned blobs (Caffe order) from the first bottom's shape (undefined when unknown:
   * its dimensions are then -1) and the number of bottoms.
   */
  blobShapes(params: LayerParamsByType[T], bottom: Shape | undefined, bottomCount: number, ctx: LayerContext): number[][];
  /** Learned blobs as stored by Caffe -> as the runtime uses them (BatchNorm divides out its scale factor). */
  normalizeBlobs?(blobs: Tensor[]): Tensor[];
}

/**
 * The flags most layer types share: computed in both phases, not a view, no learned blobs, not in place. A schema
 * spreads this first and then states what differs.
 */
export const PLAIN_LAYER = {
  inPlace: false,
  phases: { TRAIN: 'compute', TEST: 'compute' },
  view: false,
  blobNames: [],
  weighted: false,
} as const satisfies Pick<LayerSchema<'Concat'>, 'inPlace' | 'phases' | 'view' | 'blobNames' | 'weighted'>;

// ---------------------------------------------------------------------------------------------------------------
// Helpers the schemas share.

export function layerError(code: ErrorCode, ctx: LayerContext, message: string): never {
  const c: { -readonly [K in keyof ErrorContext]: ErrorContext[K] } = {};
  if (ctx.file !== undefined) c.file = ctx.file;
  if (ctx.layer !== undefined) c.layer = ctx.layer;
  throw new SparseCnnError(code, message, c);
}

/** Runs `f`; a SparseCnnError it throws without a layer gets `ctx` (file and layer). */
export function inLayer<R>(ctx: LayerContext, f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (isSparseCnnError(e) && e.context.layer === undefined) {
      const c: { -readonly [K in keyof ErrorContext]: ErrorContext[K] } = {};
      if (ctx.file !== undefined) c.file = ctx.file;
      if (ctx.layer !== undefined) c.layer = ctx.layer;
      throw e.withContext(c);
    }
    throw e;
  }
}

/** `normalizeAxis` naming the layer. */
export function axisOf(axis: number, rank: number, ctx: LayerContext): number {
  return inLayer(ctx, () => normalizeAxis(axis, rank));
}

export function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/** The first input as NCHW, else E_SHAPE. */
export function rank4(type: string, inputs: readonly Shape[], ctx: LayerContext): [number, number, number, number] {
  const s = inputs[0] ?? [];
  if (s.length !== 4) layerError('E_SHAPE', ctx, `${type} needs an NCHW input, got ${formatShape(s)}`);
  return s as unknown as [number, number, number, number];
}

/** The same shape for every top. */
export function sameShape(inputs: readonly Shape[], tops: number): number[][] {
  const s = inputs[0] ?? [];
  const out: number[][] = [s.slice()];
  for (let i = 1; i < tops; i++) out.push(s.slice());
  return out;
}

export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

// Reading a decoded message (fields absent, null or undefined are "not given", as protobufjs leaves them).

export function field(msg: object | null | undefined, key: string): unknown {
  return msg ? (msg as Record<string, unknown>)[key] : undefined;
}

export function hasField(msg: object | null | undefined, key: string): boolean {
  if (msg === null || msg === undefined) return false;
  const v = (msg as Record<string, unknown>)[key];
  return Object.prototype.hasOwnProperty.call(msg, key) && v !== null && v !== undefined;
}

/** A sub-message (e.g. `convolution_param`), or undefined. */
export function subMessage(layer: CaffeLayerMessage, key: string): Record<string, unknown> | undefined {
  const v = field(layer, key);
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** A finite number, else the default. */
export function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function optional(msg: object | null | undefined, key: string): number | undefined {
  return hasField(msg, key) ? (field(msg, key) as number) : undefined;
}

export function repeated(msg: object | null | undefined, key: string): number[] {
  const v = field(msg, key);
  return Array.isArray(v) ? (v as number[]) : [];
}
