/** LRN (local response normalisation, ACROSS_CHANNELS / WITHIN_CHANNEL): `lrn_param`, no blobs. */
import type { LrnParams } from '../net.js';
import { isPositiveInt, layerError, num, rank4, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const lrn: LayerSchema<'LRN'> = {
  type: 'LRN',
  v1Type: 'LRN',
  paramField: 'lrn_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,

  parse(layer): LrnParams {
    const p = subMessage(layer, 'lrn_param');
    return {
      localSize: num(p?.['local_size'], 5),
      alpha: num(p?.['alpha'], 1),
      beta: num(p?.['beta'], 0.75),
      k: num(p?.['k'], 1),
      region: num(p?.['norm_region'], 0) === 1 ? 'within' : 'across',
    };
  },

  toCaffe(p) {
    return { lrn_param: { local_size: p.localSize, alpha: p.alpha, beta: p.beta, k: p.k, norm_region: p.region === 'within' ? 1 : 0 } };
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  validate(p, inputs, _blobs, ctx) {
    rank4('LRN', inputs, ctx);
    if (!isPositiveInt(p.localSize) || p.localSize % 2 !== 1) layerError('E_ARGUMENT', ctx, `LRN local_size must be a positive odd integer, got ${p.localSize}`);
    if (p.region !== 'across' && p.region !== 'within') layerError('E_UNSUPPORTED', ctx, `LRN region '${String(p.region)}' is not supported`);
  },

  blobShapes() {
    return [];
  },
};
