import {
  assertFloat, convOutputShape, outputTensor, validateSparseConvWeights, type Conv2dSpec, type SparseConv2dBackwardResult,
} from '@sparsecnn/kernels-api';
import { packPaddedInput, toDirectConvLayout, type CsrMatrix } from '@sparsecnn/sparse';
import { zeros, type Tensor } from '@sparsecnn/tensor';
import { specGeometry } from './sparse-conv2d.js';

/**
 * Gradients of a sparse convolution, in the same padded-offset layout as the forward pass: the gradient of a stored
 * non-zero is the dot product of its output plane's gradient with the input window it reads; the input gradient is
 * scattered into a padded buffer and then unpacked. Only stored non-zeros get a gradient (the mask is kept).
 */
export function sparseConv2dBackward(input: Tensor, weights: CsrMatrix, gradOutput: Tensor, spec: Conv2dSpec): SparseConv2dBackwardResult {
  assertFloat(input, 'convolution input');
  const shape = convOutputShape(spec, input.shape);
  validateSparseConvWeights(weights, spec);
  outputTensor(shape, gradOutput, 'convolution output gradient');
  const layout = toDirectConvLayout(weights, specGeometry(spec));
  const [n, o, outH, outW] = shape;
  const P = outH * outW;
  const sw = spec.stride[1];
  const rowStep = spec.stride[0] * layout.pitch;
  const { rowPtr, offsets, values, groupOutChannels: og, groupInChannels: cg, channelStride, pitch } = layout;
  const buffer = new Float32Array(layout.bufferLength);
  const gbuf = new Float64Array(layout.bufferLength);
  const gv = new Float64Array(values.length);
  const gb = new Float64Array(o);
  const gradInput = zeros(input.shape);
  const dy = gradOutput.data;
  const { inChannels: C, inH: H, inW: W } = spec;
  const [ph, pw] = spec.pad;
  for (let b = 0; b < n; b++) {
    packPaddedInput(layout, input.data, b * C * H * W, buffer);
    gbuf.fill(0);
    for (let oc = 0; oc < o; oc++) {
      const yOff = (b * o + oc) * P;
      let sb = 0;
      for (let p = 0; p < P; p++) sb += dy[yOff + p]!;
      gb[oc]! += sb;
      const groupBase = Math.floor(oc / og) * cg * channelStride;
      for (let j = rowPtr[oc]!; j < rowPtr[oc + 1]!; j++) {
        const v = values[j]!;
        const off = groupBase + offsets[j]!;
        let acc = 0;
        for (let oh = 0; oh < outH; oh++) {
          const src = off + oh * rowStep;
          const d = yOff + oh * outW;
          for (let ow = 0; ow < outW; ow++) {
            const g = dy[d + ow]!;
            acc += g * buffer[src + ow * sw]!;
            gbuf[src + ow * sw]! += v * g;
          }
        }
        gv[j]! += acc;
      }
    }
    // Unpack: pad positions of gbuf collect gradients of padding and are dropped.
    const gx = gradInput.data;
    for (let c = 0; c < C; c++) {
      for (let h = 0; h < H; h++) {
        const src = (c * (H + ph) + h + ph) * pitch + pw;
        const dst = b * C * H * W + (c * H + h) * W;
        for (let w = 0; w < W; w++) gx[dst + w] = gbuf[src + w]!;
      }
    }
  }
  return { gradInput, gradValues: Float32Array.from(gv), gradBias: Float32Array.from(gb) };
}
