import { describe, expect, it } from 'vitest';
import { isSparseCnnError } from '../errors.js';
import { LAYER_TYPES, type LayerType } from '../net.js';
import { Rng } from '../random.js';
import { convOutputSize, poolOutputSize } from '../geometry.js';
import {
  DATA_LAYER_TYPES, LAYER_SCHEMAS, TRAINING_ONLY_TYPES, checkLayerArity, findLayerSchema, getLayerSchema, layerTableProblems,
  layerTypeOfV1,
} from './index.js';

function caught(f: () => unknown): { code?: string; context?: Record<string, unknown>; message?: string } {
  try {
    f();
  } catch (e) {
    expect(isSparseCnnError(e), String(e)).toBe(true);
    return e as { code: string; context: Record<string, unknown>; message: string };
  }
  throw new Error('expected a throw');
}

describe('layer table', () => {
  it('has one schema for every supported type, and the table agrees with LAYER_TYPES', () => {
    expect(layerTableProblems()).toEqual([]);
    for (const t of LAYER_TYPES) {
      const s = getLayerSchema(t);
      expect(s.type).toBe(t);
      expect(findLayerSchema(t)).toBe(s);
      expect(s.bottoms[0]).toBeLessThanOrEqual(s.bottoms[1]);
      expect(s.tops[0]).toBeLessThanOrEqual(s.tops[1]);
      expect(s.weighted ? s.blobNames.length > 0 : true).toBe(true);
      if (s.v1Type !== null) expect(layerTypeOfV1(s.v1Type)).toBe(t);
      expect(DATA_LAYER_TYPES.has(t) && t !== 'Input').toBe(false);
      expect(TRAINING_ONLY_TYPES.has(t)).toBe(false);
    }
  });

  it('an unknown type is E_UNSUPPORTED naming the layer and listing the supported types', () => {
    for (const type of ['Deconvolution', 'ConvolutionTanh', '', 'constructor', '__proto__', 'toString']) {
      expect(findLayerSchema(type)).toBeUndefined();
      const e = caught(() => getLayerSchema(type, { file: 'f.prototxt', layer: 'odd' }));
      expect(e.code).toBe('E_UNSUPPORTED');
      expect(e.context).toEqual({ file: 'f.prototxt', layer: 'odd' });
      expect(e.message).toContain(`'${type}'`);
      for (const t of LAYER_TYPES) expect(e.message).toContain(t);
    }
  });

  it('bottom and top counts: E_FORMAT naming the layer', () => {
    expect(() => checkLayerArity(LAYER_SCHEMAS.ReLU, 1, 1, { layer: 'r' })).not.toThrow();
    expect(caught(() => checkLayerArity(LAYER_SCHEMAS.ReLU, 2, 1, { layer: 'r' }))).toMatchObject({ code: 'E_FORMAT', context: { layer: 'r' } });
    expect(caught(() => checkLayerArity(LAYER_SCHEMAS.Concat, 0, 1, { layer: 'c' }))).toMatchObject({ code: 'E_FORMAT' });
    expect(() => checkLayerArity(LAYER_SCHEMAS.Concat, 5, 1, { layer: 'c' })).not.toThrow();
    expect(() => checkLayerArity(LAYER_SCHEMAS.Split, 1, 4, { layer: 's' })).not.toThrow();
    expect(caught(() => checkLayerArity(LAYER_SCHEMAS.Split, 1, 0, { layer: 's' }))).toMatchObject({ code: 'E_FORMAT' });
  });

  it('parses Caffe messages with Caffe defaults and writes them back (round trip)', () => {
    const msgs: Partial<Record<LayerType, object>> = {
      Convolution: { convolution_param: { num_output: 8, kernel_size: [3], stride: [2], pad: [1], group: 2 } },
      InnerProduct: { inner_product_param: { num_output: 10, transpose: true, axis: 2 } },
      ReLU: { relu_param: { negative_slope: 0.1 } },
      Pooling: { pooling_param: { pool: 1, kernel_h: 3, kernel_w: 2, stride: 2, pad_h: 1, pad_w: 0 } },
      LRN: { lrn_param: { local_size: 3, alpha: 2, beta: 0.5, k: 2, norm_region: 1 } },
      Softmax: { softmax_param: { axis: -1 } },
      Concat: { concat_param: { concat_dim: 2 } },
      Dropout: { dropout_param: { dropout_ratio: 0.3 } },
      Eltwise: { eltwise_param: { operation: 1, coeff: [1, -1] } },
      BatchNorm: { batch_norm_param: { eps: 1e-3, use_global_stats: false } },
      Scale: { scale_param: { axis: 1, num_axes: 1, bias_term: true } },
      Flatten: { flatten_param: { axis: 2, end_axis: 3 } },
      Split: {},
    };
    for (const [type, msg] of Object.entries(msgs) as Array<[LayerType, object]>) {
      const s = getLayerSchema(type);
      const p = s.parse(msg, { layer: type });
      const again = s.parse(s.toCaffe(p), { layer: type });
      expect(again, type).toEqual(p);
    }
    expect(LAYER_SCHEMAS.Convolution.parse({ convolution_param: { num_output: 4, kernel_size: [5] } }, {})).toEqual({
      numOutput: 4, kernel: [5, 5], stride: [1, 1], pad: [0, 0], dilation: [1, 1], group: 1, biasTerm: true,
    });
    expect(LAYER_SCHEMAS.Pooling.parse({ pooling_param: { kernel_size: 2 } }, {})).toEqual({ pool: 'max', kernel: [2, 2], stride: [1, 1], pad: [0, 0], global: false });
    expect(LAYER_SCHEMAS.Concat.parse({}, {})).toEqual({ axis: 1 });
    expect(LAYER_SCHEMAS.LRN.parse({}, {})).toEqual({ localSize: 5, alpha: 1, beta: 0.75, k: 1, region: 'across' });
  });

  it('bad parameters are typed errors naming the file and the layer', () => {
    const ctx = { file: 'n.prototxt', layer: 'x' };
    const cases: Array<[LayerType, object, string]> = [
      ['Convolution', {}, 'E_FORMAT'],
      ['Convolution', { convolution_param: { num_output: 3, group: 2, kernel_size: [3] } }, 'E_FORMAT'],
      ['Convolution', { convolution_param: { num_output: 2, kernel_size: [3, 3, 3] } }, 'E_UNSUPPORTED'],
      ['Convolution', { convolution_param: { num_output: 2, kernel_h: 3 } }, 'E_FORMAT'],
      ['InnerProduct', { inner_product_param: { num_output: 0 } }, 'E_FORMAT'],
      ['Pooling', { pooling_param: { pool: 2, kernel_size: 2 } }, 'E_UNSUPPORTED'],
      ['Pooling', { pooling_param: { pool: 7, kernel_size: 2 } }, 'E_FORMAT'],
      ['Pooling', { pooling_param: { round_mode: 1, kernel_size: 2 } }, 'E_UNSUPPORTED'],
      ['Pooling', { pooling_param: {} }, 'E_FORMAT'],
    ];
    for (const [type, msg, code] of cases) {
      expect(caught(() => getLayerSchema(type).parse(msg, ctx)), `${type} ${JSON.stringify(msg)}`).toMatchObject({ code, context: ctx });
    }
  });

  it('output shapes follow Caffe (conv floor, pool ceil with the clipped last window) on random geometry', () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const int = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
    for (let i = 0; i < 500; i++) {
      const [n, c, h, w] = [int(1, 3), int(1, 8), int(1, 40), int(1, 40)];
      const k = int(1, 7);
      const s = int(1, 4);
      const pad = int(0, k - 1);
      const conv = { numOutput: int(1, 9), kernel: [k, k] as const, stride: [s, s] as const, pad: [pad, pad] as const, dilation: [1, 1] as const, group: 1, biasTerm: true };
      if (h + 2 * pad >= k && w + 2 * pad >= k) {
        // float64 reference: floor((in + 2p - k) / s) + 1
        const want = [n, conv.numOutput, Math.floor((h + 2 * pad - k) / s) + 1, Math.floor((w + 2 * pad - k) / s) + 1];
        expect(LAYER_SCHEMAS.Convolution.outputShapes(conv, [[n, c, h, w]], 1, {}), `seed ${seed}`).toEqual([want]);
        expect(want[2]).toBe(convOutputSize(h, k, s, pad));
        const pool = { pool: 'max' as const, kernel: [k, k] as const, stride: [s, s] as const, pad: [pad, pad] as const, global: false };
        let oh = Math.ceil((h + 2 * pad - k) / s) + 1;
        if (pad > 0 && (oh - 1) * s >= h + pad) oh--;
        let ow = Math.ceil((w + 2 * pad - k) / s) + 1;
        if (pad > 0 && (ow - 1) * s >= w + pad) ow--;
        expect(LAYER_SCHEMAS.Pooling.outputShapes(pool, [[n, c, h, w]], 1, {}), `seed ${seed}`).toEqual([[n, c, oh, ow]]);
        expect(oh).toBe(poolOutputSize(h, k, s, pad));
      } else {
        expect(caught(() => LAYER_SCHEMAS.Convolution.outputShapes(conv, [[n, c, h, w]], 1, { layer: 'c' }))).toMatchObject({ code: 'E_SHAPE', context: { layer: 'c' } });
      }
    }
    expect(LAYER_SCHEMAS.Pooling.outputShapes({ pool: 'ave', kernel: [0, 0], stride: [1, 1], pad: [0, 0], global: true }, [[2, 5, 13, 9]], 1, {})).toEqual([[2, 5, 1, 1]]);
    expect(LAYER_SCHEMAS.Pooling.resolve!({ pool: 'ave', kernel: [0, 0], stride: [1, 1], pad: [0, 0], global: true }, [[2, 5, 13, 9]]).kernel).toEqual([13, 9]);
    expect(LAYER_SCHEMAS.InnerProduct.outputShapes({ numOutput: 7, biasTerm: true, transpose: false, axis: 1 }, [[4, 3, 5, 5]], 1, {})).toEqual([[4, 7]]);
    expect(LAYER_SCHEMAS.InnerProduct.blobShapes({ numOutput: 7, biasTerm: true, transpose: true, axis: 1 }, [4, 3, 5, 5], 1, {})).toEqual([[75, 7], [7]]);
    expect(LAYER_SCHEMAS.Convolution.blobShapes({ numOutput: 8, kernel: [3, 2], stride: [1, 1], pad: [0, 0], dilation: [1, 1], group: 2, biasTerm: false }, undefined, 1, {})).toEqual([[8, -1, 3, 2]]);
    expect(LAYER_SCHEMAS.Concat.outputShapes({ axis: 1 }, [[2, 3, 4, 4], [2, 5, 4, 4]], 1, {})).toEqual([[2, 8, 4, 4]]);
    expect(LAYER_SCHEMAS.Flatten.outputShapes({ axis: 1, endAxis: -1 }, [[2, 3, 4, 5]], 1, {})).toEqual([[2, 60]]);
    expect(LAYER_SCHEMAS.Split.outputShapes({}, [[2, 3]], 3, {})).toEqual([[2, 3], [2, 3], [2, 3]]);
    expect(LAYER_SCHEMAS.BatchNorm.blobShapes({ eps: 1e-5, useGlobalStats: true }, [1, 6, 2, 2], 1, {})).toEqual([[6], [6], [1]]);
  });

  it('shape errors name the layer (bottom names where a message needs one)', () => {
    const ctx = { layer: 'cat', bottoms: ['a', 'b'] };
    const e = caught(() => LAYER_SCHEMAS.Concat.outputShapes({ axis: 1 }, [[2, 3, 4, 4], [2, 5, 4, 3]], 1, ctx));
    expect(e).toMatchObject({ code: 'E_SHAPE', context: { layer: 'cat' } });
    expect(e.message).toContain("'b'");
    expect(caught(() => LAYER_SCHEMAS.Pooling.outputShapes({ pool: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false }, [[2, 3]], 1, { layer: 'p' }))).toMatchObject({ code: 'E_SHAPE', context: { layer: 'p' } });
    expect(caught(() => LAYER_SCHEMAS.Pooling.outputShapes({ pool: 'max', kernel: [2, 2], stride: [2 ** 31, 2 ** 31], pad: [0, 0], global: false }, [[1, 1, 8, 8]], 1, { layer: 'p' }))).toMatchObject({ code: 'E_OVERFLOW', context: { layer: 'p' } });
    expect(caught(() => LAYER_SCHEMAS.Convolution.outputShapes({ numOutput: 6, kernel: [1, 1], stride: [1, 1], pad: [0, 0], dilation: [1, 1], group: 4, biasTerm: true }, [[1, 8, 4, 4]], 1, { layer: 'g' }))).toMatchObject({ code: 'E_SHAPE', context: { layer: 'g' } });
    expect(caught(() => LAYER_SCHEMAS.LRN.validate!({ localSize: 4, alpha: 1, beta: 0.75, k: 1, region: 'across' }, [[1, 3, 4, 4]], [], { layer: 'n' }))).toMatchObject({ code: 'E_ARGUMENT', context: { layer: 'n' } });
    expect(caught(() => LAYER_SCHEMAS.BatchNorm.validate!({ eps: 1e-5, useGlobalStats: true }, [[1, 3, 4, 4]], [], { layer: 'bn' }))).toMatchObject({ code: 'E_SHAPE', context: { layer: 'bn' } });
  });
});
