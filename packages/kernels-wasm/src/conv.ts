import { convOutputShape, validateBias, validateConv2dSpec, type Conv2dSpec } from '@sparsecnn/kernels-api';
import { toDirectConvLayout, type CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import type { WasmHeap } from './heap.js';
import type { KernelsExports } from './loader.js';

/** Tuning knobs of the direct convolution (defaults chosen by measurement on AlexNet conv2-5). */
export interface DirectConvTuning {
  /** Input channels per block (must divide the channels per group); default: SkimCaffe's heuristic. */
  readonly channelBlock?: number;
  /** Output channels sharing one input tile; default 16. */
  readonly ocBlock?: number;
}

/** Everything a prepared direct convolution needs at run time (addresses are bytes in linear memory). */
export interface DirectConvState {
  readonly spec: Conv2dSpec;
  readonly outH: number;
  readonly outW: number;
  readonly groups: number;
  readonly groupIn: number;
  readonly groupOut: number;
  readonly chanRows: number;
  readonly wq: number;
  readonly sw: number;
  readonly segCount: number;
  readonly segInStride: number;
  readonly nvec: number;
  readonly segOutStride: number;
  readonly ocStride: number;
  readonly rowPitch: number;
  readonly groupInBytes: number;
  readonly numBlocks: number;
  readonly ocBlock: number;
  readonly offs: number;
  readonly vals: number;
  readonly blockPtr: number;
  readonly bias: number;
  readonly padded: number;
  readonly scratch: number;
  readonly stageIn: number;
  readonly stageOut: number;
  readonly nnz: number;
}

/**
 * Lay out a direct convolution: CSR weights (dense weights come here as a full CSR) are rewritten into offsets into
 * a padded input buffer. Unit-stride layers whose pitch covers the output width use the shared-pad layout of
 * `toDirectConvLayout` and one flat segment per group (all output rows at once, garbage columns discarded); any
 * other stride, padding or dilation uses a phase-split layout (padded column x at phase x % strideW, so every
 * vector load stays contiguous) and one segment per output row. Every address the kernel can form is bounded here.
 */
export function prepareDirectConv(
  heap: WasmHeap, csr: CsrMatrix, bias: Float32Array | null, spec: Conv2dSpec, tuning: DirectConvTuning = {},
): { state: DirectConvState; blocks: number[]; bytes: number } {
  const [O, outH, outW] = validateConv2dSpec(spec);
  validateBias(bias, O, 'convolution bias');
  const layout = toDirectConvLayout(csr, spec, tuning.channelBlock !== undefined ? { channelBlock: tuning.channelBlock } : {});
  const { inChannels: C, inH: H, inW: W, groups: G } = spec;
  const [sh, sw] = spec.stride;
  const [ph, pw] = spec.pad;
  const [dh, dw] = spec.dilation;
  const [, kw] = spec.kernel;
  const kh = spec.kernel[0];
  const Cg = layout.groupInChannels;
  const Ng = layout.groupOutChannels;
  const nnz = layout.values.length;
  const flat = sh === 1 && sw === 1 && W + pw >= outW;
  let chanRows: number, wq: number, rowPitch: number, offsets: Int32Array;
  let segCount: number, segIn: number, nvec: number, segOut: number, outPitch: number, ocStride: number, dataEnd: number;
  if (flat) {
    chanRows = H + ph;
    wq = W + pw;
    rowPitch = wq;
    offsets = layout.offsets;
    segCount = 1;
    segIn = 0;
    nvec = Math.ceil((outH * rowPitch) / 4);
    segOut = 0;
    outPitch = rowPitch;
    ocStride = nvec * 4;
    dataEnd = (C * chanRows + ph) * rowPitch + pw;
  } else {
    chanRows = H + 2 * ph;
    wq = Math.ceil((W + 2 * pw) / sw);
    rowPitch = sw * wq;
    offsets = new Int32Array(nnz);
    for (let j = 0; j < nnz; j++) {
      const col = csr.colIdx[j]!;
      const kc = col % kw;
      const kr = Math.floor(col / kw) % kh;
      const ic = Math.floor(col / (kh * kw));
      const x = kc * dw;
      offsets[j] = (ic * chanRows + kr * dh) * rowPitch + (x % sw) * wq + Math.floor(x / sw);
    }
    segCount = outH;
    segIn = sh * rowPitch;
    nvec = Math.ceil(outW / 4);
    segOut = nvec * 4;
    outPitch = nvec * 4;
    ocStride = outH * nvec * 4;
    dataEnd = C * chanRows * rowPitch;
  }
  let maxOff = 0;
  for (let j = 0; j < nnz; j++) {
    const o = offsets[j]!;
    if (!(o >= 0)) throw new SparseCnnError('E_RANGE', `negative input offset at non-zero ${j}`, { op: 'sparseConv2d', backend: 'wasm' });
    if (o > maxOff) maxOff = o;
  }
  const groupElems = Cg * chanRows * rowPitch;
  // Last element any vector load can touch (exclusive), then slack.
  const readEnd = (G - 1) * groupElems + (segCount - 1) * segIn + maxOff + nvec * 4;
  const paddedLen = Math.max(readEnd, dataEnd) + 4;
  const bytesTotal = paddedLen * 4;
  if (!Number.isSafeInteger(bytesTotal) || bytesTotal > 0x7fff_0000 || maxOff * 4 > 0x7fff_ffff) {
    throw new SparseCnnError('E_OVERFLOW', `padded input of ${paddedLen} floats does not fit the wasm heap`, { op: 'sparseConv2d', backend: 'wasm' });
  }
  const blocks: number[] = [];
  const alloc = (bytesN: number, zero = false): number => {
    const p = heap.alloc(bytesN, zero);
    blocks.push(p);
    return p;
  };
  let state: DirectConvState;
  try {
    const offsP = alloc(nnz * 4);
    const valsP = alloc(nnz * 4);
    const bpP = alloc(layout.blockPtr.length * 4);
    const biasP = bias ? alloc(O * 4) : 0;
    const padded = alloc(paddedLen * 4, true);
    const scratch = alloc(G * Ng * ocStride * 4);
    const stageIn = alloc(C * H * W * 4);
    const stageOut = alloc(O * outH * outW * 4);
    const i32 = heap.i32();
    const f32 = heap.f32();
    const bo = offsP >> 2;
    for (let j = 0; j < nnz; j++) i32[bo + j] = offsets[j]! * 4;
    f32.set(layout.values, valsP >> 2);
    i32.set(layout.blockPtr, bpP >> 2);
    if (bias) f32.set(bias, biasP >> 2);
    state = {
      spec: { ...spec }, outH, outW, groups: G, groupIn: Cg, groupOut: Ng, chanRows, wq, sw,
      segCount, segInStride: segIn * 4, nvec, segOutStride: segOut * 4, ocStride: ocStride * 4, rowPitch: outPitch * 4,
      groupInBytes: groupElems * 4, numBlocks: layout.numBlocks, ocBlock: Math.max(1, tuning.ocBlock ?? 16),
      offs: offsP, vals: valsP, blockPtr: bpP, bias: biasP, padded, scratch, stageIn, stageOut, nnz,
    };
  } catch (e) {
    for (const b of blocks) heap.free(b);
    throw e;
  }
  const bytes = nnz * 8 + layout.blockPtr.length * 4 + (bias ? O * 4 : 0) + paddedLen * 4 + G * Ng * ocStride * 4 +
    (C * H * W + O * outH * outW) * 4;
  return { state, blocks, bytes };
}

/** Run a prepared direct convolution on a batch; writes `out` (already checked to have the output shape). */
export function runDirectConv(heap: WasmHeap, ex: KernelsExports, s: DirectConvState, input: Tensor, out: Tensor): void {
  const shape = convOutputShape(s.spec, input.shape);
  const N = shape[0];
  const { inChannels: C, inH: H, inW: W } = s.spec;
  const inSize = C * H * W;
  const outSize = shape[1] * shape[2] * shape[3];
  const ph = s.spec.pad[0];
  const pw = s.spec.pad[1];
  const relu = s.spec.relu ? 1 : 0;
  for (let n = 0; n < N; n++) {
    heap.f32().set(input.data.subarray(n * inSize, (n + 1) * inSize), s.stageIn >> 2);
    ex.packInput(s.stageIn, s.padded, C, H, W, s.chanRows, ph, pw, s.sw, s.wq);
    for (let g = 0; g < s.groups; g++) {
      const scratch = s.scratch + g * s.groupOut * s.ocStride;
      ex.sparseConvGroup(
        s.padded + g * s.groupInBytes, s.segCount, s.segInStride, s.nvec, scratch, s.segOutStride, s.ocStride, s.groupOut,
        s.blockPtr + g * s.groupOut * (s.numBlocks + 1) * 4, s.numBlocks, s.offs, s.vals, s.ocBlock,
      );
      ex.convFinish(
        scratch, s.ocStride, s.rowPitch, s.stageOut + g * s.groupOut * s.outH * s.outW * 4, s.groupOut, s.outH, s.outW,
        s.bias === 0 ? 0 : s.bias + g * s.groupOut * 4, relu,
      );
    }
    out.data.set(heap.f32().subarray(s.stageOut >> 2, (s.stageOut >> 2) + outSize), n * outSize);
  }
}

/** Dense conv weights [O, C/g, kh, kw] as a CSR that keeps every entry (zeros included). */
export function denseAsCsr(weights: Float32Array, rows: number, cols: number): CsrMatrix {
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    rowPtr[r + 1] = (r + 1) * cols;
    for (let c = 0; c < cols; c++) colIdx[r * cols + c] = c;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx, values: weights.slice() };
}
