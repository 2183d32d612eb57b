/** Split: one bottom copied to several tops (views at inference; gradients summed at TRAIN). No parameters. */
import type { EmptyParams } from '../net.js';
import { sameShape, type LayerSchema } from './schema.js';

export const split: LayerSchema<'Split'> = {
  type: 'Split',
  v1Type: 'SPLIT',
  paramField: null,
  bottoms: [1, 1],
  tops: [1, Infinity],
  inPlace: false,
  phases: { TRAIN: 'compute', TEST: 'compute' },
  view: true,
  blobNames: [],
  weighted: false,

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
