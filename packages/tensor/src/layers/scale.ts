/**
 * Scale (Caffe's learned per-channel or scalar multiplier, with an optional bias): `scale_param`. Caffe also
 * allows the factor as a second bottom; that form reads but does not run (E_UNSUPPORTED from `validate`).
 */
import type { ScaleParams } from '../net.js';
import { formatShape } from '../shape.js';
import { axisOf, layerError, num, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const scale: LayerSchema<'Scale'> = {
  type: 'Scale',
  v1Type: null,
  paramField: 'scale_param',
  bottoms: [1, Infinity],
  tops: [1, 1],
  ...PLAIN_LAYER,
  inPlace: true,
  blobNames: ['scale', 'bias'],

  parse(layer): ScaleParams {
    const p = subMessage(layer, 'scale_param');
    return { axis: num(p?.['axis'], 1), numAxes: num(p?.['num_axes'], 1), biasTerm: !!p?.['bias_term'] };
  },

  toCaffe(p) {
    return { scale_param: { axis: p.axis, num_axes: p.numAxes, bias_term: p.biasTerm } };
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  validate(p, inputs, blobs, ctx) {
    if (inputs.length !== 1) layerError('E_UNSUPPORTED', ctx, `Scale with ${inputs.length} bottoms is not supported (only learned scale, one bottom)`);
    const s = inputs[0]!;
    const axis = axisOf(p.axis, s.length, ctx);
    const numAxes = p.numAxes === -1 ? s.length - axis : p.numAxes;
    const perChannel = axis === 1 && numAxes === 1;
    const scalar = numAxes === 0;
    if (!perChannel && !scalar) layerError('E_UNSUPPORTED', ctx, `Scale over axis ${p.axis} with num_axes ${p.numAxes} is not supported (per-channel axis 1, or a scalar)`);
    const want = scalar ? 1 : s[1]!;
    const [sc, b] = blobs;
    if (!sc || sc.data.length !== want) layerError('E_SHAPE', ctx, `Scale needs a scale blob of ${want} values, got ${sc?.data.length ?? 'none'}`);
    if (p.biasTerm && (!b || b.data.length !== want)) layerError('E_SHAPE', ctx, `Scale needs a bias blob of ${want} values, got ${b?.data.length ?? 'none'}`);
    if (s.length < 2 && perChannel) layerError('E_SHAPE', ctx, `Scale needs an [N, C, ...] input, got ${formatShape(s)}`);
  },

  blobShapes(p, bottom, bottomCount, ctx) {
    // With two bottoms the factor is the second bottom: only the bias (if any) is learned.
    if (bottomCount > 1) return p.biasTerm ? [[-1]] : [];
    let shape: number[] = [-1];
    if (bottom) {
      const a = axisOf(p.axis, bottom.length, ctx);
      shape = p.numAxes === -1 ? bottom.slice(a) : bottom.slice(a, a + p.numAxes);
    }
    return p.biasTerm ? [shape, shape] : [shape];
  },
};
