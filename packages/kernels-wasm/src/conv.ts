import { convOutputShape, validateBias, validateConv2dSpec, type Conv2dSpec } from '@sparsecnn/kernels-api';
import { chooseChannelBlock, toDirectConvLayout, type CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import type { WasmHeap } from './heap.js';
import type { KernelsExports } from './loader.js';
import { splitByPrefix, type ThreadJob, type WasmThreadPool } from './threads.js';

/** Tuning knobs of the direct convolution (defaults chosen by measurement on AlexNet conv2-5). */
export interface DirectConvTuning {
  /** Input channels per block (must divide the channels per group); default: SkimCaffe's heuristic. */
  readonly channelBlock?: number;
  /** Target non-zeros per output channel per channel block for the heuristic (SkimCaffe: 32); default 32. */
  readonly blockNnz?: number;
  /** Dense kernel: bytes of padded input per channel block (default 16 KiB, L1). */
  readonly denseBlockBytes?: number;
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
  /** Dense kernel (shared offsets, channel quads). */
  readonly dense: boolean;
  /** Offsets per group (dense). */
  readonly K: number;
  /** Offsets per input-channel block (dense). */
  readonly kBlock: number;
  /** Output channels per group in scratch (dense: rounded up to whole channel sets). */
  readonly ocPad: number;
  /** Sparse: non-zeros of output channels 0..i of each group, [G][groupOut + 1] (thread splits). */
  readonly ocPrefix: Float64Array;
  /** Thread splits by thread count: per group, the channel (sparse) or quad (dense) bounds. */
  readonly splits: Map<number, number[][]>;
}

/** Below this many multiply-adds per group a layer runs on one thread (waking a worker costs ~10-50 us). */
const MIN_THREADED_MACS = 1 << 18;

/** Dense kernel tile: output channels x vectors (assembly/conv.ts denseConvGroup). */
const DENSE_OC = 4;
const DENSE_VEC = 2;

interface Geometry {
  readonly flat: boolean;
  readonly chanRows: number;
  readonly wq: number;
  readonly rowPitch: number;
  readonly segCount: number;
  readonly segIn: number;
  /** Vectors per segment before rounding to the kernel's tile. */
  readonly vectors: number;
  readonly dataEnd: number;
}

/**
 * Unit-stride layers whose pitch covers the output width use the shared-pad layout of `toDirectConvLayout` and one
 * flat segment per group (all output rows at once, garbage columns discarded); any other stride, padding or
 * dilation uses a phase-split layout (padded column x at phase x % strideW, so every vector load stays contiguous)
 * and one segment per output row.
 */
function convGeometry(spec: Conv2dSpec, outH: number, outW: number): Geometry {
  const { inChannels: C, inH: H, inW: W } = spec;
  const [sh, sw] = spec.stride;
  const [ph, pw] = spec.pad;
  if (sh === 1 && sw === 1 && W + pw >= outW) {
    const pitch = W + pw;
    return {
      flat: true, chanRows: H + ph, wq: pitch, rowPitch: pitch, segCount: 1, segIn: 0,
      vectors: Math.ceil((outH * pitch) / 4), dataEnd: (C * (H + ph) + ph) * pitch + pw,
    };
  }
  const wq = Math.ceil((W + 2 * pw) / sw);
  return {
    flat: false, chanRows: H + 2 * ph, wq, rowPitch: sw * wq, segCount: outH, segIn: sh * sw * wq,
    vectors: Math.ceil(outW / 4), dataEnd: C * (H + 2 * ph) * sw * wq,
  };
}

/** Offset (elements) of weight column `col` = (ic, kr, kc) of a group, in either layout. */
function columnOffset(col: number, spec: Conv2dSpec, g: Geometry): number {
  const [kh, kw] = spec.kernel;
  const sw = spec.stride[1];
  const kc = col % kw;
  const kr = Math.floor(col / kw) % kh;
  const ic = Math.floor(col / (kh * kw));
  const x = kc * spec.dilation[1];
  return (ic * g.chanRows + kr * spec.dilation[0]) * g.rowPitch + (x % sw) * g.wq + Math.floor(x / sw);
}

/**
 * Lay out a direct convolution. Sparse: CSR weights become offsets into the padded input, split into input-channel
 * blocks (SkimCaffe's heuristic). Dense: one offset list per group shared by every output channel, weights packed
 * in quads of output channels. Every address the kernels can form is bounded here (`readEnd` below).
 */
export function prepareDirectConv(
  heap: WasmHeap, weights: CsrMatrix | Float32Array, bias: Float32Array | null, spec: Conv2dSpec,
  tuning: DirectConvTuning = {},
): { state: DirectConvState; blocks: number[]; bytes: number } {
  const [O, outH, outW] = validateConv2dSpec(spec);
  validateBias(bias, O, 'convolution bias');
  const { inChannels: C, inH: H, inW: W, groups: G } = spec;
  const [kh, kw] = spec.kernel;
  const Cg = C / G;
  const Ng = O / G;
  const K = Cg * kh * kw;
  const geo = convGeometry(spec, outH, outW);
  const dense = weights instanceof Float32Array;
  let offsets: Int32Array;
  let values: Float32Array;
  let blockPtr: Int32Array = new Int32Array(0);
  let numBlocks = 1;
  let kBlock = K;
  let nvec: number;
  let ocPad = Ng;
  let ocPrefix = new Float64Array(0);
  if (dense) {
    if (weights.length !== O * K) throw new SparseCnnError('E_SHAPE', `dense weights have ${weights.length} values, need ${O * K}`);
    offsets = new Int32Array(K);
    for (let c = 0; c < K; c++) offsets[c] = columnOffset(c, spec, geo);
    ocPad = Math.ceil(Ng / DENSE_OC) * DENSE_OC;
    const sets = ocPad / DENSE_OC;
    values = new Float32Array(G * ocPad * K);
    for (let g = 0; g < G; g++) {
      for (let o = 0; o < Ng; o++) {
        const src = (g * Ng + o) * K;
        const dst = (g * sets + Math.floor(o / DENSE_OC)) * K * DENSE_OC + (o % DENSE_OC);
        for (let k = 0; k < K; k++) values[dst + DENSE_OC * k] = weights[src + k]!;
      }
    }
    // Input-channel blocks of about `denseBlockBytes` of padded input (L1-resident while all channel quads sweep it).
    const channelBytes = geo.chanRows * geo.rowPitch * 4;
    let cb = Math.max(1, Math.min(Cg, Math.floor((tuning.denseBlockBytes ?? 16384) / channelBytes)));
    while (Cg % cb !== 0) cb--;
    kBlock = cb * kh * kw;
    nvec = Math.ceil(geo.vectors / DENSE_VEC) * DENSE_VEC;
  } else {
    let channelBlock = tuning.channelBlock;
    if (channelBlock === undefined || Cg % channelBlock !== 0) {
      channelBlock = chooseChannelBlock(weights.values.length, O, Cg, tuning.blockNnz ?? 32);
    }
    const layout = toDirectConvLayout(weights, spec, { channelBlock });
    values = layout.values;
    blockPtr = layout.blockPtr;
    numBlocks = layout.numBlocks;
    ocPrefix = new Float64Array(G * (Ng + 1));
    for (let g = 0; g < G; g++) {
      for (let o = 0; o < Ng; o++) {
        const r = (g * Ng + o) * (numBlocks + 1);
        ocPrefix[g * (Ng + 1) + o + 1] = ocPrefix[g * (Ng + 1) + o]! + blockPtr[r + numBlocks]! - blockPtr[r]!;
      }
    }
    if (geo.flat) offsets = layout.offsets;
    else {
      offsets = new Int32Array(values.length);
      for (let j = 0; j < values.length; j++) offsets[j] = columnOffset(weights.colIdx[j]!, spec, geo);
    }
    nvec = roundVectors(geo.vectors);
  }
  let maxOff = 0;
  for (let j = 0; j < offsets.length; j++) {
    const o = offsets[j]!;
    if (!(o >= 0)) throw new SparseCnnError('E_RANGE', `negative input offset at non-zero ${j}`);
    if (o > maxOff) maxOff = o;
  }
  const segOut = geo.flat ? 0 : nvec * 4;
  const outPitch = geo.flat ? geo.rowPitch : nvec * 4;
  const ocStride = geo.flat ? nvec * 4 : outH * nvec * 4;
  const groupElems = Cg * geo.chanRows * geo.rowPitch;
  // One past the last element any vector load can touch, then slack.
  const readEnd = (G - 1) * groupElems + (geo.segCount - 1) * geo.segIn + maxOff + nvec * 4;
  const paddedLen = Math.max(readEnd, geo.dataEnd) + 4;
  if (!Number.isSafeInteger(paddedLen * 4) || paddedLen * 4 > 0x7fff_0000) {
    throw new SparseCnnError('E_OVERFLOW', `padded input of ${paddedLen} floats does not fit the wasm heap`);
  }
  const scratchLen = G * ocPad * ocStride;
  const blocks: number[] = [];
  const alloc = (n: number, zero = false): number => {
    const p = heap.alloc(n, zero);
    blocks.push(p);
    return p;
  };
  let state: DirectConvState;
  try {
    const offsP = alloc(offsets.length * 4);
    const valsP = alloc(values.length * 4);
    const bpP = alloc(blockPtr.length * 4);
    const biasP = bias ? alloc(O * 4) : 0;
    const padded = alloc(paddedLen * 4, true);
    const scratch = alloc(scratchLen * 4);
    const stageIn = alloc(C * H * W * 4);
    const stageOut = alloc(O * outH * outW * 4);
    const i32 = heap.i32();
    const bo = offsP >> 2;
    for (let j = 0; j < offsets.length; j++) i32[bo + j] = offsets[j]! * 4;
    i32.set(blockPtr, bpP >> 2);
    const f32 = heap.f32();
    f32.set(values, valsP >> 2);
    if (bias) f32.set(bias, biasP >> 2);
    state = {
      spec: { ...spec, kernel: [kh, kw], stride: [...spec.stride], pad: [...spec.pad], dilation: [...spec.dilation] },
      outH, outW, groups: G, groupIn: Cg, groupOut: Ng, chanRows: geo.chanRows, wq: geo.wq, sw: spec.stride[1],
      segCount: geo.segCount, segInStride: geo.segIn * 4, nvec, segOutStride: segOut * 4, ocStride: ocStride * 4,
      rowPitch: outPitch * 4, groupInBytes: groupElems * 4, numBlocks, ocBlock: Math.max(1, tuning.ocBlock ?? 16),
      offs: offsP, vals: valsP, blockPtr: bpP, bias: biasP, padded, scratch, stageIn, stageOut, nnz: values.length,
      dense, K, kBlock, ocPad, ocPrefix, splits: new Map(),
    };
  } catch (e) {
    for (const b of blocks) heap.free(b);
    throw e;
  }
  const bytes = (offsets.length + values.length + blockPtr.length + (bias ? O : 0) + paddedLen + scratchLen + C * H * W + O * outH * outW) * 4;
  return { state, blocks, bytes };
}

/** Past 4 vectors, round up to an even count (a garbage vector costs less than a single-vector tail). */
function roundVectors(n: number): number {
  return n > 4 ? Math.ceil(n / 2) * 2 : n;
}

/** Per group, the bounds of the thread slices (channels for sparse, channel quads for dense); [] = one thread. */
function threadSplits(s: DirectConvState, threads: number): number[][] {
  let sp = s.splits.get(threads);
  if (sp) return sp;
  sp = [];
  const perVec = s.segCount * s.nvec * 4;
  for (let g = 0; g < s.groups; g++) {
    if (s.dense) {
      const quads = s.ocPad / DENSE_OC;
      const macs = s.ocPad * s.K * perVec;
      const parts = Math.min(threads, quads);
      sp.push(macs < MIN_THREADED_MACS || parts < 2 ? [] : Array.from({ length: parts + 1 }, (_, i) => Math.round((quads * i) / parts)));
    } else {
      const prefix = s.ocPrefix.subarray(g * (s.groupOut + 1), (g + 1) * (s.groupOut + 1));
      const macs = prefix[s.groupOut]! * perVec;
      const parts = Math.min(threads, s.groupOut);
      sp.push(macs < MIN_THREADED_MACS || parts < 2 ? [] : splitByPrefix(prefix, 0, s.groupOut, parts));
    }
  }
  s.splits.set(threads, sp);
  return sp;
}

/** Run a prepared direct convolution on a batch; writes `out` (already checked to have the output shape). */
export function runDirectConv(heap: WasmHeap, ex: KernelsExports, s: DirectConvState, input: Tensor, out: Tensor, pool: WasmThreadPool | null = null): void {
  const splits = pool && pool.size > 1 ? threadSplits(s, pool.size) : null;
  const shape = convOutputShape(s.spec, input.shape);
  const N = shape[0];
  const { inChannels: C, inH: H, inW: W } = s.spec;
  const inSize = C * H * W;
  const outSize = shape[1] * shape[2] * shape[3];
  const ph = s.spec.pad[0];
  const pw = s.spec.pad[1];
  const relu = s.spec.relu ? 1 : 0;
  // Channels (sparse) or channel quads (dense) a..b of group g as one kernel call.
  const groupJob = (g: number, a: number, b: number): ThreadJob => {
    const input = s.padded + g * s.groupInBytes;
    const scratch = s.scratch + g * s.ocPad * s.ocStride;
    return s.dense
      ? {
          fn: 'denseConvGroup',
          args: [input, s.segCount, s.segInStride, s.nvec, scratch + DENSE_OC * a * s.ocStride, s.segOutStride, s.ocStride, b - a,
            s.K, s.kBlock, s.offs, s.vals + (g * s.ocPad * s.K + a * DENSE_OC * s.K) * 4],
        }
      : {
          fn: 'sparseConvGroup',
          args: [input, s.segCount, s.segInStride, s.nvec, scratch + a * s.ocStride, s.segOutStride, s.ocStride, b - a,
            s.blockPtr + (g * s.groupOut + a) * (s.numBlocks + 1) * 4, s.numBlocks, s.offs, s.vals, s.ocBlock],
        };
  };
  const whole = s.dense ? s.ocPad / DENSE_OC : s.groupOut;
  const T = pool?.size ?? 1;
  // Grouped layers with a multiple of T groups, each worth threading: whole groups per thread, one wait per T groups.
  const byGroup = pool !== null && splits !== null && s.groups % T === 0 && splits.every((b) => b.length > 2);
  for (let n = 0; n < N; n++) {
    heap.f32().set(input.data.subarray(n * inSize, (n + 1) * inSize), s.stageIn >> 2);
    ex.packInput(s.stageIn, s.padded, C, H, W, s.chanRows, ph, pw, s.sw, s.wq);
    if (byGroup) {
      for (let g0 = 0; g0 < s.groups; g0 += T) pool.run(Array.from({ length: T }, (_, t) => groupJob(g0 + t, 0, whole)));
    } else {
      for (let g = 0; g < s.groups; g++) {
        const bounds = splits?.[g] ?? [];
        if (pool && bounds.length > 2) {
          const jobs: ThreadJob[] = [];
          for (let t = 0; t + 1 < bounds.length; t++) if (bounds[t + 1]! > bounds[t]!) jobs.push(groupJob(g, bounds[t]!, bounds[t + 1]!));
          pool.run(jobs);
        } else {
          const j = groupJob(g, 0, whole);
          Reflect.apply(ex[j.fn], undefined, j.args);
        }
      }
    }
    for (let g = 0; g < s.groups; g++) {
      ex.convFinish(
        s.scratch + g * s.ocPad * s.ocStride, s.ocStride, s.rowPitch, s.stageOut + g * s.groupOut * s.outH * s.outW * 4, s.groupOut, s.outH,
        s.outW, s.bias === 0 ? 0 : s.bias + g * s.groupOut * 4, relu,
      );
    }
    out.data.set(heap.f32().subarray(s.stageOut >> 2, (s.stageOut >> 2) + outSize), n * outSize);
  }
}
