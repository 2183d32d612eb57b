/** Convolution: `convolution_param`, weights [numOutput, inChannels / group, kh, kw] and an optional bias. */
import { convOutputSize, type Pair } from '../geometry.js';
import type { ConvolutionParams } from '../net.js';
import {
  hasField, inLayer, isPositiveInt, layerError, num, optional, rank4, repeated, subMessage, type LayerContext,
  type LayerSchema, PLAIN_LAYER } from './schema.js';

/** Caffe's (h, w) from `x_h`/`x_w`, else the repeated `x` (1 or 2 entries), else the default. */
function pairParam(p: object | undefined, key: string, fallback: number | undefined, ctx: LayerContext, hw = key): Pair {
  const h = optional(p, `${hw}_h`);
  const w = optional(p, `${hw}_w`);
  if (h !== undefined || w !== undefined) {
    if (h === undefined || w === undefined) layerError('E_FORMAT', ctx, `Convolution: ${key}_h and ${key}_w must be given together`);
    return [h, w];
  }
  const list = repeated(p, key);
  if (list.length === 1) return [list[0]!, list[0]!];
  if (list.length === 2) return [list[0]!, list[1]!];
  if (list.length > 2) layerError('E_UNSUPPORTED', ctx, `Convolution: ${list.length}-D ${key} is not supported (2-D only)`);
  if (fallback === undefined) layerError('E_FORMAT', ctx, `Convolution: ${key} is not specified`);
  return [fallback, fallback];
}

/** A pair written as Caffe's repeated field when square, else as the `_h`/`_w` fields. */
function pairOut(p: Pair, key: string, hw = key): Record<string, unknown> {
  return p[0] === p[1] ? { [key]: [p[0]] } : { [`${hw}_h`]: p[0], [`${hw}_w`]: p[1] };
}

export const convolution: LayerSchema<'Convolution'> = {
  type: 'Convolution',
  v1Type: 'CONVOLUTION',
  paramField: 'convolution_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,
  blobNames: ['weights', 'bias'],
  weighted: true,

  parse(layer, ctx): ConvolutionParams {
    const p = subMessage(layer, 'convolution_param');
    if (!p || !hasField(p, 'num_output')) layerError('E_FORMAT', ctx, 'Convolution needs convolution_param.num_output');
    if (num(p['axis'], 1) !== 1) layerError('E_UNSUPPORTED', ctx, `Convolution axis ${String(p['axis'])} is not supported (1 only)`);
    const group = num(p['group'], 1);
    const numOutput = p['num_output'] as number;
    if (numOutput < 1 || group < 1 || numOutput % group !== 0) {
      layerError('E_FORMAT', ctx, `Convolution num_output ${numOutput} must be a positive multiple of group ${group}`);
    }
    const kernel = pairParam(p, 'kernel_size', undefined, ctx, 'kernel');
    const stride = pairParam(p, 'stride', 1, ctx);
    const pad = pairParam(p, 'pad', 0, ctx);
    const dil = repeated(p, 'dilation');
    if (dil.length > 2) layerError('E_UNSUPPORTED', ctx, 'Convolution: only 2-D dilation is supported');
    const dilation: Pair = dil.length === 0 ? [1, 1] : [dil[0]!, dil[1] ?? dil[0]!];
    if ([...kernel, ...stride, ...dilation].some((v) => v < 1)) layerError('E_FORMAT', ctx, 'Convolution kernel, stride and dilation must be >= 1');
    return { numOutput, kernel, stride, pad, dilation, group, biasTerm: (p['bias_term'] as boolean | null | undefined) ?? true };
  },

  toCaffe(p) {
    return {
      convolution_param: {
        num_output: p.numOutput, bias_term: p.biasTerm, group: p.group,
        ...pairOut(p.kernel, 'kernel_size', 'kernel'),
        ...pairOut(p.stride, 'stride'),
        ...pairOut(p.pad, 'pad'),
        ...(p.dilation[0] !== 1 || p.dilation[1] !== 1 ? { dilation: [...p.dilation] } : {}),
      },
    };
  },

  outputShapes(p, inputs, _tops, ctx) {
    const [n, c, h, w] = rank4('Convolution', inputs, ctx);
    if (!isPositiveInt(p.numOutput)) layerError('E_ARGUMENT', ctx, `num_output must be a positive integer, got ${p.numOutput}`);
    if (!isPositiveInt(p.group)) layerError('E_ARGUMENT', ctx, `group must be a positive integer, got ${p.group}`);
    if (c % p.group !== 0 || p.numOutput % p.group !== 0) {
      layerError('E_SHAPE', ctx, `group ${p.group} must divide the input channels ${c} and num_output ${p.numOutput}`);
    }
    const oh = inLayer(ctx, () => convOutputSize(h, p.kernel[0], p.stride[0], p.pad[0], p.dilation[0]));
    const ow = inLayer(ctx, () => convOutputSize(w, p.kernel[1], p.stride[1], p.pad[1], p.dilation[1]));
    return [[n, p.numOutput, oh, ow]];
  },

  blobShapes(p, bottom) {
    const cin = bottom && bottom.length === 4 ? bottom[1]! / p.group : -1;
    const w = [p.numOutput, cin, p.kernel[0], p.kernel[1]];
    return p.biasTerm ? [w, [p.numOutput]] : [w];
  },
};
