/**
 * Layer list normalisation: legacy V1 `layers` entries upgraded to the V2 `layer` form (enum type -> type name),
 * and Caffe's include/exclude rules applied for a phase.
 */
import { LAYER_SCHEMAS, LAYER_TYPES, SparseCnnError } from '@sparsecnn/tensor';
import { caffe } from './schema.js';
import type { LayerParameter, NetParameter, NetStateRule, V1LayerParameter } from './schema.js';

/** V1 `LayerType` names of the types sparsecnn does not run (data, losses, ...): the V2 names Caffe's upgrade gives. */
const OTHER_V1_TYPE_NAMES: Readonly<Record<string, string>> = {
  NONE: '',
  ABSVAL: 'AbsVal',
  ACCURACY: 'Accuracy',
  ARGMAX: 'ArgMax',
  BNLL: 'BNLL',
  CONTRASTIVE_LOSS: 'ContrastiveLoss',
  DATA: 'Data',
  DECONVOLUTION: 'Deconvolution',
  DUMMY_DATA: 'DummyData',
  EUCLIDEAN_LOSS: 'EuclideanLoss',
  EXP: 'Exp',
  HDF5_DATA: 'HDF5Data',
  HDF5_OUTPUT: 'HDF5Output',
  HINGE_LOSS: 'HingeLoss',
  IM2COL: 'Im2col',
  IMAGE_DATA: 'ImageData',
  INFOGAIN_LOSS: 'InfogainLoss',
  MEMORY_DATA: 'MemoryData',
  MULTINOMIAL_LOGISTIC_LOSS: 'MultinomialLogisticLoss',
  MVN: 'MVN',
  POWER: 'Power',
  SIGMOID: 'Sigmoid',
  SIGMOID_CROSS_ENTROPY_LOSS: 'SigmoidCrossEntropyLoss',
  SILENCE: 'Silence',
  SOFTMAX_LOSS: 'SoftmaxWithLoss',
  SLICE: 'Slice',
  TANH: 'TanH',
  WINDOW_DATA: 'WindowData',
  THRESHOLD: 'Threshold',
};

/**
 * V1LayerParameter.LayerType name -> the V2 type string Caffe's upgrade produces: the supported types from the layer
 * table (each schema's `v1Type`), the others from the list above.
 */
export const V1_TYPE_NAMES: Readonly<Record<string, string>> = {
  ...OTHER_V1_TYPE_NAMES,
  ...Object.fromEntries(LAYER_TYPES.flatMap((t) => (LAYER_SCHEMAS[t].v1Type ? [[LAYER_SCHEMAS[t].v1Type, t]] : []))),
};

/** The V2 type name of a V1 layer type (enum number). */
export function v1TypeName(type: number | null | undefined): string {
  const enumName = caffe.V1LayerParameter.LayerType[type ?? 0];
  if (enumName === undefined) return `V1_TYPE_${type}`;
  return V1_TYPE_NAMES[enumName] ?? enumName;
}

const V1_PARAM_FIELDS = [
  'accuracy_param', 'concat_param', 'convolution_param', 'data_param', 'dropout_param', 'eltwise_param',
  'image_data_param', 'inner_product_param', 'lrn_param', 'pooling_param', 'relu_param', 'softmax_param',
  'transform_param', 'loss_param',
] as const;

/** Upgrades one V1 layer to the V2 form (the fields sparsecnn uses). */
export function upgradeV1Layer(v1: V1LayerParameter): LayerParameter {
  const out: Record<string, unknown> = {
    name: v1.name ?? '',
    type: v1TypeName(v1.type),
    bottom: [...(v1.bottom ?? [])],
    top: [...(v1.top ?? [])],
    blobs: v1.blobs ?? [],
    include: v1.include ?? [],
    exclude: v1.exclude ?? [],
  };
  if (v1.loss_weight?.length) out['loss_weight'] = v1.loss_weight;
  for (const f of V1_PARAM_FIELDS) {
    const v = (v1 as Record<string, unknown>)[f];
    if (v !== null && v !== undefined && Object.prototype.hasOwnProperty.call(v1, f)) out[f] = v;
  }
  return out;
}

/** Every layer of a net in V2 form: `layer` entries, or the upgraded `layers` (V1) when there are no V2 ones. */
export function allLayers(net: NetParameter, file?: string): LayerParameter[] {
  const v2 = net.layer ?? [];
  const v1 = net.layers ?? [];
  if (v2.length > 0 && v1.length > 0) {
    throw new SparseCnnError('E_FORMAT', 'the net mixes V2 `layer` and legacy V1 `layers` entries', { file });
  }
  return v2.length > 0 ? [...v2] : v1.map(upgradeV1Layer);
}

export type PhaseName = 'TRAIN' | 'TEST';

function ruleMet(rule: NetStateRule, phase: number): boolean {
  // NetState for inference: the given phase, level 0, no stages.
  if (rule.phase !== null && rule.phase !== undefined && hasOwn(rule, 'phase') && rule.phase !== phase) return false;
  if (hasOwn(rule, 'min_level') && (rule.min_level ?? 0) > 0) return false;
  if (hasOwn(rule, 'max_level') && (rule.max_level ?? 0) < 0) return false;
  if ((rule.stage?.length ?? 0) > 0) return false;
  return true;
}

/** Caffe's `StateMeetsRule` filter for phase TEST (default) or TRAIN. */
export function layerIncluded(layer: LayerParameter, phaseName: PhaseName = 'TEST'): boolean {
  const phase = phaseName === 'TEST' ? caffe.Phase.TEST : caffe.Phase.TRAIN;
  const include = layer.include ?? [];
  const exclude = layer.exclude ?? [];
  if (include.length > 0) return include.some((r) => ruleMet(r, phase));
  if (exclude.length > 0) return !exclude.some((r) => ruleMet(r, phase));
  return true;
}

/** The layers active in a phase, in V2 form. */
export function activeLayers(net: NetParameter, phase: PhaseName = 'TEST', file?: string): LayerParameter[] {
  return allLayers(net, file).filter((l) => layerIncluded(l, phase));
}

export function hasOwn(obj: object | null | undefined, key: string): boolean {
  if (obj === null || obj === undefined) return false;
  const v = (obj as Record<string, unknown>)[key];
  return Object.prototype.hasOwnProperty.call(obj, key) && v !== null && v !== undefined;
}
