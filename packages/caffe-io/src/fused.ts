/**
 * SkimCaffe's fused layer types, expanded into the standard layers they stand for, so that its prototxts load and
 * run. SkimCaffe (Park et al.) fuses a convolution with the ReLU, pooling and LRN after it (and an inner product with
 * its ReLU and dropout) into one layer whose params are the parts' params side by side:
 *
 * | fused type                | expands to (in order)                              |
 * |---------------------------|----------------------------------------------------|
 * | ConvolutionReLU           | Convolution, ReLU                                  |
 * | ConvolutionReLUPool       | Convolution, ReLU, Pooling                         |
 * | ConvolutionReLUPoolLRN    | Convolution, ReLU, Pooling, LRN                    |
 * | InnerProductReLUDropout   | InnerProduct, ReLU, Dropout                        |
 * | ReLUPooling               | ReLU, Pooling                                      |
 * | MKLConvolution, MKLReLU, MKLPooling, MKLLRN | the plain type (an engine choice) |
 *
 * The fused layer's bottoms and tops stay the network's blob names. The weighted part (Convolution /
 * InnerProduct) keeps the fused layer's name, so a .caffemodel's blobs (stored under that name) bind to it; the
 * other parts are named `<name>/relu`, `<name>/pool`, `<name>/lrn`, `<name>/dropout`, and the blobs between the parts
 * `<name>/conv_out`, `<name>/pool_out`. ReLU and Dropout run in place on the weighted part's output (Caffe's usual
 * form, which the runtime fuses into the convolution); ReLUPooling's ReLU writes a new blob so the bottom is never
 * modified for its other readers.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import type { LayerParameter } from './schema.js';

/** Fused (or engine-specific) type -> the standard types it expands to, in order. */
export const FUSED_LAYER_TYPES: ReadonlyMap<string, readonly string[]> = new Map([
  ['ConvolutionReLU', ['Convolution', 'ReLU']],
  ['ConvolutionReLUPool', ['Convolution', 'ReLU', 'Pooling']],
  ['ConvolutionReLUPoolLRN', ['Convolution', 'ReLU', 'Pooling', 'LRN']],
  ['InnerProductReLUDropout', ['InnerProduct', 'ReLU', 'Dropout']],
  ['ReLUPooling', ['ReLU', 'Pooling']],
  ['MKLConvolution', ['Convolution']],
  ['MKLReLU', ['ReLU']],
  ['MKLPooling', ['Pooling']],
  ['MKLLRN', ['LRN']],
]);

const PART_SUFFIX: Readonly<Record<string, string>> = { ReLU: 'relu', Pooling: 'pool', LRN: 'lrn', Dropout: 'dropout' };
const OUT_SUFFIX: Readonly<Record<string, string>> = { Convolution: 'conv_out', InnerProduct: 'ip_out', ReLU: 'relu_out', Pooling: 'pool_out' };
/** Parts that run in place on the blob before them. */
const IN_PLACE = new Set(['ReLU', 'Dropout']);

/**
 * The standard layers a layer stands for: itself when its type is not fused, else its parts (see the table above).
 * `file` is used in errors.
 */
export function expandFusedLayer(l: LayerParameter, file?: string): LayerParameter[] {
  const parts = FUSED_LAYER_TYPES.get(l.type ?? '');
  if (!parts) return [l];
  const name = l.name ?? '';
  if (parts.length === 1) return [{ ...l, type: parts[0]! }];
  const bottoms = l.bottom ?? [];
  const tops = l.top ?? [];
  if (bottoms.length !== 1 || tops.length !== 1) {
    throw new SparseCnnError(
      'E_FORMAT',
      `${l.type} needs one bottom and one top, has ${bottoms.length} and ${tops.length}`,
      { ...(file !== undefined ? { file } : {}), layer: name },
    );
  }
  const weighted = parts[0] === 'Convolution' || parts[0] === 'InnerProduct';
  const out: LayerParameter[] = [];
  let current = bottoms[0]!;
  parts.forEach((type, i) => {
    const last = i === parts.length - 1;
    const keepsName = weighted ? i === 0 : last;
    const partName = keepsName ? name : `${name}/${PART_SUFFIX[type] ?? type.toLowerCase()}`;
    // In place on a weighted part's output (or on the previous part's), else a new blob; the last part that is
    // not in place writes the fused layer's top.
    const restAllInPlace = parts.slice(i + 1).every((t) => IN_PLACE.has(t));
    let top: string;
    if (IN_PLACE.has(type) && i > 0) top = current;
    else if (restAllInPlace) top = tops[0]!;
    else top = `${name}/${OUT_SUFFIX[type] ?? `${type.toLowerCase()}_out`}`;
    const part = { ...l, name: partName, type, bottom: [current], top: [top] } as LayerParameter;
    if (!(weighted && i === 0)) {
      // Only the weighted part carries learned blobs and their lr / decay params.
      (part as { blobs?: unknown }).blobs = [];
      (part as { param?: unknown }).param = [];
    }
    out.push(part);
    current = top;
  });
  return out;
}
