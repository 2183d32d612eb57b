/** Dropout: scales by 1 / (1 - ratio) at TRAIN; at TEST the identity (the runtime makes the top a view). */
import type { DropoutParams } from '../net.js';
import { num, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const dropout: LayerSchema<'Dropout'> = {
  type: 'Dropout',
  v1Type: 'DROPOUT',
  paramField: 'dropout_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,
  inPlace: true,
  phases: { TRAIN: 'compute', TEST: 'identity' },
  view: true,

  parse(layer): DropoutParams {
    return { ratio: num(subMessage(layer, 'dropout_param')?.['dropout_ratio'], 0.5) };
  },

  toCaffe(p) {
    return { dropout_param: { dropout_ratio: p.ratio } };
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  blobShapes() {
    return [];
  },
};
