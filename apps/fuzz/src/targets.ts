/**
 * Fuzz targets: one per parser. A target loads its real seed inputs, makes input `i` of a seeded run (a pure
 * function of the Rng), and checks one input: the parser must succeed or throw a SparseCnnError; what parses must
 * not lie (runtime planning of shapes against blob sizes, validateCsr / validateCsb of sparse matrices, a forward on
 * the js backend and on native for small nets, with the outputs compared).
 */
import {
  decodeBlobProto, decodeCaffeModel, decodeDeepCompressionNet, parsePrototxt, readCompactModel, toNetDescription, writeCompactModel, caffe,
} from '@sparsecnn/caffe-io';
import type { CompactNetLike as NetLike, NetParameter } from '@sparsecnn/caffe-io';
import type { CsbMatrix, CsrMatrix, SparseMatrix } from '@sparsecnn/sparse';
import {
  crc32, csbToDense, csrToCsb, csrToDense, decodeBundle, deserializeSparse, encodeBundle, readMatrixMarket,
  serializeSparse, validateCsb, validateCsr, BUNDLE_HEADER_BYTES,
} from '@sparsecnn/sparse';
import { resolveBackend, type KernelBackend } from '@sparsecnn/kernels-api';
import { createSession, planNetwork } from '@sparsecnn/runtime';
import { Rng, SparseCnnError, isSparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { readNpy } from '../../cli/src/lib/npy.js';
import { findData, haveData, readData, readDataText } from './data.js';
import { mutateBytesOnce, mutateProtobufOnce, mutateTextOnce, scanProtobuf, stack, type WireField } from './mutate.js';

let parsedHook: () => void = () => {};
/** The harness's hook: called when the parser part of a check is done and the (slower) lie checks begin. */
export function onParsed(f: () => void): void {
  parsedHook = f;
}
function parsed(): void {
  parsedHook();
}

/** A check failed in a way that is a bug: a lie got through, or the backends disagree on a valid net. */
export class Finding extends Error {
  constructor(readonly kind: 'lie' | 'mismatch', message: string) {
    super(message);
    this.name = 'Finding';
  }
}

export interface Generated {
  readonly bytes: Uint8Array;
  /** Which seed input and which mutations. */
  readonly how: string;
}

export interface Target {
  readonly name: string;
  /** Short description for the report. */
  readonly what: string;
  /** Extension of saved corpus files. */
  readonly ext: string;
  /** Real files the seeds come from (relative to shared/data); the target is unavailable when one is missing. */
  readonly files: readonly string[];
  /** Input `index` of a run (rng = inputRng(seed, parser, index)). */
  generate(rng: Rng, index: number): Generated;
  /** Resolves to 'ok', 'ok+forward' (a forward ran and matched) or the SparseCnnError code; throws on a bug. */
  check(bytes: Uint8Array): Promise<string>;
  /** Async set-up (seeds that need encoding), run once before generate(). */
  prepare?(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const FILE = 'fuzz-input';

/** Run a parser step: a SparseCnnError becomes its code, anything else propagates (a finding). */
function typed(e: unknown): string {
  if (isSparseCnnError(e)) return e.code;
  throw e;
}

function lie(message: string): never {
  throw new Finding('lie', message);
}

function checkSparse(m: SparseMatrix, what: string): void {
  try {
    if (m.format === 'csr') validateCsr(m, what);
    else validateCsb(m, what);
  } catch (e) {
    lie(`${what} was accepted but fails validation: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function maxAbsWeight(net: NetDescription): number {
  let m = 0;
  for (const l of net.layers) {
    for (const b of l.blobs) {
      for (let i = 0; i < b.data.length; i++) {
        const a = Math.abs(b.data[i]!);
        if (!(a <= m)) m = a; // NaN sticks
      }
    }
  }
  return m;
}

let nativeState: 'unknown' | 'yes' | 'no' = 'unknown';
/** Whether the native backend loads here (the harness still runs the js checks when it does not). */
export async function nativeAvailable(): Promise<boolean> {
  if (nativeState === 'unknown') {
    try {
      await resolveBackend(['native'], { threads: 1 });
      nativeState = 'yes';
    } catch {
      nativeState = 'no';
    }
  }
  return nativeState === 'yes';
}

/**
 * Load the backends and run one small net through planning and a js + native forward, so that one-time costs
 * (dlopen of the addon, wasm compile, thread pool start, JIT) are paid before the watchdog times any input.
 */
export async function warmUp(): Promise<void> {
  const rng = new Rng(5);
  const w = (shape: number[]): Tensor => ({ dtype: 'float32', shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-0.5, 0.5)) });
  const net = {
    name: 'warm-up',
    inputs: [{ name: 'data', shape: [1, 2, 8, 8] }],
    layers: [
      { name: 'conv', type: 'Convolution', bottoms: ['data'], tops: ['conv'], params: { numOutput: 4, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], group: 1, biasTerm: true }, blobs: [w([4, 2, 3, 3]), w([4])] },
      { name: 'relu', type: 'ReLU', bottoms: ['conv'], tops: ['conv'], params: { negativeSlope: 0 }, blobs: [] },
      { name: 'pool', type: 'Pooling', bottoms: ['conv'], tops: ['pool'], params: { pool: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false }, blobs: [] },
      { name: 'fc', type: 'InnerProduct', bottoms: ['pool'], tops: ['fc'], params: { numOutput: 3, biasTerm: true, transpose: false, axis: 1 }, blobs: [w([3, 64]), w([3])] },
      { name: 'prob', type: 'Softmax', bottoms: ['fc'], tops: ['prob'], params: { axis: 1 }, blobs: [] },
    ],
  } as unknown as NetDescription;
  for (let i = 0; i < 3; i++) await planAndForward(net);
}

/** Every value within atol + rtol * |ref|. */
function close(a: Float32Array, ref: Float32Array, atol: number, rtol: number): number {
  if (a.length !== ref.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - ref[i]!);
    const lim = atol + rtol * Math.abs(ref[i]!);
    if (!(d <= lim)) worst = Math.max(worst, Number.isNaN(d) ? Infinity : d / lim);
  }
  return worst;
}

/**
 * Plan the net (shapes against blob sizes) and, when it is small, run one forward on js and on native with the same
 * seeded input; outputs must agree when the weights are tame. Returns 'ok+forward' when a forward ran on both.
 */
export async function planAndForward(net: NetDescription, maxMacs = 4e6): Promise<string> {
  parsed();
  let macs: number;
  try {
    const plan = planNetwork(net, 1);
    macs = plan.totals.macs;
    for (const l of plan.layers) {
      for (const s of [...l.inputShapes, ...l.outputShapes]) {
        if (s.some((d) => !Number.isSafeInteger(d) || d < 0)) lie(`plan of layer '${l.name}' has a bad shape [${s.join(', ')}]`);
      }
    }
    if (plan.memory.arenaBytes > 512 * 1024 * 1024) return 'plan-big';
  } catch (e) {
    return typed(e);
  }
  if (macs > maxMacs) return 'ok';
  const feeds: Record<string, Tensor> = {};
  const rng = new Rng(1234);
  for (const input of net.inputs) {
    const shape = [1, ...input.shape.slice(1)];
    const n = shape.reduce((a, b) => a * b, 1);
    if (n > 4e6) return 'ok';
    feeds[input.name] = { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => rng.uniform(-1, 1)) };
  }
  const results: Array<Record<string, Tensor> | string> = [];
  const chains: Array<readonly string[]> = [['js']];
  if (await nativeAvailable()) chains.push(['native', 'js']);
  for (const backends of chains) {
    let session: Awaited<ReturnType<typeof createSession>> | undefined;
    try {
      session = await createSession(net, { backends, batch: 1, threads: 1 });
      results.push(await session.run(feeds));
    } catch (e) {
      results.push(typed(e));
    } finally {
      session?.dispose();
    }
  }
  const [js, nat] = results;
  if (js === undefined) return 'ok';
  if (nat === undefined) return typeof js === 'string' ? js : 'ok+js';
  if (typeof js === 'string' || typeof nat === 'string') {
    // Both refused (typed), or one did: the refusal is typed either way, which is what matters for safety.
    return typeof js === 'string' ? js : (nat as string);
  }
  const tame = maxAbsWeight(net) <= 64;
  for (const name of Object.keys(js)) {
    const a = nat[name];
    const r = js[name]!;
    if (!a || a.shape.join() !== r.shape.join()) throw new Finding('mismatch', `output '${name}': native shape [${a?.shape.join(', ')}] vs js [${r.shape.join(', ')}]`);
    if (tame && r.data.every(Number.isFinite)) {
      const worst = close(a.data, r.data, 1e-3, 1e-3);
      if (worst > 1) throw new Finding('mismatch', `output '${name}': native and js differ by ${worst.toFixed(2)}x the tolerance (atol 1e-3, rtol 1e-3)`);
    }
  }
  return 'ok+forward';
}

let jsBackend: KernelBackend | undefined;
let nativeBackend: KernelBackend | undefined;

/** Sparse inner product of a parsed matrix on js and native (spmm), compared; refusals must be typed. */
async function spmmBoth(m: SparseMatrix): Promise<string> {
  if (m.rows * m.cols > 4e6 || m.rows === 0 || m.cols === 0) return 'ok';
  jsBackend ??= await resolveBackend(['js']);
  if (nativeBackend === undefined && (await nativeAvailable())) nativeBackend = await resolveBackend(['native'], { threads: 1 });
  const rng = new Rng(m.rows * 31 + m.cols);
  const bias = Float32Array.from({ length: m.rows }, () => rng.uniform(-1, 1));
  const input: Tensor = { dtype: 'float32', shape: [2, m.cols], data: Float32Array.from({ length: 2 * m.cols }, () => rng.uniform(-1, 1)) };
  const outs: Array<Float32Array | string> = [];
  for (const b of [jsBackend, nativeBackend]) {
    if (!b) continue;
    try {
      const p = b.kernels.prepareSpmm!(m, bias, { relu: false });
      try {
        const out: Tensor = { dtype: 'float32', shape: [2, m.rows], data: new Float32Array(2 * m.rows).fill(NaN) };
        b.kernels.spmm!(input, p, out);
        outs.push(out.data);
      } finally {
        p.dispose();
      }
    } catch (e) {
      outs.push(typed(e));
    }
  }
  const [j, n] = outs;
  if (j === undefined) return 'ok';
  if (n === undefined || typeof j === 'string' || typeof n === 'string') return typeof j === 'string' ? j : typeof n === 'string' ? n : 'ok+js';
  let tame = true;
  for (let i = 0; i < m.values.length; i++) if (!(Math.abs(m.values[i]!) <= 64)) tame = false;
  if (tame) {
    const worst = close(n, j, 1e-3, 1e-3);
    if (worst > 1) throw new Finding('mismatch', `spmm ${m.rows}x${m.cols} (${m.format}): native and js differ by ${worst.toFixed(2)}x the tolerance`);
  }
  return 'ok+forward';
}

function pickWeighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let r = rng.next() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items[items.length - 1]![0];
}

/** 1..4 stacked byte mutations of `src`, described after `label`. */
function stackBytes(rng: Rng, src: Uint8Array, label: string, once: (rng: Rng, b: Uint8Array) => { bytes: Uint8Array; how: string }): Generated {
  const r = stack(rng, src, (g, b) => {
    const m = once(g, b);
    return { value: m.bytes, how: m.how };
  }, 4);
  return { bytes: r.value, how: `${label}; ${r.how}` };
}

/** 1..4 stacked text mutations of `src` (splicing from `others`), described after `label`. */
function stackText(rng: Rng, src: string, label: string, others: readonly string[]): { text: string; how: string } {
  const r = stack(rng, src, (g, t) => {
    const m = mutateTextOnce(g, t, others);
    return { value: m.text, how: m.how };
  }, 4);
  return { text: r.value, how: `${label}; ${r.how}` };
}

const enc = new TextEncoder();
const dec = new TextDecoder();

// ---------------------------------------------------------------------------------------------------------------
// Targets

const LENET_PROTO = 'models/lenet_mnist/lenet.prototxt';
const LENET_MODEL = 'models/lenet_mnist/lenet_iter_10000.caffemodel';
const SQUEEZE_PROTO = 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt';
const SQUEEZE_NET = 'models/squeezenet_deep_compression/compressed_SqueezeNet.net';
const MEAN_NPY = 'images/ilsvrc12/ilsvrc_2012_mean.npy';
const IMAGES = ['images/caffe_examples/cat.jpg', 'images/caffe_examples/fish-bike.jpg'];
const LENET_MTX = [
  'models/skimcaffe/lenet_pruned_acc0.9846_mtx/coo_conv1.weight.mtx',
  'models/skimcaffe/lenet_pruned_acc0.9846_mtx/coo_conv2.weight.mtx',
  'models/skimcaffe/lenet_pruned_acc0.9865_mtx/coo_conv1.weight.mtx',
  'models/skimcaffe/lenet_pruned_acc0.9865_mtx/coo_conv2.weight.mtx',
];
const CAFFENET_CONV1_MTX = 'models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx/coo_conv1.weight.mtx';

function prototxtTarget(): Target {
  const files = findData('models', '.prototxt').filter((f) => !f.includes('solver'));
  let seeds: Array<[string, string]> | undefined;
  return {
    name: 'prototxt',
    what: 'parsePrototxt + toNetDescription + planNetwork (+ js/native forward with random weights for small nets)',
    ext: '.prototxt',
    files: files.length > 0 ? files : [LENET_PROTO],
    generate(rng) {
      seeds ??= files.map((f) => [f, readDataText(f)]);
      // The small nets more often: they reach the forward check.
      const [f, text] = pickWeighted(rng, seeds.map((s) => [s, s[0].includes('lenet') ? 6 : 1] as const));
      const r = stackText(rng, text, f, seeds.map((s) => s[1]));
      return { bytes: enc.encode(r.text), how: r.how };
    },
    async check(bytes) {
      let desc: NetDescription;
      try {
        const net = parsePrototxt(dec.decode(bytes), { file: FILE }).net;
        desc = toNetDescription(net, undefined, { file: FILE });
      } catch (e) {
        return typed(e);
      }
      parsed();
      // Random weights of the declared shapes, so that the mutated geometry reaches the kernels.
      const rng = new Rng(99);
      let plan;
      try {
        plan = planNetwork(desc, 1);
      } catch (e) {
        return typed(e);
      }
      if (plan.totals.macs > 4e6) return 'ok';
      const layers = desc.layers.map((l) => {
        if ((l.type !== 'Convolution' && l.type !== 'InnerProduct') || l.blobs.length > 0) return l;
        const row = plan.layers.find((p) => p.name === l.name);
        const inShape = row?.inputShapes[0];
        if (!inShape) return l;
        const p = l.params as { numOutput: number; kernel?: [number, number]; group?: number; biasTerm: boolean; axis?: number; transpose?: boolean };
        let wshape: number[];
        if (l.type === 'Convolution') wshape = [p.numOutput, Math.floor(inShape[1]! / (p.group ?? 1)), p.kernel![0], p.kernel![1]];
        else {
          const k = inShape.slice(p.axis ?? 1).reduce((a, b) => a * b, 1);
          wshape = p.transpose ? [k, p.numOutput] : [p.numOutput, k];
        }
        const n = wshape.reduce((a, b) => a * b, 1);
        if (!(n <= 4e6)) return l;
        const blobs: Tensor[] = [{ dtype: 'float32', shape: wshape, data: Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? rng.uniform(-0.5, 0.5) : 0)) }];
        if (p.biasTerm) blobs.push({ dtype: 'float32', shape: [p.numOutput], data: Float32Array.from({ length: p.numOutput }, () => rng.uniform(-0.1, 0.1)) });
        return { ...l, blobs };
      });
      return planAndForward({ ...desc, layers });
    },
  };
}

function caffemodelTarget(): Target {
  let src: Uint8Array | undefined;
  let fields: WireField[] = [];
  let deploy: NetParameter | undefined;
  return {
    name: 'caffemodel',
    what: 'decodeCaffeModel + toNetDescription against lenet.prototxt (or alone) + plan + js/native forward',
    ext: '.caffemodel',
    files: [LENET_MODEL, LENET_PROTO],
    generate(rng) {
      if (!src) {
        src = readData(LENET_MODEL);
        fields = scanProtobuf(src);
      }
      const s = src;
      return stackBytes(rng, s, 'lenet_iter_10000.caffemodel', (r, b) =>
        b === s && r.next() < 0.7 ? mutateProtobufOnce(r, b, fields) : mutateBytesOnce(r, b, [], 4096),
      );
    },
    async check(bytes) {
      deploy ??= parsePrototxt(readDataText(LENET_PROTO)).net;
      let desc: NetDescription;
      let alone: NetDescription | undefined;
      try {
        const net = decodeCaffeModel(bytes, { file: FILE });
        desc = toNetDescription(deploy, net, { file: LENET_PROTO, weightsFile: FILE });
        try {
          alone = toNetDescription(net, undefined, { file: FILE, inputShapes: { data: [1, 1, 28, 28] } });
        } catch (e) {
          typed(e);
        }
      } catch (e) {
        return typed(e);
      }
      if (alone) {
        try {
          planNetwork(alone, 1);
        } catch (e) {
          typed(e);
        }
      }
      return planAndForward(desc);
    },
  };
}

function deepCompressionTarget(): Target {
  let src: Uint8Array | undefined;
  let deploy: NetParameter | undefined;
  return {
    name: 'dcnet',
    what: 'decodeDeepCompressionNet (SqueezeNet) + toNetDescription + planNetwork',
    ext: '.net',
    files: [SQUEEZE_NET, SQUEEZE_PROTO],
    generate(rng) {
      src ??= readData(SQUEEZE_NET);
      const s = src;
      // The header is 26 u32 counts (104 bytes); the first layer's codebook and bias follow.
      return stackBytes(rng, s, 'compressed_SqueezeNet.net', (r, b) => mutateBytesOnce(r, b, [], 104));
    },
    async check(bytes) {
      deploy ??= parsePrototxt(readDataText(SQUEEZE_PROTO)).net;
      let desc: NetDescription;
      try {
        const w = decodeDeepCompressionNet(bytes, deploy, { file: FILE });
        desc = toNetDescription(deploy, w, { file: SQUEEZE_PROTO, weightsFile: FILE });
      } catch (e) {
        return typed(e);
      }
      // SqueezeNet is too big for a forward per input: plan only (every blob checked against its layer).
      return planAndForward(desc, 0);
    },
  };
}

function mtxTarget(): Target {
  let seeds: Array<[string, string]> | undefined;
  return {
    name: 'mtx',
    what: 'readMatrixMarket + validateCsr + CSB + js/native spmm',
    ext: '.mtx',
    files: [...LENET_MTX, CAFFENET_CONV1_MTX],
    generate(rng) {
      seeds ??= [...LENET_MTX, CAFFENET_CONV1_MTX].map((f) => [f, readDataText(f)]);
      const [f, text] = pickWeighted(rng, seeds.map((s) => [s, s[0].includes('caffenet') ? 1 : 10] as const));
      // Entries are lines: numeric swaps hit indices, values and the size line.
      const r = stackText(rng, text, f, seeds.map((s) => s[1]));
      let t = r.text;
      const hows = [r.how];
      if (rng.next() < 0.15) {
        const lines = t.split('\n');
        lines[0] = rng.pick(['%%MatrixMarket matrix coordinate real symmetric', '%%MatrixMarket matrix coordinate pattern general',
          '%%MatrixMarket matrix coordinate integer skew-symmetric', '%%MatrixMarket matrix array real general', '%%MatrixMarket matrix coordinate complex general']);
        t = lines.join('\n');
        hows.push('banner');
      }
      return { bytes: enc.encode(t), how: hows.join('; ') };
    },
    async check(bytes) {
      const text = dec.decode(bytes);
      let m: CsrMatrix;
      try {
        m = readMatrixMarket(text, { file: FILE, duplicates: bytes.length % 2 === 0 ? 'sum' : 'error' });
      } catch (e) {
        return typed(e);
      }
      parsed();
      checkSparse(m, 'parsed MatrixMarket');
      let csb: CsbMatrix | undefined;
      try {
        csb = csrToCsb(m, { blockRows: 16, blockCols: 64 });
      } catch (e) {
        typed(e);
      }
      if (csb) {
        checkSparse(csb, 'CSB of the parsed matrix');
        const a = csrToDense(m);
        const b = csbToDense(csb);
        for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(a[i] === 0 && b[i] === 0)) lie(`CSB differs from CSR at ${i}`);
        await spmmBoth(csb);
      }
      return spmmBoth(m);
    },
  };
}

/** Recompute the CRC of a compact sparse matrix (SPMX) or bundle (SPBN) so that mutations reach the deep checks. */
export function reseal(b: Uint8Array): Uint8Array {
  const magic = dec.decode(b.subarray(0, 4));
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (magic === 'SPMX' && b.length >= 36) dv.setUint32(32, crc32(b, 36, b.length, crc32(b, 0, 32)), true);
  else if (magic === 'SPBN' && b.length >= BUNDLE_HEADER_BYTES) dv.setUint32(20, crc32(b, BUNDLE_HEADER_BYTES, b.length, crc32(b, 0, 20)), true);
  return b;
}

function sparseTarget(): Target {
  let seeds: Uint8Array[] | undefined;
  const make = () => {
    const ms = [...LENET_MTX, CAFFENET_CONV1_MTX].map((f) => readMatrixMarket(readDataText(f), { file: f }));
    const out: Uint8Array[] = [];
    for (const m of ms) {
      out.push(serializeSparse(m));
      out.push(serializeSparse(csrToCsb(m, { blockRows: 16, blockCols: 64 })));
    }
    out.push(serializeSparse(csrToCsb(ms[1]!, { blockRows: 70000, blockCols: 8 }))); // 32-bit block indices
    const bias: Tensor = { dtype: 'float32', shape: [50], data: Float32Array.from({ length: 50 }, (_, i) => Math.sin(i)) };
    out.push(encodeBundle({ meta: enc.encode('{"net":"lenet"}'), entries: [{ name: 'conv1/0', value: ms[0]! }, { name: 'conv1/1', value: bias }, { name: 'conv2/0', value: csrToCsb(ms[1]!, { blockRows: 8, blockCols: 32 }) }] }));
    return out;
  };
  return {
    name: 'sparse',
    what: 'deserializeSparse (SPMX CSR/CSB) and decodeBundle (SPBN) + validateCsr/validateCsb + js/native spmm',
    ext: '.spmx',
    files: [...LENET_MTX, CAFFENET_CONV1_MTX],
    generate(rng) {
      seeds ??= make();
      const src = pickWeighted(rng, seeds.map((s) => [s, s.length < 100_000 ? 4 : 1] as const));
      const g = stackBytes(rng, src, `seed ${seeds.indexOf(src)}`, (r, b) => mutateBytesOnce(r, b, seeds, 48));
      // Most mutations would only meet the CRC check: re-seal 70% so that they reach the structure checks.
      if (rng.next() < 0.7) return { bytes: reseal(g.bytes.slice()), how: `${g.how}; resealed` };
      return g;
    },
    async check(bytes) {
      const magic = dec.decode(bytes.subarray(0, 4));
      if (magic === 'SPBN') {
        let entries;
        try {
          entries = decodeBundle(bytes, { file: FILE }).entries;
        } catch (e) {
          return typed(e);
        }
        parsed();
        let r = 'ok';
        for (const e of entries) {
          if ('format' in e.value) {
            checkSparse(e.value, `bundle entry '${e.name}'`);
            r = await spmmBoth(e.value);
          } else {
            const n = e.value.shape.reduce((a, b) => a * b, 1);
            if (n !== e.value.data.length) lie(`bundle tensor '${e.name}' has shape [${e.value.shape.join(', ')}] but ${e.value.data.length} values`);
          }
        }
        return r;
      }
      let m: SparseMatrix;
      try {
        m = deserializeSparse(bytes, { file: FILE });
      } catch (e) {
        return typed(e);
      }
      parsed();
      checkSparse(m, 'deserialized matrix');
      return spmmBoth(m);
    },
  };
}

function compactModelTarget(): Target {
  let seeds: Array<{ name: string; bytes: Uint8Array; meta: Uint8Array; entries: ReturnType<typeof decodeBundle>['entries'] }> | undefined;
  const make = () => {
    const net = decodeCaffeModel(readData(LENET_MODEL)) as unknown as NetLike & { layer: NonNullable<NetLike['layer']> };
    // The compact format is for pruned models: LeNet with |w| < 0.05 set to zero (CSR entries), and its first five
    // layers alone (data, conv1, pool1, conv2, pool2), which parse and run ~8x faster.
    for (const l of net.layer) {
      for (const b of l.blobs ?? []) {
        const d = b.data as unknown as number[];
        for (let i = 0; i < d.length; i++) if (Math.abs(d[i]!) < 0.05) d[i] = 0;
      }
    }
    const small = { ...net, layer: net.layer.slice(0, 5) };
    return [['lenet pruned conv1-pool2.scnn', writeCompactModel(small)], ['lenet pruned.scnn', writeCompactModel(net)]].map(([name, bytes]) => {
      const b = decodeBundle(bytes as Uint8Array);
      return { name: name as string, bytes: bytes as Uint8Array, meta: b.meta!, entries: b.entries };
    });
  };
  return {
    name: 'scnn',
    what: 'compact model (.scnn): readCompactModel + toNetDescription of its own structure + plan + js/native forward',
    ext: '.scnn',
    files: [LENET_MODEL],
    generate(rng) {
      seeds ??= make();
      const seed = pickWeighted(rng, [[seeds[0]!, 6], [seeds[1]!, 1]] as const);
      const s = seed.bytes;
      const mode = rng.int(0, 2);
      if (mode === 0) return stackBytes(rng, s, seed.name, (r, b) => mutateBytesOnce(r, b, [], 64));
      if (mode === 1) {
        const g = stackBytes(rng, s, `${seed.name} resealed`, (r, b) => mutateBytesOnce(r, b, [], 4096));
        return { bytes: reseal(g.bytes.slice()), how: g.how };
      }
      // Damage the meta block (JSON records + NetParameter structure) and re-wrap it with a valid CRC.
      const meta = seed.meta;
      const jsonLen = new DataView(meta.buffer, meta.byteOffset).getUint32(12, true);
      let m: Uint8Array;
      let how: string;
      if (rng.next() < 0.6) {
        const t = mutateTextOnce(rng, dec.decode(meta.subarray(16, 16 + jsonLen)));
        const json = enc.encode(t.text);
        m = new Uint8Array(16 + json.length + meta.length - 16 - jsonLen);
        m.set(meta.subarray(0, 16));
        new DataView(m.buffer).setUint32(12, rng.next() < 0.9 ? json.length : rng.pick([0, jsonLen, 0xffffffff]), true);
        m.set(json, 16);
        m.set(meta.subarray(16 + jsonLen), 16 + json.length);
        how = `${seed.name}; meta json: ${t.how}`;
      } else {
        const r = rng.next() < 0.5 ? mutateProtobufOnce(rng, meta.slice(16 + jsonLen), scanProtobuf(meta.subarray(16 + jsonLen))) : mutateBytesOnce(rng, meta.subarray(16 + jsonLen), [], 64);
        m = new Uint8Array(16 + jsonLen + r.bytes.length);
        m.set(meta.subarray(0, 16 + jsonLen));
        m.set(r.bytes, 16 + jsonLen);
        how = `${seed.name}; meta structure: ${r.how}`;
      }
      return { bytes: encodeBundle({ meta: m, entries: seed.entries }), how };
    },
    async check(bytes) {
      let desc: NetDescription;
      try {
        const params = readCompactModel(bytes, { file: FILE });
        desc = toNetDescription(params, undefined, { file: FILE, inputShapes: { data: [1, 1, 28, 28] } });
      } catch (e) {
        return typed(e);
      }
      return planAndForward(desc);
    },
  };
}

/** Mean images: numpy .npy (the real ILSVRC mean and crops of it) and Caffe .binaryproto made from the same data. */
function meanTarget(): Target {
  let seeds: Array<[string, Uint8Array]> | undefined;
  const npyBytes = (shape: number[], data: Float64Array | Float32Array, descr: string): Uint8Array => {
    let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
    while ((10 + header.length + 1) % 64 !== 0) header += ' ';
    header += '\n';
    const out = new Uint8Array(10 + header.length + data.byteLength);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(out.buffer).setUint16(8, header.length, true);
    out.set(enc.encode(header), 10);
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
    return out;
  };
  const make = (): Array<[string, Uint8Array]> => {
    const real = readData(MEAN_NPY);
    const t = readNpy(real, { file: MEAN_NPY });
    const [c, h, w] = t.shape as [number, number, number];
    const crop = (s: number) => {
      const out = new Float64Array(c * s * s);
      const o = Math.floor((h - s) / 2);
      for (let k = 0; k < c; k++) for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) out[(k * s + y) * s + x] = t.data[(k * h + y + o) * w + x + o]!;
      return out;
    };
    const small = crop(32);
    const blob = (shape: number[], data: ArrayLike<number>) => caffe.BlobProto.encode(caffe.BlobProto.create({ shape: { dim: shape }, data: Array.from(data) })).finish();
    const legacy = caffe.BlobProto.encode(caffe.BlobProto.create({ num: 1, channels: c, height: 32, width: 32, data: Array.from(small) })).finish();
    return [
      ['ilsvrc_2012_mean.npy', real],
      ['mean crop 32 f8.npy', npyBytes([c, 32, 32], small, '<f8')],
      ['mean crop 32 f4.npy', npyBytes([c, 32, 32], Float32Array.from(small), '<f4')],
      ['mean crop 32.binaryproto', blob([1, c, 32, 32], small)],
      ['mean crop 32 legacy.binaryproto', legacy],
      ['mean crop 64.binaryproto', blob([1, c, 64, 64], crop(64))],
    ];
  };
  return {
    name: 'mean',
    what: 'readNpy / decodeBlobProto mean files + the mean-image checks of @sparsecnn/image (resolvePreprocess) and pixelsToInput',
    ext: '.mean',
    files: [MEAN_NPY],
    generate(rng) {
      seeds ??= make();
      const [name, src] = pickWeighted(rng, seeds.map((s) => [s, s[1].length > 200_000 ? 1 : 4] as const));
      const g = name.endsWith('.npy') && rng.next() < 0.5
        ? (() => {
          // Edit the header text (shape, descr, version) and keep the data.
          const hl = new DataView(src.buffer, src.byteOffset).getUint16(8, true);
          const t = mutateTextOnce(rng, dec.decode(src.subarray(10, 10 + hl)));
          const header = enc.encode(t.text);
          const out = new Uint8Array(10 + header.length + src.length - 10 - hl);
          out.set(src.subarray(0, 10));
          new DataView(out.buffer).setUint16(8, rng.next() < 0.9 ? header.length : rng.int(0, 0xffff), true);
          out.set(header, 10);
          out.set(src.subarray(10 + hl), 10 + header.length);
          return { bytes: out, how: `${name}; header ${t.how}` };
        })()
        : stackBytes(rng, src, name, (r, b) => (name.endsWith('.binaryproto') && r.next() < 0.6 ? mutateProtobufOnce(r, b, scanProtobuf(b, 64)) : mutateBytesOnce(r, b, [], 128)));
      return g;
    },
    async check(bytes) {
      const { resolvePreprocess, pixelsToInput } = await import('@sparsecnn/image');
      let t: Tensor;
      try {
        const isNpy = bytes[0] === 0x93;
        t = isNpy ? readNpy(bytes, { file: FILE }) : decodeBlobProto(bytes, { file: FILE });
      } catch (e) {
        return typed(e);
      }
      const n = t.shape.reduce((a, b) => a * b, 1);
      if (n !== t.data.length) lie(`mean tensor has shape [${t.shape.join(', ')}] but ${t.data.length} values`);
      if (t.shape.length === 4 && t.shape[0] === 1) t = { dtype: 'float32', shape: t.shape.slice(1), data: t.data };
      if (t.shape.length !== 3) return 'E_SHAPE';
      const [c, h, w] = t.shape as [number, number, number];
      if (c !== 1 && c !== 3) return 'E_SHAPE';
      const size = Math.min(h, w, 227);
      if (size === 0) return 'E_SHAPE';
      let p;
      try {
        p = resolvePreprocess({ channels: c, height: size, width: size, meanImage: t, resize: [Math.max(size, 256), Math.max(size, 256)] });
      } catch (e) {
        return typed(e);
      }
      const pixels = new Uint8Array(p.resize[0] * p.resize[1] * c).fill(128);
      const out = new Float32Array(c * size * size).fill(NaN);
      pixelsToInput(pixels, p, out);
      // Every output must come from a real mean value: undefined (out-of-bounds) reads give NaN.
      let finiteMean = true;
      for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i]!)) finiteMean = false;
      if (finiteMean && !out.every(Number.isFinite)) lie(`mean image [${t.shape.join(', ')}] read out of bounds for a ${size}x${size} input`);
      return 'ok';
    },
  };
}

/** Images through the CLI's decoder (sharp): the real JPEGs and small PNG / WebP / GIF / TIFF re-encodings of them. */
function imageTarget(): Target {
  let seeds: Array<[string, Uint8Array]> | undefined;
  let pending: Promise<void> | undefined;
  const load = async () => {
    const sharp = (await import('sharp')).default;
    const out: Array<[string, Uint8Array]> = [];
    for (const f of IMAGES) out.push([f, readData(f)]);
    const cat = readData(IMAGES[0]!);
    const small = sharp(cat).resize(48, 36);
    out.push(['cat 48x36.png', new Uint8Array(await small.clone().png().toBuffer())]);
    out.push(['cat 48x36 gray.png', new Uint8Array(await small.clone().grayscale().png().toBuffer())]);
    out.push(['cat 48x36.jpg', new Uint8Array(await small.clone().jpeg({ quality: 80 }).toBuffer())]);
    out.push(['cat 48x36 progressive.jpg', new Uint8Array(await small.clone().jpeg({ progressive: true }).toBuffer())]);
    out.push(['cat 48x36.webp', new Uint8Array(await small.clone().webp().toBuffer())]);
    out.push(['cat 48x36.gif', new Uint8Array(await small.clone().gif().toBuffer())]);
    out.push(['cat 48x36.tiff', new Uint8Array(await small.clone().tiff().toBuffer())]);
    seeds = out;
  };
  /** Overwrite the declared width/height (JPEG SOF, PNG IHDR, GIF screen): a decompression-bomb style lie. */
  const dims = (rng: Rng, b: Uint8Array): { bytes: Uint8Array; how: string } => {
    const out = b.slice();
    const dv = new DataView(out.buffer);
    const big = rng.pick([0, 1, 0x7fff, 0xffff, 65500, 30000]);
    if (out[0] === 0xff && out[1] === 0xd8) {
      for (let i = 2; i + 9 < out.length; i++) {
        if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
          dv.setUint16(i + 5 + (rng.next() < 0.5 ? 0 : 2), big);
          return { bytes: out, how: `jpeg SOF dim=${big}` };
        }
      }
    } else if (out[0] === 0x89 && out.length > 24) {
      const v = rng.pick([0, 1, 0x7fffffff, 0x10000, 100000, 0xffffffff]);
      dv.setUint32(16 + (rng.next() < 0.5 ? 0 : 4), v);
      return { bytes: out, how: `png IHDR dim=${v}` };
    } else if (out[0] === 0x47 && out.length > 10) {
      dv.setUint16(6 + (rng.next() < 0.5 ? 0 : 2), big, true);
      return { bytes: out, how: `gif dim=${big}` };
    }
    return mutateBytesOnce(rng, b);
  };
  return {
    name: 'image',
    what: 'images: @sparsecnn/image/node loadImageTensor (bomb check, sharp decode, resize, crop, mean); real JPEGs and small re-encodings (PNG, WebP, GIF, TIFF)',
    ext: '.img',
    files: IMAGES,
    generate(rng) {
      if (!seeds) throw new Error('image target: call prepare() first');
      const [name, src] = pickWeighted(rng, seeds.map((s) => [s, s[1].length > 20_000 ? 1 : 3] as const));
      const others = seeds.map((s) => s[1]);
      // SPARSECNN_FUZZ_IMAGE_BOMBS=0 leaves out the declared-dimension (decompression bomb) mutations.
      const bombs = process.env['SPARSECNN_FUZZ_IMAGE_BOMBS'] !== '0';
      return stackBytes(rng, src, name, (r, b) => (bombs && r.next() < 0.15 ? dims(r, b) : mutateBytesOnce(r, b, others, 512)));
    },
    async check(bytes) {
      // @sparsecnn/image's Node entry (what `sparsecnn classify` uses): header check against maxPixels, decode,
      // resize, crop, BGR, mean.
      const { loadImageTensor } = await import('@sparsecnn/image/node');
      let t: Tensor;
      try {
        t = await loadImageTensor(bytes, { channels: 3, height: 227, width: 227, meanValues: [104, 117, 123] }, { file: FILE });
      } catch (e) {
        return typed(e);
      }
      if (t.shape.join() !== '1,3,227,227' || t.data.length !== 3 * 227 * 227) lie(`image tensor [${t.shape.join(', ')}] with ${t.data.length} values`);
      if (!t.data.every(Number.isFinite)) lie('preprocessed image has non-finite values');
      return 'ok';
    },
    async prepare() {
      pending ??= load();
      await pending;
    },
  };
}

/**
 * The harness's own test target (only with SPARSECNN_FUZZ_SELFTEST=1): input i is byte i % 5, and the check
 * succeeds (0), throws a SparseCnnError (1), spins forever (2), throws a TypeError (3) or kills its process with
 * SIGSEGV (4), so that the watchdog, the crash handling and the corpus are tested end to end.
 */
function selfTestTarget(): Target {
  return {
    name: 'selftest',
    what: 'harness self-test',
    ext: '.bin',
    files: [],
    generate(_rng, index) {
      return { bytes: Uint8Array.of(index % 5), how: `self-test case ${index % 5}` };
    },
    async check(bytes) {
      switch (bytes[0]) {
        case 0:
          return 'ok';
        case 1:
          throw new SparseCnnError('E_FORMAT', 'self-test typed error');
        case 2: {
          // A hang (a loop the bundler cannot drop).
          let spins = 0;
          while (Date.now() > 0) spins++;
          return String(spins);
        }
        case 3:
          throw new TypeError('self-test untyped error');
        default:
          process.kill(process.pid, 'SIGSEGV');
          return 'unreachable';
      }
    },
  };
}

export const TARGET_NAMES = ['prototxt', 'caffemodel', 'dcnet', 'mtx', 'sparse', 'scnn', 'mean', 'image'] as const;
export type TargetName = (typeof TARGET_NAMES)[number] | 'selftest';

const FACTORIES: Record<TargetName, () => Target> = {
  prototxt: prototxtTarget,
  caffemodel: caffemodelTarget,
  dcnet: deepCompressionTarget,
  mtx: mtxTarget,
  sparse: sparseTarget,
  scnn: compactModelTarget,
  mean: meanTarget,
  image: imageTarget,
  selftest: selfTestTarget,
};

/** The target, its seeds loaded (async work such as encoding the image seeds done). */
export async function loadTarget(name: string): Promise<Target> {
  const f = name === 'selftest' && process.env['SPARSECNN_FUZZ_SELFTEST'] !== '1' ? undefined : FACTORIES[name as TargetName];
  if (!f) throw new Error(`unknown fuzz target '${name}' (one of ${TARGET_NAMES.join(', ')})`);
  const t = f();
  const missing = t.files.filter((x) => !haveData(x));
  if (missing.length > 0) throw new Error(`target ${name}: missing data file(s) ${missing.join(', ')}`);
  if (t.prepare) await t.prepare();
  return t;
}

export function targetAvailable(name: string): string[] {
  const f = FACTORIES[name as TargetName];
  return f ? f().files.filter((x) => !haveData(x)) : [`unknown target ${name}`];
}
