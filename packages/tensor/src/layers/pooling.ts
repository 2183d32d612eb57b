/** Pooling (MAX / AVE, Caffe's ceil rounding, global pooling): `pooling_param`, no blobs. */
import { poolOutputSize, type Pair } from '../geometry.js';
import type { PoolingParams } from '../net.js';
import { inLayer, layerError, num, optional, rank4, subMessage, type LayerContext, type LayerSchema, PLAIN_LAYER } from './schema.js';

/** caffe.PoolingParameter.PoolMethod */
const MAX = 0;
const AVE = 1;
const STOCHASTIC = 2;
/** caffe.PoolingParameter.RoundMode.CEIL */
const CEIL = 0;

/** Pooling's scalar kernel_size / stride / pad (not repeated) with _h/_w overrides. */
function poolPair(p: object | undefined, key: string, fallback: number | undefined, ctx: LayerContext, hw = key): Pair {
  const h = optional(p, `${hw}_h`);
  const w = optional(p, `${hw}_w`);
  if (h !== undefined || w !== undefined) {
    if (h === undefined || w === undefined) layerError('E_FORMAT', ctx, `Pooling: ${key}_h and ${key}_w must be given together`);
    return [h, w];
  }
  const v = optional(p, key);
  if (v !== undefined) return [v, v];
  if (fallback === undefined) layerError('E_FORMAT', ctx, `Pooling: ${key} is not specified`);
  return [fallback, fallback];
}

function isPair(p: unknown, min: number): boolean {
  return Array.isArray(p) && p.length === 2 && p.every((v) => Number.isSafeInteger(v) && v >= min);
}

export const pooling: LayerSchema<'Pooling'> = {
  type: 'Pooling',
  v1Type: 'POOLING',
  paramField: 'pooling_param',
  bottoms: [1, 1],
  tops: [1, 1],
  ...PLAIN_LAYER,

  parse(layer, ctx): PoolingParams {
    const p = subMessage(layer, 'pooling_param');
    const method = num(p?.['pool'], MAX);
    if (method !== MAX && method !== AVE && method !== STOCHASTIC) layerError('E_FORMAT', ctx, `unknown pooling method ${method}`);
    if (method === STOCHASTIC) layerError('E_UNSUPPORTED', ctx, 'STOCHASTIC pooling is not supported');
    if (num(p?.['round_mode'], CEIL) !== CEIL) {
      layerError('E_UNSUPPORTED', ctx, 'Pooling round_mode FLOOR is not supported (Caffe default CEIL only)');
    }
    const global = !!p?.['global_pooling'];
    // Global pooling's kernel is the input size, filled in by `resolve` once shapes are known ([0, 0] until then).
    const kernel = global ? ([0, 0] as Pair) : poolPair(p, 'kernel_size', undefined, ctx, 'kernel');
    const stride = global ? ([1, 1] as Pair) : poolPair(p, 'stride', 1, ctx);
    const pad = poolPair(p, 'pad', 0, ctx);
    if (!global && (kernel[0] < 1 || kernel[1] < 1 || stride[0] < 1 || stride[1] < 1)) {
      layerError('E_FORMAT', ctx, 'Pooling kernel and stride must be >= 1');
    }
    return { pool: method === AVE ? 'ave' : 'max', kernel, stride, pad, global };
  },

  toCaffe(p) {
    return {
      pooling_param: {
        pool: p.pool === 'ave' ? AVE : MAX,
        ...(p.global
          ? { global_pooling: true }
          : {
              ...(p.kernel[0] === p.kernel[1] ? { kernel_size: p.kernel[0] } : { kernel_h: p.kernel[0], kernel_w: p.kernel[1] }),
              ...(p.stride[0] === p.stride[1] ? { stride: p.stride[0] } : { stride_h: p.stride[0], stride_w: p.stride[1] }),
            }),
        ...(p.pad[0] === p.pad[1] ? { pad: p.pad[0] } : { pad_h: p.pad[0], pad_w: p.pad[1] }),
      },
    };
  },

  resolve(p, inputs) {
    // Global pooling: Caffe sets the kernel to the input's spatial size.
    const s = inputs[0];
    return p.global && s?.length === 4 ? { ...p, kernel: [s[2]!, s[3]!] } : p;
  },

  outputShapes(p, inputs, _tops, ctx) {
    const [n, c, h, w] = rank4('Pooling', inputs, ctx);
    if (p.pool !== 'max' && p.pool !== 'ave') layerError('E_UNSUPPORTED', ctx, `pooling method '${String(p.pool)}' is not supported (MAX, AVE)`);
    if (p.global) return [[n, c, 1, 1]];
    if (!isPair(p.kernel, 1) || !isPair(p.stride, 1) || !isPair(p.pad, 0)) {
      layerError('E_ARGUMENT', ctx, `pooling kernel/stride/pad must be integer pairs, got ${JSON.stringify({ kernel: p.kernel, stride: p.stride, pad: p.pad })}`);
    }
    return inLayer(ctx, () => [[n, c, poolOutputSize(h, p.kernel[0], p.stride[0], p.pad[0]), poolOutputSize(w, p.kernel[1], p.stride[1], p.pad[1])]]);
  },

  blobShapes() {
    return [];
  },
};
