import { SparseCnnError, convOutputSize, type Pair } from '@sparsecnn/tensor';
import { validateCsr } from './csr.js';
import type { CsrMatrix } from './types.js';

/** Geometry of one convolution layer for the direct sparse layout (per image). */
export interface DirectConvGeometry {
  /** Input channels (all groups). */
  readonly inChannels: number;
  readonly inH: number;
  readonly inW: number;
  /** Output channels (all groups) = CSR rows. */
  readonly outChannels: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dilation: Pair;
  readonly groups: number;
}

/**
 * The direct-convolution weight layout (PAPER-NOTES §1.2, generalised to any stride, dilation, padding and groups).
 *
 * The input of one image is copied into a shared-pad buffer: row pitch `inW + padW`, `inH + padH` rows per channel,
 * pad rows on top and pad columns on the left of each row (a row's right pad is the next row's left pad, a channel's
 * bottom pad the next channel's top pad). Element (c, h, w) lives at
 * `(c * (inH + padH) + h + padH) * pitch + padW + w`. Each weight (oc, ic, kr, kc) of group g gets the offset
 * `((ic - g * Cg) * (inH + padH) + kr * dilH) * pitch + kc * dilW`, relative to the group's base
 * `g * Cg * channelStride`; output (oh, ow) then reads `buffer[groupBase + oh * strideH * pitch + ow * strideW + offset]`.
 *
 * Non-zeros of each row keep the CSR (Caffe column) order, so they ascend by input channel, and are split into input-channel blocks of
 * `channelBlock` channels (PAPER-NOTES §1.3): block b of row r is entries `blockPtr[r * (numBlocks + 1) + b] ..
 * blockPtr[r * (numBlocks + 1) + b + 1]`.
 */
export interface DirectConvLayout {
  readonly geometry: DirectConvGeometry;
  readonly outH: number;
  readonly outW: number;
  /** Input channels per group. */
  readonly groupInChannels: number;
  /** Output channels per group. */
  readonly groupOutChannels: number;
  /** Row pitch of the padded buffer: inW + padW. */
  readonly pitch: number;
  /** Elements per padded channel: (inH + padH) * pitch. */
  readonly channelStride: number;
  /** Elements of the padded buffer one image needs (no SIMD slack; backends add their own). */
  readonly bufferLength: number;
  /** outChannels + 1 entries. */
  readonly rowPtr: Int32Array;
  /** Offsets into the padded buffer, relative to the group's base. */
  readonly offsets: Int32Array;
  readonly values: Float32Array;
  /** Input channels per block (divides groupInChannels). */
  readonly channelBlock: number;
  readonly numBlocks: number;
  /** outChannels * (numBlocks + 1) entries. */
  readonly blockPtr: Int32Array;
}

function checkPair(p: Pair, name: string, min: number): void {
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isSafeInteger(v) && v >= min)) {
    throw new SparseCnnError('E_ARGUMENT', `${name} must be a pair of integers >= ${min}, got ${JSON.stringify(p)}`);
  }
}

