import { SparseCnnError } from '@sparsecnn/tensor';
import { wasmUnsupportedReason } from './simd.js';

/** File name of the kernels module (baseline WebAssembly SIMD). */
export const WASM_FILE = 'sparsecnn-kernels.simd.wasm';
/** File name of the same kernels on an imported shared memory (wasm threads). */
export const WASM_THREADS_FILE = 'sparsecnn-kernels.simd-mt.wasm';
/** Pages of the shared memory: initial (build-wasm.mjs --initialMemory) and maximum (--maximumMemory, 2 GiB). */
const SHARED_INITIAL_PAGES = 4;
const SHARED_MAXIMUM_PAGES = 32768;

/** The functions the kernels module exports (byte addresses are plain numbers). */
export interface KernelsExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  sparseConvGroup(
    input: number, segCount: number, segInStride: number, nvec: number, scratch: number, segOutStride: number,
    ocStride: number, ocCount: number, blockPtr: number, numBlocks: number, offs: number, vals: number, ocBlock: number,
  ): void;
  denseConvGroup(
    input: number, segCount: number, segInStride: number, nvec: number, scratch: number, segOutStride: number,
    ocStride: number, pairs: number, K: number, kBlock: number, offs: number, w: number,
  ): void;
  convFinish(
    scratch: number, ocStride: number, rowPitch: number, out: number, ocCount: number, outH: number, outW: number,
    bias: number, relu: number,
  ): void;
  packInput(src: number, dst: number, C: number, H: number, W: number, chanRows: number, padH: number, padW: number, sw: number, wq: number): void;
  gemm(x: number, w: number, bias: number, y: number, N: number, O: number, K: number, relu: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  spmmCsr(xT: number, N: number, rowPtr: number, cols: number, vals: number, yT: number, O: number): void;
  spmmCsr16(xT: number, N: number, rowPtr: number, cols: number, vals: number, yT: number, o0: number, o1: number): void;
  spmmCoo(xT: number, N: number, rows: number, cols: number, vals: number, nnz: number, yT: number): void;
  spmmFinish(yT: number, y: number, N: number, O: number, bias: number, relu: number): void;
  relu(src: number, dst: number, n: number, slope: number): void;
  affine(src: number, dst: number, outer: number, C: number, inner: number, scale: number, shift: number): void;
  eltwiseInto(dst: number, src: number, n: number, op: number, coeff: number): void;
  scaleInPlace(dst: number, n: number, coeff: number): void;
  pool2d(
    src: number, dst: number, planes: number, H: number, W: number, OH: number, OW: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, method: number,
  ): void;
  lrnAcross(src: number, dst: number, N: number, C: number, inner: number, size: number, alpha: number, beta: number, k: number, sq: number): void;
  lrnWithin(src: number, dst: number, planes: number, H: number, W: number, size: number, alpha: number, beta: number, k: number): void;
  softmax(src: number, dst: number, outer: number, axis: number, inner: number): void;
}

const REQUIRED: ReadonlyArray<keyof KernelsExports> = [
  'memory', 'heapBase', 'sparseConvGroup', 'denseConvGroup', 'convFinish', 'packInput', 'gemm', 'transpose', 'spmmCsr', 'spmmCsr16', 'spmmCoo',
  'spmmFinish', 'relu', 'affine', 'eltwiseInto', 'scaleInPlace', 'pool2d', 'lrnAcross', 'lrnWithin', 'softmax',
];

function checkExports(ex: Record<string, unknown>): KernelsExports {
  const missing = REQUIRED.filter((k) => ex[k] === undefined);
  if (missing.length > 0 || !(ex.memory instanceof WebAssembly.Memory)) {
    throw new SparseCnnError('E_FORMAT', `the kernels module lacks exports: ${missing.join(', ') || 'memory'} (wrong or stale .wasm file?)`, {
      backend: 'wasm',
    });
  }
  return ex as unknown as KernelsExports;
}

export interface LoadOptions {
  readonly wasmBinary?: Uint8Array | ArrayBuffer;
  /** The shared-memory build's bytes (threads > 1 with wasmBinary). */
  readonly wasmThreadsBinary?: Uint8Array | ArrayBuffer;
  readonly wasmPath?: string | URL;
}

