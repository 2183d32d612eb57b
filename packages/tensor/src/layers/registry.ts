/** The layer table: one schema per supported Caffe layer type, and the types readers treat as data or drop. */
import { LAYER_TYPES, type LayerType } from '../net.js';
import { batchNorm } from './batch-norm.js';
import { concat } from './concat.js';
import { convolution } from './conv.js';
import { dropout } from './dropout.js';
import { eltwise } from './eltwise.js';
import { flatten } from './flatten.js';
import { innerProduct } from './inner-product.js';
import { input } from './input.js';
import { lrn } from './lrn.js';
import { pooling } from './pooling.js';
import { relu } from './relu.js';
import { scale } from './scale.js';
import type { LayerContext, LayerSchema } from './schema.js';
import { layerError } from './schema.js';
import { softmax } from './softmax.js';
import { split } from './split.js';

/** Every supported type's schema, keyed by its Caffe type name. */
export const LAYER_SCHEMAS: { readonly [T in LayerType]: LayerSchema<T> } = {
  Input: input,
  Convolution: convolution,
  InnerProduct: innerProduct,
  ReLU: relu,
  Pooling: pooling,
  LRN: lrn,
  Softmax: softmax,
  Concat: concat,
  Dropout: dropout,
  Eltwise: eltwise,
  BatchNorm: batchNorm,
  Scale: scale,
  Flatten: flatten,
  Split: split,
};

/** Layer types that feed data; readers make their first top a network input. */
export const DATA_LAYER_TYPES: ReadonlySet<string> = new Set([
  'Input', 'Data', 'ImageData', 'MemoryData', 'HDF5Data', 'DummyData', 'WindowData', 'AnnotatedData',
]);

/** Layer types that only matter for training or evaluation; dropped for inference. */
export const TRAINING_ONLY_TYPES: ReadonlySet<string> = new Set([
  'Accuracy', 'SoftmaxWithLoss', 'EuclideanLoss', 'SigmoidCrossEntropyLoss', 'HingeLoss', 'InfogainLoss',
  'MultinomialLogisticLoss', 'ContrastiveLoss', 'Silence', 'HDF5Output',
]);

function isLayerType(type: string): type is LayerType {
  return Object.prototype.hasOwnProperty.call(LAYER_SCHEMAS, type);
}

/** The schema of a type, or undefined when the type is not supported. */
export function findLayerSchema<T extends LayerType>(type: T): LayerSchema<T>;
export function findLayerSchema(type: string): LayerSchema | undefined;
export function findLayerSchema(type: string): LayerSchema | undefined {
  return isLayerType(type) ? (LAYER_SCHEMAS[type]) : undefined;
}

/**
 * The schema of a type; E_UNSUPPORTED naming the layer (from `ctx`) and listing the supported types when there is
 * none.
 */
export function getLayerSchema<T extends LayerType>(type: T, ctx?: LayerContext): LayerSchema<T>;
export function getLayerSchema(type: string, ctx?: LayerContext): LayerSchema;
export function getLayerSchema(type: string, ctx: LayerContext = {}): LayerSchema {
  const s = findLayerSchema(type);
  if (!s) {
    layerError('E_UNSUPPORTED', ctx, `layer type '${type}' is not supported (supported: ${LAYER_TYPES.join(', ')}; data layers ${[...DATA_LAYER_TYPES].filter((t) => t !== 'Input').join(', ')} become inputs)`);
  }
  return s;
}

/** The supported type a V1 `LayerType` enum name (e.g. `CONVOLUTION`) stands for, or undefined. */
export function layerTypeOfV1(v1Type: string): LayerType | undefined {
  return LAYER_TYPES.find((t) => LAYER_SCHEMAS[t].v1Type === v1Type);
}

/**
 * Checks a layer's bottom and top counts against its schema (E_FORMAT naming the layer), e.g. "ReLU needs 1
 * bottom(s), got 2".
 */
export function checkLayerArity(schema: LayerSchema, bottoms: number, tops: number, ctx: LayerContext): void {
  const say = (range: readonly [number, number], what: string): string =>
    range[0] === range[1] ? `${range[0]} ${what}(s)` : range[1] === Infinity ? `at least ${range[0] === 1 ? 'one' : range[0]} ${what}` : `${range[0]} to ${range[1]} ${what}s`;
  const inRange = (n: number, r: readonly [number, number]): boolean => n >= r[0] && n <= r[1];
  if (!inRange(bottoms, schema.bottoms)) layerError('E_FORMAT', ctx, `${schema.type} needs ${say(schema.bottoms, 'bottom')}, got ${bottoms}`);
  if (!inRange(tops, schema.tops)) layerError('E_FORMAT', ctx, `${schema.type} needs ${say(schema.tops, 'top')}, got ${tops}`);
}

/** Internal check that the table and LAYER_TYPES agree (exercised by the tests). */
export function layerTableProblems(): string[] {
  const problems: string[] = [];
  for (const t of LAYER_TYPES) if (LAYER_SCHEMAS[t]?.type !== t) problems.push(`${t}: schema type ${LAYER_SCHEMAS[t]?.type}`);
  for (const t of Object.keys(LAYER_SCHEMAS)) if (!(LAYER_TYPES as readonly string[]).includes(t)) problems.push(`${t}: not in LAYER_TYPES`);
  return problems;
}

