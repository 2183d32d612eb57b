/** Softmax over one axis: `softmax_param`, no blobs. */
import type { SoftmaxParams } from '../net.js';
import { axisOf, num, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const softmax: LayerSchema<'Softmax'> = {
  type: 'Softmax',
  v1Type: 'SOFTMAX',
  paramField: 'softmax_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,

  parse(layer): SoftmaxParams {
    return { axis: num(subMessage(layer, 'softmax_param')?.['axis'], 1) };
  },

  toCaffe(p) {
    return { softmax_param: { axis: p.axis } };
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  validate(p, inputs, _blobs, ctx) {
    axisOf(p.axis, (inputs[0] ?? []).length, ctx);
  },

  blobShapes() {
    return [];
  },
};
