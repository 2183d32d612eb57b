/** Split: one bottom copied to several tops (views at inference; gradients summed at TRAIN). No parameters. */
import type { EmptyParams } from '../net.js';
import { sameShape, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const split: LayerSchema<'Split'> = {
  type: 'Split',
  v1Type: 'SPLIT',
  paramField: null,
  bottoms: [1, 1],
  tops: [1, Infinity],
  ...PLAIN_LAYER,
  view: true,

  parse(): EmptyParams {
    return {};
  },

  toCaffe() {
    return {};
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  blobShapes() {
    return [];
  },
};
