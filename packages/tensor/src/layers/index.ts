export {
  DATA_LAYER_TYPES, LAYER_SCHEMAS, TRAINING_ONLY_TYPES, checkLayerArity, findLayerSchema, getLayerSchema, layerTableProblems,
  layerTypeOfV1,
} from './registry.js';
export { inLayer } from './schema.js';
export type { Arity, CaffeLayerMessage, LayerContext, LayerSchema, PhaseBehaviour } from './schema.js';
