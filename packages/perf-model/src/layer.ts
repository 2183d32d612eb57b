import { SparseCnnError, convOutputSize } from '@sparsecnn/tensor';
import type { DirectConvGeometry } from '@sparsecnn/sparse';

/** A convolution layer as the model sees it (per image): the direct-convolution geometry plus a name. */
export interface ConvLayerShape extends DirectConvGeometry {
  readonly kind: 'conv';
  readonly name: string;
}

/** A fully-connected layer: [batch, inFeatures] x [outFeatures, inFeatures]^T. */
export interface FcLayerShape {
  readonly kind: 'fc';
  readonly name: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

export type LayerShape = ConvLayerShape | FcLayerShape;

/** Derived quantities the model needs, per image. */
export interface LayerCost {
  /** Dense multiply-accumulates. */
  readonly macs: number;
  /** Dense weight count. */
  readonly weights: number;
  /** Output elements. */
  readonly outputs: number;
  /** Input elements. */
  readonly inputs: number;
  /** Output rows x output channels (one accumulator tile row each): the per-row overhead count. */
  readonly outputRows: number;
  readonly outH: number;
  readonly outW: number;
}

export function layerCost(layer: LayerShape): LayerCost {
  if (layer.kind === 'fc') {
    if (!(layer.inFeatures >= 1 && layer.outFeatures >= 1)) {
      throw new SparseCnnError('E_ARGUMENT', `fc layer '${layer.name}' needs positive feature counts`);
    }
    const macs = layer.inFeatures * layer.outFeatures;
    return { macs, weights: macs, outputs: layer.outFeatures, inputs: layer.inFeatures, outputRows: layer.outFeatures, outH: 1, outW: 1 };
  }
  const outH = convOutputSize(layer.inH, layer.kernel[0], layer.stride[0], layer.pad[0], layer.dilation[0]);
  const outW = convOutputSize(layer.inW, layer.kernel[1], layer.stride[1], layer.pad[1], layer.dilation[1]);
  const cg = layer.inChannels / layer.groups;
  if (!Number.isInteger(cg) || layer.outChannels % layer.groups !== 0) {
    throw new SparseCnnError('E_SHAPE', `layer '${layer.name}': groups ${layer.groups} must divide the channel counts`);
  }
  const weights = layer.outChannels * cg * layer.kernel[0] * layer.kernel[1];
  return {
    macs: weights * outH * outW,
    weights,
    outputs: layer.outChannels * outH * outW,
    inputs: layer.inChannels * layer.inH * layer.inW,
    outputRows: layer.outChannels * outH,
    outH,
    outW,
  };
}

/** AlexNet / CaffeNet conv1-5 (per image), the paper's reference layers. */
export const ALEXNET_CONV: readonly ConvLayerShape[] = [
  { kind: 'conv', name: 'conv1', inChannels: 3, inH: 227, inW: 227, outChannels: 96, kernel: [11, 11], stride: [4, 4], pad: [0, 0], dilation: [1, 1], groups: 1 },
  { kind: 'conv', name: 'conv2', inChannels: 96, inH: 27, inW: 27, outChannels: 256, kernel: [5, 5], stride: [1, 1], pad: [2, 2], dilation: [1, 1], groups: 2 },
  { kind: 'conv', name: 'conv3', inChannels: 256, inH: 13, inW: 13, outChannels: 384, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1 },
  { kind: 'conv', name: 'conv4', inChannels: 384, inH: 13, inW: 13, outChannels: 384, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 2 },
  { kind: 'conv', name: 'conv5', inChannels: 384, inH: 13, inW: 13, outChannels: 256, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 2 },
];

/** CaffeNet fc6-8. */
export const ALEXNET_FC: readonly FcLayerShape[] = [
  { kind: 'fc', name: 'fc6', inFeatures: 9216, outFeatures: 4096 },
  { kind: 'fc', name: 'fc7', inFeatures: 4096, outFeatures: 4096 },
  { kind: 'fc', name: 'fc8', inFeatures: 4096, outFeatures: 1000 },
];
