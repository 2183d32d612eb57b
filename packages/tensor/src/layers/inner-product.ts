/** InnerProduct: `inner_product_param`, weights [numOutput, K] ([K, numOutput] with transpose) and an optional bias. */
import type { InnerProductParams } from '../net.js';
import { axisOf, hasField, isPositiveInt, layerError, num, product, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const innerProduct: LayerSchema<'InnerProduct'> = {
  type: 'InnerProduct',
  v1Type: 'INNER_PRODUCT',
  paramField: 'inner_product_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,
  blobNames: ['weights', 'bias'],
  weighted: true,

  parse(layer, ctx): InnerProductParams {
    const p = subMessage(layer, 'inner_product_param');
    if (!p || !hasField(p, 'num_output') || !((p['num_output'] as number) >= 1)) {
      layerError('E_FORMAT', ctx, 'InnerProduct needs inner_product_param.num_output >= 1');
    }
    return {
      numOutput: p['num_output'] as number,
      biasTerm: (p['bias_term'] as boolean | null | undefined) ?? true,
      transpose: !!p['transpose'],
      axis: num(p['axis'], 1),
    };
  },

  toCaffe(p) {
    return { inner_product_param: { num_output: p.numOutput, bias_term: p.biasTerm, transpose: p.transpose, axis: p.axis } };
  },

  outputShapes(p, inputs, _tops, ctx) {
    const s = inputs[0] ?? [];
    const axis = axisOf(p.axis, s.length, ctx);
    if (!isPositiveInt(p.numOutput)) layerError('E_ARGUMENT', ctx, `num_output must be a positive integer, got ${p.numOutput}`);
    return [[...s.slice(0, axis), p.numOutput]];
  },

  blobShapes(p, bottom, _count, ctx) {
    const k = bottom ? product(bottom.slice(axisOf(p.axis, bottom.length, ctx))) : -1;
    const w = p.transpose ? [k, p.numOutput] : [p.numOutput, k];
    return p.biasTerm ? [w, [p.numOutput]] : [w];
  },
};
