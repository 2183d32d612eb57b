/** A small net with every layer kind the whole-network ports (ONNX, TF.js) handle, random weights. */
import { type Rng, type NetDescription } from '@sparsecnn/tensor';
import { netWithWeights } from '../src/nets.js';
import { randomArray } from '../src/workloads.js';

// Every exported layer kind, with in-place layers, ceil-mode pooling, grouped convs and a Split.
export const SYNTHETIC = `
name: "mix"
layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 2 dim: 4 dim: 11 dim: 11 } } }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "norm1" type: "LRN" bottom: "pool1" top: "norm1" lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 } }
layer { name: "split" type: "Split" bottom: "norm1" top: "a" top: "b" }
layer { name: "ca" type: "Convolution" bottom: "a" top: "ca" convolution_param { num_output: 6 kernel_size: 1 } }
layer { name: "cb" type: "Convolution" bottom: "b" top: "cb" convolution_param { num_output: 6 kernel_size: 3 pad: 1 group: 2 } }
layer { name: "leaky" type: "ReLU" bottom: "cb" top: "cb" relu_param { negative_slope: 0.1 } }
layer { name: "cat" type: "Concat" bottom: "ca" bottom: "cb" top: "cat" }
layer { name: "bn" type: "BatchNorm" bottom: "cat" top: "cat" }
layer { name: "sc" type: "Scale" bottom: "cat" top: "cat" scale_param { bias_term: true } }
layer { name: "sum" type: "Eltwise" bottom: "cat" bottom: "cat" top: "sum" eltwise_param { operation: SUM coeff: 0.5 coeff: 2 } }
layer { name: "pool2" type: "Pooling" bottom: "sum" top: "pool2" pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
layer { name: "drop" type: "Dropout" bottom: "pool2" top: "pool2" }
layer { name: "fc" type: "InnerProduct" bottom: "pool2" top: "fc" inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
`;

export function syntheticNet(rng: Rng): NetDescription {
  return netWithWeights(SYNTHETIC, 'mix.prototxt', (_layer, type, shapes) => shapes.map((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    if (type === 'BatchNorm') return { dtype: 'float32', shape: s, data: i === 0 ? randomArray(n, rng, -0.5, 0.5) : i === 1 ? randomArray(n, rng, 0.5, 2) : Float32Array.of(1) };
    return { dtype: 'float32', shape: s, data: randomArray(n, rng, -0.5, 0.5) };
  }));
}
