export { caffe, int64ToNumber, messageInfo } from './schema.js';
export type {
  BlobProto, BlobShape, FieldInfo, Int64Like, LayerParameter, MessageInfo, NetParameter, NetStateRule,
  TransformationParameter, V1LayerParameter,
} from './schema.js';
export { parsePrototxt, parseTextProto } from './prototxt.js';
export type { ParseOptions, PrototxtResult } from './prototxt.js';
export { decodeCaffeModel, encodeCaffeModel } from './caffemodel.js';
export type { DecodeOptions } from './caffemodel.js';
export { blobToTensor, decodeBlobProto, tensorToBlob } from './blob.js';
export { activeLayers, allLayers, layerIncluded, upgradeV1Layer, v1TypeName, V1_TYPE_NAMES } from './layers.js';
export type { PhaseName } from './layers.js';
export {
  DATA_LAYER_TYPES, TRAINING_ONLY_TYPES, fromNetDescription, parameterShapes, toNetDescription, weightsFromNetParameter,
} from './convert.js';
export type { ConvertOptions } from './convert.js';
export { decodeDeepCompressionNet, deepCompressionLayers } from './deep-compression.js';
export type { DeepCompressionLayerInfo, DeepCompressionOptions } from './deep-compression.js';
export { detectWeightsFormat, loadCaffeModel, writeFileAtomic } from './io.js';
export type { LoadOptions, WeightsFormat } from './io.js';
export type { ByteSource, PrototxtSource, TextSource } from './source.js';
export {
  DEFAULT_COMPACT_DENSITY_THRESHOLD, compactBlobToTensor, compactLayerBytes, isCompactModel, readCompactModel,
  writeCompactModel,
} from './compact.js';
export type {
  BlobLike as CompactBlobLike, LayerLike as CompactLayerLike, NetLike as CompactNetLike, WriteCompactOptions,
} from './compact.js';
export { FUSED_LAYER_TYPES, expandFusedLayer } from './fused.js';
