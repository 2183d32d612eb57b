import { Rng, randomNormal, type LayerDescription, type NetDescription, type Tensor } from '@sparsecnn/tensor';

/**
 * A network with Caffe LeNet's exact shape (examples/mnist/lenet.prototxt): conv1 20@5x5 -> max pool 2/2 -> conv2
 * 50@5x5 -> max pool 2/2 -> ip1 500 + ReLU -> ip2 10 -> Softmax, with seeded random (Xavier-like) weights. Untrained:
 * its predictions are meaningless; it stands in for the real weights when those are not available.
 */
export function builtinLenet(seed = 20170424, batch = 64): NetDescription {
  const rng = new Rng(seed);
  const xavier = (shape: number[], fanIn: number): Tensor => randomNormal(shape, rng, 0, Math.sqrt(1 / fanIn));
  const zerosT = (n: number): Tensor => ({ dtype: 'float32', shape: [n], data: new Float32Array(n) });
  const one = [1, 1] as const;
  const zero = [0, 0] as const;
  const layers: LayerDescription[] = [
    { name: 'data', type: 'Input', bottoms: [], tops: ['data'], params: { shape: [batch, 1, 28, 28] }, blobs: [] },
    {
      name: 'conv1', type: 'Convolution', bottoms: ['data'], tops: ['conv1'],
      params: { numOutput: 20, kernel: [5, 5], stride: one, pad: zero, dilation: one, group: 1, biasTerm: true },
      blobs: [xavier([20, 1, 5, 5], 25), zerosT(20)],
    },
    { name: 'pool1', type: 'Pooling', bottoms: ['conv1'], tops: ['pool1'], params: { pool: 'max', kernel: [2, 2], stride: [2, 2], pad: zero, global: false }, blobs: [] },
    {
      name: 'conv2', type: 'Convolution', bottoms: ['pool1'], tops: ['conv2'],
      params: { numOutput: 50, kernel: [5, 5], stride: one, pad: zero, dilation: one, group: 1, biasTerm: true },
      blobs: [xavier([50, 20, 5, 5], 500), zerosT(50)],
    },
    { name: 'pool2', type: 'Pooling', bottoms: ['conv2'], tops: ['pool2'], params: { pool: 'max', kernel: [2, 2], stride: [2, 2], pad: zero, global: false }, blobs: [] },
    {
      name: 'ip1', type: 'InnerProduct', bottoms: ['pool2'], tops: ['ip1'],
      params: { numOutput: 500, biasTerm: true, transpose: false, axis: 1 },
      blobs: [xavier([500, 800], 800), zerosT(500)],
    },
    { name: 'relu1', type: 'ReLU', bottoms: ['ip1'], tops: ['ip1'], params: { negativeSlope: 0 }, blobs: [] },
    {
      name: 'ip2', type: 'InnerProduct', bottoms: ['ip1'], tops: ['ip2'],
      params: { numOutput: 10, biasTerm: true, transpose: false, axis: 1 },
      blobs: [xavier([10, 500], 500), zerosT(10)],
    },
    { name: 'prob', type: 'Softmax', bottoms: ['ip2'], tops: ['prob'], params: { axis: 1 }, blobs: [] },
  ];
  return { name: 'LeNet (built-in, random weights)', inputs: [{ name: 'data', shape: [batch, 1, 28, 28] }], layers };
}
