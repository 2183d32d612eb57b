/** Flatten axes [axis, end_axis] into one: a view at inference, no blobs. */
import type { FlattenParams } from '../net.js';
import { axisOf, layerError, num, product, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const flatten: LayerSchema<'Flatten'> = {
  type: 'Flatten',
  v1Type: 'FLATTEN',
  paramField: 'flatten_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,
  view: true,

  parse(layer): FlattenParams {
    const p = subMessage(layer, 'flatten_param');
    return { axis: num(p?.['axis'], 1), endAxis: num(p?.['end_axis'], -1) };
  },

  toCaffe(p) {
    return { flatten_param: { axis: p.axis, end_axis: p.endAxis } };
  },

  outputShapes(p, inputs, _tops, ctx) {
    const s = inputs[0] ?? [];
    const a = axisOf(p.axis, s.length, ctx);
    const e = axisOf(p.endAxis, s.length, ctx);
    if (e < a) layerError('E_ARGUMENT', ctx, `Flatten end_axis ${p.endAxis} is before axis ${p.axis}`);
    return [[...s.slice(0, a), product(s.slice(a, e + 1)), ...s.slice(e + 1)]];
  },

  blobShapes() {
    return [];
  },
};