/** Validate a geometry and return its output size. */
export function directConvOutput(g: DirectConvGeometry): { outH: number; outW: number } {
  for (const [k, v] of [['inChannels', g.inChannels], ['inH', g.inH], ['inW', g.inW], ['outChannels', g.outChannels], ['groups', g.groups]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new SparseCnnError('E_ARGUMENT', `${k} must be a positive integer, got ${v}`);
  }
  checkPair(g.kernel, 'kernel', 1);
  checkPair(g.stride, 'stride', 1);
  checkPair(g.pad, 'pad', 0);
  checkPair(g.dilation, 'dilation', 1);
  if (g.inChannels % g.groups !== 0 || g.outChannels % g.groups !== 0) {
    throw new SparseCnnError('E_SHAPE', `groups ${g.groups} must divide inChannels ${g.inChannels} and outChannels ${g.outChannels}`);
  }
  const outH = convOutputSize(g.inH, g.kernel[0], g.stride[0], g.pad[0], g.dilation[0]);
  const outW = convOutputSize(g.inW, g.kernel[1], g.stride[1], g.pad[1], g.dilation[1]);
  const pitch = g.inW + g.pad[1];
  const len = (g.inChannels * (g.inH + g.pad[0]) + g.pad[0]) * pitch + g.pad[1];
  if (!Number.isSafeInteger(len) || len > 0x7fffffff) {
    throw new SparseCnnError('E_OVERFLOW', `padded input of ${len} elements exceeds int32 indexing`);
  }
  return { outH, outW };
}

/**
 * Input channels per block, after SkimCaffe's heuristic: aim at about `targetNnz` (32) non-zeros per output channel
 * per block: p = nnz / (N * C), bs = max(8, 2^round(log2(max(1, 32 / p)))), clipped to C, then raised until it
 * divides C.
 */
export function chooseChannelBlock(nnz: number, outChannels: number, groupInChannels: number, targetNnz = 32): number {
  const p = nnz / Math.max(1, outChannels * groupInChannels);
  let bs = p > 0 ? Math.max(8, 2 ** Math.round(Math.log2(Math.max(1, targetNnz / p)))) : groupInChannels;
  bs = Math.min(bs, groupInChannels);
  while (groupInChannels % bs !== 0) bs++;
  return bs;
}

/**
 * Rewrite a convolution's CSR weights (rows = output channels, columns = (ic, kr, kc) of the group in Caffe order)
 * into the direct-convolution layout. Validates the CSR against the geometry first.
 */
export function toDirectConvLayout(
  weights: CsrMatrix,
  geometry: DirectConvGeometry,
  options: { channelBlock?: number } = {},
): DirectConvLayout {
  const { outH, outW } = directConvOutput(geometry);
  const g = geometry;
  const [kh, kw] = g.kernel;
  const Cg = g.inChannels / g.groups;
  const Ng = g.outChannels / g.groups;
  if (weights.rows !== g.outChannels || weights.cols !== Cg * kh * kw) {
    throw new SparseCnnError(
      'E_SHAPE',
      `weights are ${weights.rows} x ${weights.cols}, the geometry needs ${g.outChannels} x ${Cg * kh * kw} ` +
        `(outChannels x inChannels/groups * kh * kw)`,
    );
  }
  validateCsr(weights, 'convolution weights');
  const pitch = g.inW + g.pad[1];
  const channelStride = (g.inH + g.pad[0]) * pitch;
  const bufferLength = (g.inChannels * (g.inH + g.pad[0]) + g.pad[0]) * pitch + g.pad[1];
  const nnz = weights.values.length;
  const channelBlock = options.channelBlock ?? chooseChannelBlock(nnz, g.outChannels, Cg);
  if (!Number.isSafeInteger(channelBlock) || channelBlock < 1 || Cg % channelBlock !== 0) {
    throw new SparseCnnError('E_ARGUMENT', `channelBlock ${channelBlock} must divide the ${Cg} input channels per group`);
  }
  const numBlocks = Cg / channelBlock;
  const offsets = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  const blockPtr = new Int32Array(g.outChannels * (numBlocks + 1));
  const [dh, dw] = g.dilation;
  // Caffe column order is (ic, kr, kc): ascending columns ascend by input channel, so blocks are contiguous runs.
  for (let r = 0; r < g.outChannels; r++) {
    const a = weights.rowPtr[r]!;
    const b = weights.rowPtr[r + 1]!;
    let block = 0;
    blockPtr[r * (numBlocks + 1)] = a;
    for (let j = a; j < b; j++) {
      const col = weights.colIdx[j]!;
      const kc = col % kw;
      const kr = ((col - kc) / kw) % kh;
      const ic = Math.floor(col / (kh * kw));
      const ib = Math.floor(ic / channelBlock);
      while (block < ib) blockPtr[r * (numBlocks + 1) + ++block] = j;
      offsets[j] = (ic * (g.inH + g.pad[0]) + kr * dh) * pitch + kc * dw;
      values[j] = weights.values[j]!;
    }
    while (block < numBlocks) blockPtr[r * (numBlocks + 1) + ++block] = b;
  }
  return {
    geometry: g, outH, outW, groupInChannels: Cg, groupOutChannels: Ng, pitch, channelStride, bufferLength,
    rowPtr: weights.rowPtr.slice(), offsets, values, channelBlock, numBlocks, blockPtr,
  };
}

/**
 * Copy one NCHW image (all channels) into a shared-pad buffer of at least `layout.bufferLength` elements. The pad
 * positions must already be zero (allocate the buffer zeroed once and reuse it: only data positions are written).
 */
export function packPaddedInput(layout: DirectConvLayout, image: Float32Array, imageOffset: number, buffer: Float32Array): void {
  const { inChannels: C, inH: H, inW: W, pad } = layout.geometry;
  const pitch = layout.pitch;
  if (buffer.length < layout.bufferLength) {
    throw new SparseCnnError('E_SHAPE', `padded buffer has ${buffer.length} elements, needs ${layout.bufferLength}`);
  }
  if (imageOffset < 0 || imageOffset + C * H * W > image.length) {
    throw new SparseCnnError('E_SHAPE', `image of ${C}x${H}x${W} at offset ${imageOffset} exceeds input of ${image.length}`);
  }
  for (let c = 0; c < C; c++) {
    for (let h = 0; h < H; h++) {
      const src = imageOffset + (c * H + h) * W;
      const dst = (c * (H + pad[0]) + h + pad[0]) * pitch + pad[1];
      buffer.set(image.subarray(src, src + W), dst);
    }
  }
}
