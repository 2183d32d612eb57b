/** ReLU (leaky with `negative_slope`): element-wise, usually in place, no blobs. */
import type { ReluParams } from '../net.js';
import { layerError, num, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const relu: LayerSchema<'ReLU'> = {
  type: 'ReLU',
  v1Type: 'RELU',
  paramField: 'relu_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,
  inPlace: true,

  parse(layer): ReluParams {
    return { negativeSlope: num(subMessage(layer, 'relu_param')?.['negative_slope'], 0) };
  },

  toCaffe(p) {
    return p.negativeSlope !== 0 ? { relu_param: { negative_slope: p.negativeSlope } } : {};
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  validate(p, _inputs, _blobs, ctx) {
    if (!Number.isFinite(p.negativeSlope)) layerError('E_ARGUMENT', ctx, 'negative_slope must be finite');
  },

  blobShapes() {
    return [];
  },
};
