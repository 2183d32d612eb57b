/**
 * BatchNorm (inference with the stored statistics): `batch_norm_param`; blobs mean [C], variance [C] and Caffe's
 * moving-average scale factor [1], divided out when the model is read (`normalizeBlobs`).
 */
import type { BatchNormParams } from '../net.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { field, hasField, layerError, num, sameShape, subMessage, type LayerSchema, PLAIN_LAYER } from './schema.js';

export const batchNorm: LayerSchema<'BatchNorm'> = {
  type: 'BatchNorm',
  v1Type: null,
  paramField: 'batch_norm_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,
  inPlace: true,
  blobNames: ['mean', 'variance', 'scale factor'],

  parse(layer): BatchNormParams {
    const p = subMessage(layer, 'batch_norm_param');
    return { eps: num(p?.['eps'], 1e-5), useGlobalStats: hasField(p, 'use_global_stats') ? !!field(p, 'use_global_stats') : true };
  },

  toCaffe(p) {
    return { batch_norm_param: { eps: p.eps, use_global_stats: p.useGlobalStats } };
  },

  outputShapes(_p, inputs, tops) {
    return sameShape(inputs, tops);
  },

  validate(_p, inputs, blobs, ctx) {
    const s = inputs[0] ?? [];
    if (s.length < 2) layerError('E_SHAPE', ctx, `BatchNorm needs an [N, C, ...] input, got ${formatShape(s)}`);
    const c = s[1]!;
    const [mean, variance, factor] = blobs;
    if (!mean || !variance || mean.data.length !== c || variance.data.length !== c) {
      layerError('E_SHAPE', ctx, `BatchNorm needs mean and variance blobs of ${c} values, got ${mean?.data.length ?? 'none'} and ${variance?.data.length ?? 'none'}`);
    }
    if (factor && factor.data.length !== 1) layerError('E_SHAPE', ctx, `BatchNorm scale-factor blob must hold 1 value, got ${factor.data.length}`);
  },

  blobShapes(_p, bottom) {
    const c = bottom && bottom.length >= 2 ? bottom[1]! : -1;
    return [[c], [c], [1]];
  },

  normalizeBlobs(blobs: Tensor[]): Tensor[] {
    // The third blob is a moving-average scale factor: divide it out (0 means "all zero") and store 1.
    const [mean, variance, factor] = blobs;
    if (!mean || !variance) return blobs;
    const f = factor?.data[0] ?? 1;
    const s = f === 0 ? 0 : 1 / f;
    const m = new Float32Array(mean.data.length);
    const v = new Float32Array(variance.data.length);
    for (let i = 0; i < m.length; i++) m[i] = mean.data[i]! * s;
    for (let i = 0; i < v.length; i++) v[i] = variance.data[i]! * s;
    return [
      { dtype: 'float32', shape: [...mean.shape], data: m },
      { dtype: 'float32', shape: [...variance.shape], data: v },
      { dtype: 'float32', shape: factor ? [...factor.shape] : [1], data: new Float32Array([1]) },
    ];
  },
};
