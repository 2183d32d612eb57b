/** Eltwise (PROD / SUM with optional coefficients / MAX) over bottoms of one shape: `eltwise_param`, no blobs. */
import type { EltwiseParams } from '../net.js';
import { formatShape } from '../shape.js';
import { bottomName, layerError, num, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

/** caffe.EltwiseParameter.EltwiseOp */
const PROD = 0;
const SUM = 1;
const MAX = 2;

export const eltwise: LayerSchema<'Eltwise'> = {
  type: 'Eltwise',
  v1Type: 'ELTWISE',
  paramField: 'eltwise_param',
  bottoms: [1, Infinity],
  tops: [1, 1],
  ...PLAIN_LAYER,

  parse(layer): EltwiseParams {
    const p = subMessage(layer, 'eltwise_param');
    const op = num(p?.['operation'], SUM);
    const coeff = p?.['coeff'];
    return { operation: op === PROD ? 'prod' : op === MAX ? 'max' : 'sum', coeffs: Array.isArray(coeff) ? [...(coeff as number[])] : [] };
  },

  toCaffe(p) {
    return { eltwise_param: { operation: p.operation === 'prod' ? PROD : p.operation === 'max' ? MAX : SUM, coeff: [...p.coeffs] } };
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  validate(p, inputs, _blobs, ctx) {
    if (p.operation !== 'sum' && p.operation !== 'prod' && p.operation !== 'max') {
      layerError('E_UNSUPPORTED', ctx, `Eltwise operation '${String(p.operation)}' is not supported`);
    }
    const s0 = inputs[0] ?? [];
    for (const [i, s] of inputs.entries()) {
      if (s.length !== s0.length || s.some((d, j) => d !== s0[j])) {
        layerError('E_SHAPE', ctx, `Eltwise ${bottomName(ctx, i)} ${formatShape(s)} differs from ${formatShape(s0)}`);
      }
    }
    const coeffs = p.coeffs ?? [];
    if (coeffs.length > 0 && (p.operation !== 'sum' || coeffs.length !== inputs.length)) {
      layerError('E_ARGUMENT', ctx, `Eltwise coeff needs operation SUM and one value per bottom (${inputs.length}), got ${coeffs.length}`);
    }
  },

  blobShapes() {
    return [];
  },
};
