import { expect, it } from 'vitest';
import { createJsBackend } from '@sparsecnn/kernels-js';
import { tensor } from '@sparsecnn/tensor';

it('runs a conv', () => {
  const b = createJsBackend();
  const p = b.kernels.prepareConv2d!(tensor(new Float32Array([1, 2, 3, 4]), [1, 1, 2, 2]), null, {
    inChannels: 1, inH: 3, inW: 3, outChannels: 1, kernel: [2, 2], stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, relu: false,
  });
  const y = b.kernels.conv2d!(tensor(new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), [1, 1, 3, 3]), p);
  expect([...y.data]).toEqual([5, 3, 2, 5]);
});
