/**
 * Input: declares network inputs (`input_param.shape`, one per top). Readers turn it into `NetDescription.inputs`;
 * a LayerDescription of type Input (a network built in code) carries the first top's shape.
 */
import type { InputParams } from '../net.js';
import { field, layerError, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

function dims(shape: unknown): number[] {
  const d = field(shape as object, 'dim');
  return Array.isArray(d) ? d.map((x) => (typeof x === 'number' ? x : Number((x as { toNumber?: () => number }).toNumber?.() ?? x))) : [];
}

export const input: LayerSchema<'Input'> = {
  type: 'Input',
  v1Type: null,
  paramField: 'input_param',
  bottoms: [0, 0],
  tops: [1, Infinity],
  ...PLAIN_LAYER,

  parse(layer, ctx): InputParams {
    const shapes = subMessage(layer, 'input_param')?.['shape'];
    const first = Array.isArray(shapes) ? shapes[0] : undefined;
    if (first === undefined) layerError('E_FORMAT', ctx, 'Input layer has no input_param.shape');
    return { shape: dims(first) };
  },

  toCaffe(p) {
    return { input_param: { shape: [{ dim: [...p.shape] }] } };
  },

  outputShapes(p, _inputs, tops) {
    return Array.from({ length: Math.max(1, tops) }, () => [...p.shape]);
  },

  blobShapes() {
    return [];
  },
};