function isNode(): boolean {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

function envPath(): string | undefined {
  if (!isNode()) return undefined;
  const v = process.env.SPARSECNN_WASM_PATH;
  return v !== undefined && v !== '' ? v : undefined;
}

/** The default location: next to this module (what Vite and webpack 5 recognise and emit as an asset). */
function defaultUrl(threads: boolean): URL {
  return threads ? new URL('./sparsecnn-kernels.simd-mt.wasm', import.meta.url) : new URL('./sparsecnn-kernels.simd.wasm', import.meta.url);
}

async function readNodeFile(path: string | URL): Promise<Uint8Array> {
  // Hidden from bundlers (a browser build never takes this branch, and webpack rejects `node:` imports for the web).
  const specifier = 'node:fs/promises';
  const fs = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as typeof import('node:fs/promises');
  return new Uint8Array(await fs.readFile(path));
}

async function fetchBytes(url: string | URL): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Read the module's bytes from a path, file: URL or http(s) URL. */
async function readFrom(where: string | URL): Promise<Uint8Array> {
  const s = String(where);
  if (/^(https?|blob|data):/i.test(s) || !isNode()) return fetchBytes(where);
  return readNodeFile(/^file:/i.test(s) ? new URL(s) : s);
}

/**
 * Locate and read the kernels module: `wasmBinary` bytes, else `wasmPath` (or SPARSECNN_WASM_PATH in Node: a file
 * path, a file:/http(s): URL, or a directory ending in '/'), else the file next to this module (in a source
 * checkout, the build's `generated/` folder).
 */
export async function loadKernelsBinary(options: LoadOptions = {}, threads = false): Promise<Uint8Array> {
  const file = threads ? WASM_THREADS_FILE : WASM_FILE;
  if (threads) {
    // The shared-memory build sits beside the single-thread one: a path or URL naming that file is redirected.
    const b = options.wasmThreadsBinary;
    if (b !== undefined) return loadKernelsBinary({ wasmBinary: b });
    if (options.wasmBinary !== undefined) {
      throw new SparseCnnError('E_ARGUMENT', `wasmBinary holds the single-thread module; threads need wasmThreadsBinary (${WASM_THREADS_FILE})`, { backend: 'wasm' });
    }
    const p = options.wasmPath ?? envPath();
    const ps = p === undefined ? '' : String(p);
    if (p !== undefined && !ps.endsWith('/')) {
      if (!ps.endsWith(WASM_FILE)) {
        throw new SparseCnnError('E_ARGUMENT', `cannot derive the location of ${WASM_THREADS_FILE} from wasmPath ${ps}`, { backend: 'wasm' });
      }
      const mt = p instanceof URL ? new URL(WASM_THREADS_FILE, p) : ps.slice(0, ps.length - WASM_FILE.length) + WASM_THREADS_FILE;
      return loadKernelsBinary({ wasmPath: mt }, false);
    }
  }
  if (options.wasmBinary !== undefined) {
    const b = options.wasmBinary;
    if (b instanceof Uint8Array) return b;
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    throw new SparseCnnError('E_ARGUMENT', 'wasmBinary must be a Uint8Array or ArrayBuffer', { backend: 'wasm' });
  }
  let explicit: string | URL | undefined = options.wasmPath ?? envPath();
  // A directory (trailing slash), as in tfjs' setWasmPaths: the file name is appended.
  if (explicit !== undefined && String(explicit).endsWith('/')) {
    explicit = explicit instanceof URL ? new URL(file, explicit) : `${explicit}${file}`;
  }
  const tried: string[] = [];
  const candidates: Array<string | URL> = [];
  if (explicit !== undefined) candidates.push(explicit);
  else {
    let url: URL | undefined;
    try {
      url = defaultUrl(threads);
    } catch {
      url = undefined;
    }
    if (url) {
      candidates.push(url);
      // Running from the TypeScript sources (tests): the build writes the module to ../generated/.
      if (isNode() && url.protocol === 'file:') candidates.push(new URL(`../generated/${file}`, url));
    }
  }
  for (const c of candidates) {
    try {
      return await readFrom(c);
    } catch (e) {
      tried.push(`${String(c)} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  throw new SparseCnnError(
    'E_IO',
    `cannot load ${file}: tried ${tried.length > 0 ? tried.join('; ') : 'nothing (no location known)'}. Possible solutions: ` +
      `serve the .wasm file next to the bundle (or reinstall @sparsecnn/kernels-wasm); pass { wasmPath } or { wasmBinary }; set ` +
      `SPARSECNN_WASM_PATH; or import '@sparsecnn/kernels-wasm/inline', which embeds the module`,
    { backend: 'wasm' },
  );
}

const moduleCache = new WeakMap<Uint8Array, Promise<WebAssembly.Module>>();

/** Compile and instantiate the kernels module (checks SIMD support and the export list). */
export async function instantiateKernels(bytes: Uint8Array): Promise<KernelsExports> {
  const reason = wasmUnsupportedReason();
  if (reason !== null) throw new SparseCnnError('E_UNSUPPORTED', reason, { backend: 'wasm' });
  let mod = moduleCache.get(bytes);
  if (!mod) {
    mod = WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    moduleCache.set(bytes, mod);
  }
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(await mod, {});
  } catch (e) {
    moduleCache.delete(bytes);
    throw new SparseCnnError('E_FORMAT', `the kernels module does not compile or instantiate: ${e instanceof Error ? e.message : String(e)}`, {
      backend: 'wasm',
    }, { cause: e });
  }
  return checkExports(instance.exports);
}

/** The shared-memory build instantiated on a new shared memory, with its compiled module (for the workers). */
export async function instantiateThreadedKernels(bytes: Uint8Array): Promise<{ ex: KernelsExports; module: WebAssembly.Module; memory: WebAssembly.Memory }> {
  let module: WebAssembly.Module;
  let instance: WebAssembly.Instance;
  const memory = new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: SHARED_MAXIMUM_PAGES, shared: true });
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `the shared-memory kernels module does not compile or instantiate: ${e instanceof Error ? e.message : String(e)}`, {
      backend: 'wasm',
    }, { cause: e });
  }
  return { ex: checkExports(instance.exports), module, memory };
}
