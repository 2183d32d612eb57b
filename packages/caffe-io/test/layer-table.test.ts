import { LAYER_SCHEMAS, LAYER_TYPES, getLayerSchema } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { V1_TYPE_NAMES, caffe, fromNetDescription, messageInfo, parsePrototxt, toNetDescription, upgradeV1Layer, v1TypeName } from '../src/index.js';

describe('caffe-io reads layer types through the layer table', () => {
  it('every V1 LayerType enum name has its V2 name; the supported ones come from the schemas', () => {
    const names = Object.keys(caffe.V1LayerParameter.LayerType).filter((k) => Number.isNaN(Number(k)));
    for (const n of names) expect(V1_TYPE_NAMES[n], n).toBeTypeOf('string');
    for (const t of LAYER_TYPES) {
      const v1 = LAYER_SCHEMAS[t].v1Type;
      if (v1 === null) continue;
      expect(names).toContain(v1);
      expect(v1TypeName(caffe.V1LayerParameter.LayerType[v1 as keyof typeof caffe.V1LayerParameter.LayerType])).toBe(t);
    }
  });

  it('each schema names a LayerParameter field that exists (and that a V1 layer carries over when V1 had the type)', () => {
    const fields = messageInfo('LayerParameter').fields;
    const v1Fields = messageInfo('V1LayerParameter').fields;
    for (const t of LAYER_TYPES) {
      const s = getLayerSchema(t);
      if (s.paramField === null) continue;
      expect(fields.has(s.paramField), `${t}: ${s.paramField}`).toBe(true);
      if (s.v1Type !== null && v1Fields.has(s.paramField)) {
        const v1 = { name: 'x', type: caffe.V1LayerParameter.LayerType[s.v1Type as keyof typeof caffe.V1LayerParameter.LayerType], [s.paramField]: {} };
        expect(upgradeV1Layer(v1 as never), t).toHaveProperty(s.paramField);
      }
    }
  });

  it('a net written back with each schema’s toCaffe reads back the same', () => {
    const text = `
      input: "data" input_shape { dim: 1 dim: 4 dim: 9 dim: 9 }
      layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 6 kernel_h: 3 kernel_w: 1 pad: 1 stride: 2 group: 2 dilation: 1 } }
      layer { name: "bn" type: "BatchNorm" bottom: "c" top: "c" batch_norm_param { eps: 0.001 } }
      layer { name: "sc" type: "Scale" bottom: "c" top: "c" scale_param { bias_term: true } }
      layer { name: "r" type: "ReLU" bottom: "c" top: "c" relu_param { negative_slope: 0.2 } }
      layer { name: "n" type: "LRN" bottom: "c" top: "n" lrn_param { local_size: 3 norm_region: WITHIN_CHANNEL } }
      layer { name: "s" type: "Split" bottom: "n" top: "s1" top: "s2" }
      layer { name: "e" type: "Eltwise" bottom: "s1" bottom: "s2" top: "e" eltwise_param { operation: SUM coeff: 1 coeff: -0.5 } }
      layer { name: "cat" type: "Concat" bottom: "e" bottom: "c" top: "cat" concat_param { axis: 1 } }
      layer { name: "p" type: "Pooling" bottom: "cat" top: "p" pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }
      layer { name: "g" type: "Pooling" bottom: "p" top: "g" pooling_param { pool: MAX global_pooling: true } }
      layer { name: "f" type: "Flatten" bottom: "g" top: "f" }
      layer { name: "d" type: "Dropout" bottom: "f" top: "f" dropout_param { dropout_ratio: 0.25 } }
      layer { name: "ip" type: "InnerProduct" bottom: "f" top: "ip" inner_product_param { num_output: 5 bias_term: false } }
      layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }`;
    const desc = toNetDescription(parsePrototxt(text).net);
    const again = toNetDescription(fromNetDescription(desc));
    expect(again.layers.map((l) => [l.name, l.type, l.bottoms, l.tops, l.params])).toEqual(desc.layers.map((l) => [l.name, l.type, l.bottoms, l.tops, l.params]));
    expect(desc.layers.find((l) => l.name === 'g')!.params).toMatchObject({ global: true, kernel: [3, 4] });
  });
});
