/**
 * The compact sparse model file (.scnn) lives in @sparsecnn/caffe-io (writeCompactModel / readCompactModel); these
 * are the CLI's names for it, on the structural NetLike type the commands pass around.
 */
import {
  compactBlobToTensor, compactLayerBytes, DEFAULT_COMPACT_DENSITY_THRESHOLD, readCompactModel, writeCompactModel,
  type CompactBlobLike, type CompactLayerLike, type CompactNetLike, type WriteCompactOptions,
} from '@sparsecnn/caffe-io';

export type NetLike = CompactNetLike;
export type LayerLike = CompactLayerLike;
export type BlobLike = CompactBlobLike;

export const DEFAULT_DENSITY_THRESHOLD = DEFAULT_COMPACT_DENSITY_THRESHOLD;
export { compactLayerBytes };

/** A compact-file blob as a tensor (shape from `shape.dim` or num/channels/height/width). */
export const blobToTensor = compactBlobToTensor;

/** NetParameter (with weights) -> compact bundle bytes. */
export function netToCompact(net: NetLike, options: WriteCompactOptions = {}): Uint8Array {
  return writeCompactModel(net, options);
}

/** Compact bundle bytes -> NetParameter with its weights restored. */
export function compactToNet(bytes: Uint8Array, options: { file?: string } = {}): NetLike {
  return readCompactModel(bytes, options) as unknown as NetLike;
}
