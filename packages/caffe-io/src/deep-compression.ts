/**
 * Reader for Song Han's Deep Compression `.net` files (pruned + codebook-quantized weights; format in
 * shared/data/MANIFEST.md section 2). The file has no header of its own: the deploy net supplies the layer list
 * (every Convolution / InnerProduct layer whose name contains `conv`, `fc` or `ip`, in prototxt order) and the
 * blob shapes. Layout, all little-endian:
 *
 *   uint32 n[L]                                   stored entries per layer
 *   per layer: float32 codebook[2^b]              b = 8 (conv) or 4 (fc / ip)
 *              float32 bias[num_output]
 *              codes: n bytes (b = 8) or ceil(n/2) bytes, two 4-bit codes per byte, low nibble first (b = 4)
 *              gaps:  ceil(n/2) bytes, two 4-bit gaps per byte, low nibble first
 *
 * Entry k sits at position p_k = p_(k-1) + gap_k + 1 (p_(-1) = -1) of the weight blob flattened in Caffe order;
 * every other weight is 0.
 */
import { SparseCnnError, formatShape, tensor } from '@sparsecnn/tensor';
import type { Tensor } from '@sparsecnn/tensor';
import { parameterShapes } from './convert.js';
import type { NetParameter } from './schema.js';

export interface DeepCompressionOptions {
  readonly file?: string;
}

export interface DeepCompressionLayerInfo {
  readonly name: string;
  readonly bits: number;
  /** Stored entries (non-zeros plus zero fillers). */
  readonly entries: number;
  readonly weights: number;
  readonly nonZero: number;
}

/** The layers a `.net` file stores for a deploy net, with their weight and bias shapes. */
export function deepCompressionLayers(
  deploy: NetParameter, options: DeepCompressionOptions = {},
): Array<{ name: string; bits: number; weightShape: number[]; biasShape: number[] | undefined }> {
  const out: Array<{ name: string; bits: number; weightShape: number[]; biasShape: number[] | undefined }> = [];
  for (const l of parameterShapes(deploy, { file: options.file })) {
    if (l.type !== 'Convolution' && l.type !== 'InnerProduct') continue;
    if (!/conv|fc|ip/.test(l.name)) continue;
    const [w, b] = l.shapes;
    if (!w || w.some((d) => d < 0)) {
      throw new SparseCnnError('E_SHAPE', `cannot infer the weight shape (input shape unknown)`, {
        file: options.file, layer: l.name,
      });
    }
    out.push({ name: l.name, bits: l.type === 'Convolution' ? 8 : 4, weightShape: w, biasShape: b });
  }
  return out;
}

/**
 * Decodes a Deep Compression `.net` file against its deploy net: layer name -> [weights, bias] (dense float32
 * tensors in Caffe shapes). The whole file must be consumed exactly; a short file is E_TRUNCATED, a long one or
 * an out-of-range position E_FORMAT.
 */
export function decodeDeepCompressionNet(
  bytes: Uint8Array, deploy: NetParameter, options: DeepCompressionOptions & { info?: DeepCompressionLayerInfo[] } = {},
): Map<string, Tensor[]> {
  const file = options.file;
  if (!(bytes instanceof Uint8Array)) throw new SparseCnnError('E_ARGUMENT', 'expected the .net bytes as a Uint8Array', { file });
  const layers = deepCompressionLayers(deploy, { file });
  if (layers.length === 0) {
    throw new SparseCnnError('E_FORMAT', 'the deploy net has no conv/fc/ip layers to read from a .net file', { file });
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const need = (n: number, what: string, layer?: string): void => {
    if (offset + n > bytes.length) {
      throw new SparseCnnError(
        'E_TRUNCATED',
        `the .net file ends at ${bytes.length} bytes, but ${what} needs ${n} bytes from byte ${offset}`,
        { file, offset, ...(layer !== undefined ? { layer } : {}) },
      );
    }
  };

  need(4 * layers.length, `the header (${layers.length} layer counts)`);
  const counts = layers.map((_, i) => dv.getUint32(4 * i, true));
  offset = 4 * layers.length;

  const out = new Map<string, Tensor[]>();
  layers.forEach((l, li) => {
    const n = counts[li]!;
    const size = l.weightShape.reduce((a, b) => a * b, 1);
    if (n > size) {
      throw new SparseCnnError('E_FORMAT', `layer stores ${n} entries but its blob ${formatShape(l.weightShape)} has only ${size}`, {
        file, offset: 4 * li, layer: l.name,
      });
    }
    const codebookSize = 1 << l.bits;
    need(4 * codebookSize, `the codebook (${codebookSize} floats)`, l.name);
    const codebook = new Float32Array(codebookSize);
    for (let i = 0; i < codebookSize; i++) codebook[i] = dv.getFloat32(offset + 4 * i, true);
    offset += 4 * codebookSize;

    let bias: Tensor | undefined;
    if (l.biasShape) {
      const nb = l.biasShape.reduce((a, b) => a * b, 1);
      need(4 * nb, `the bias (${nb} floats)`, l.name);
      const b = new Float32Array(nb);
      for (let i = 0; i < nb; i++) b[i] = dv.getFloat32(offset + 4 * i, true);
      offset += 4 * nb;
      bias = tensor(b, l.biasShape);
    }

    const codeBytes = l.bits === 8 ? n : Math.ceil(n / 2);
    const gapBytes = Math.ceil(n / 2);
    need(codeBytes + gapBytes, `the code and index streams (${n} entries)`, l.name);
    const codes = offset;
    const gaps = offset + codeBytes;
    const w = new Float32Array(size);
    let pos = -1;
    let nonZero = 0;
    for (let k = 0; k < n; k++) {
      const gb = bytes[gaps + (k >> 1)]!;
      const gap = k & 1 ? gb >> 4 : gb & 15;
      pos += gap + 1;
      if (pos >= size) {
        throw new SparseCnnError('E_FORMAT', `entry ${k} lands at position ${pos}, past the ${size} weights`, {
          file, offset: gaps + (k >> 1), layer: l.name,
        });
      }
      let code: number;
      if (l.bits === 8) code = bytes[codes + k]!;
      else {
        const cb = bytes[codes + (k >> 1)]!;
        code = k & 1 ? cb >> 4 : cb & 15;
      }
      const v = codebook[code]!;
      w[pos] = v;
      if (v !== 0) nonZero++;
    }
    offset += codeBytes + gapBytes;
    out.set(l.name, bias ? [tensor(w, l.weightShape), bias] : [tensor(w, l.weightShape)]);
    options.info?.push({ name: l.name, bits: l.bits, entries: n, weights: size, nonZero });
  });
  if (offset !== bytes.length) {
    throw new SparseCnnError(
      'E_FORMAT',
      `the .net file has ${bytes.length - offset} bytes after the last layer (expected exactly ${offset} bytes for this deploy net)`,
      { file, offset },
    );
  }
  return out;
}
