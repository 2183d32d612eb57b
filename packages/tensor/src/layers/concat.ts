/** Concat along one axis (`concat_param.axis`, or the legacy `concat_dim`): no blobs. */
import type { ConcatParams } from '../net.js';
import { formatShape } from '../shape.js';
import { axisOf, bottomName, field, hasField, layerError, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const concat: LayerSchema<'Concat'> = {
  type: 'Concat',
  v1Type: 'CONCAT',
  paramField: 'concat_param',
  bottoms: [1, Infinity],
  tops: [1, 1],
  ...PLAIN_LAYER,

  parse(layer): ConcatParams {
    const p = subMessage(layer, 'concat_param');
    const axis = hasField(p, 'axis') ? (field(p, 'axis') as number) : hasField(p, 'concat_dim') ? (field(p, 'concat_dim') as number) : 1;
    return { axis };
  },

  toCaffe(p) {
    return { concat_param: { axis: p.axis } };
  },

  outputShapes(p, inputs, _tops, ctx) {
    const s0 = inputs[0] ?? [];
    const axis = axisOf(p.axis, s0.length, ctx);
    let total = 0;
    for (const [i, s] of inputs.entries()) {
      if (s.length !== s0.length || s.some((d, j) => j !== axis && d !== s0[j])) {
        layerError('E_SHAPE', ctx, `Concat ${bottomName(ctx, i)} ${formatShape(s)} does not match ${formatShape(s0)} outside axis ${axis}`);
      }
      total += s[axis]!;
    }
    const out = [...s0];
    out[axis] = total;
    return [out];
  },

  blobShapes() {
    return [];
  },
};
