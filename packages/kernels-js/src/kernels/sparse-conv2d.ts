import {
  assertFloat, convOutputShape, outputTensor, validateBias, validateConv2dSpec, validateSparseConvWeights,
  type Conv2dSpec, type Prepared,
} from '@sparsecnn/kernels-api';
import { packPaddedInput, toDirectConvLayout, type CsrMatrix, type DirectConvLayout } from '@sparsecnn/sparse';
import type { Tensor } from '@sparsecnn/tensor';
import { JsPrepared, unwrapPrepared } from '../prepared.js';

interface SparseConvState {
  readonly spec: Conv2dSpec;
  readonly layout: DirectConvLayout;
  readonly bias: Float32Array | null;
  /** Shared-pad input buffer of one image; pad positions stay zero forever. */
  readonly buffer: Float32Array;
}

export function specGeometry(spec: Conv2dSpec): Parameters<typeof toDirectConvLayout>[1] {
  return {
    inChannels: spec.inChannels, inH: spec.inH, inW: spec.inW, outChannels: spec.outChannels,
    kernel: spec.kernel, stride: spec.stride, pad: spec.pad, dilation: spec.dilation, groups: spec.groups,
  };
}

/** Load-time step of the direct sparse convolution: validate the CSR and rewrite it to padded-input offsets. */
export function prepareSparseConv2d(weights: CsrMatrix, bias: Float32Array | null, spec: Conv2dSpec): Prepared<'sparseConv2d'> {
  validateConv2dSpec(spec);
  validateSparseConvWeights(weights, spec);
  validateBias(bias, spec.outChannels, 'convolution bias');
  const frozen: Conv2dSpec = { ...spec, kernel: [...spec.kernel], stride: [...spec.stride], pad: [...spec.pad], dilation: [...spec.dilation] };
  const layout = toDirectConvLayout(weights, specGeometry(frozen));
  const state: SparseConvState = { spec: frozen, layout, bias: bias ? bias.slice() : null, buffer: new Float32Array(layout.bufferLength) };
  const bytes = 4 * (layout.rowPtr.length + 2 * layout.offsets.length + layout.blockPtr.length + layout.bufferLength + (bias?.length ?? 0));
  return new JsPrepared('sparseConv2d', state, bytes, (shape) => convOutputShape(frozen, shape));
}

/**
 * Direct sparse convolution (PAPER-NOTES §1.2): each image is copied once into the shared-pad buffer; every stored
 * non-zero of an output channel then adds `value * buffer[base + offset + oh * strideH * pitch + ow * strideW]` to
 * the whole output plane, so no window ever checks a boundary.
 */
export function sparseConv2d(input: Tensor, prepared: Prepared<'sparseConv2d'>, out?: Tensor): Tensor {
  const s = unwrapPrepared<'sparseConv2d', SparseConvState>(prepared, 'sparseConv2d');
  assertFloat(input, 'convolution input');
  const shape = convOutputShape(s.spec, input.shape);
  const y = outputTensor(shape, out, 'convolution output');
  const { layout, bias, buffer, spec } = s;
  const [n, o, outH, outW] = shape;
  const P = outH * outW;
  const sh = spec.stride[0];
  const sw = spec.stride[1];
  const rowStep = sh * layout.pitch;
  const imageIn = spec.inChannels * spec.inH * spec.inW;
  const yd = y.data;
  const { rowPtr, offsets, values, groupOutChannels: og, groupInChannels: cg, channelStride } = layout;
  for (let b = 0; b < n; b++) {
    packPaddedInput(layout, input.data, b * imageIn, buffer);
    for (let oc = 0; oc < o; oc++) {
      const yOff = (b * o + oc) * P;
      yd.fill(bias ? bias[oc]! : 0, yOff, yOff + P);
      const groupBase = Math.floor(oc / og) * cg * channelStride;
      const end = rowPtr[oc + 1]!;
      let j = rowPtr[oc]!;
      // Four non-zeros per sweep of the output plane: one load and store of y per four multiply-adds.
      for (; j + 4 <= end; j += 4) {
        const v0 = values[j]!;
        const v1 = values[j + 1]!;
        const v2 = values[j + 2]!;
        const v3 = values[j + 3]!;
        const o0 = groupBase + offsets[j]!;
        const o1 = groupBase + offsets[j + 1]!;
        const o2 = groupBase + offsets[j + 2]!;
        const o3 = groupBase + offsets[j + 3]!;
        for (let oh = 0; oh < outH; oh++) {
          const r = oh * rowStep;
          const s0 = o0 + r;
          const s1 = o1 + r;
          const s2 = o2 + r;
          const s3 = o3 + r;
          const dst = yOff + oh * outW;
          if (sw === 1) {
            for (let ow = 0; ow < outW; ow++) {
              yd[dst + ow]! += v0 * buffer[s0 + ow]! + v1 * buffer[s1 + ow]! + v2 * buffer[s2 + ow]! + v3 * buffer[s3 + ow]!;
            }
          } else {
            for (let ow = 0, q = 0; ow < outW; ow++, q += sw) {
              yd[dst + ow]! += v0 * buffer[s0 + q]! + v1 * buffer[s1 + q]! + v2 * buffer[s2 + q]! + v3 * buffer[s3 + q]!;
            }
          }
        }
      }
      for (; j < end; j++) {
        const v = values[j]!;
        const off = groupBase + offsets[j]!;
        for (let oh = 0; oh < outH; oh++) {
          const src = off + oh * rowStep;
          const dst = yOff + oh * outW;
          for (let ow = 0, q = 0; ow < outW; ow++, q += sw) yd[dst + ow]! += v * buffer[src + q]!;
        }
      }
    }
  }
  if (spec.relu) for (let i = 0; i < yd.length; i++) if (yd[i]! < 0) yd[i] = 0;
  return y;
}
