/**
 * The addon's shape as TypeScript sees it, and how it is found and loaded. Nothing here runs at import time:
 * `nativeProvider.isSupported()` and `create()` call it.
 *
 * Where the addon comes from, first match wins:
 * 1. `SPARSECNN_NATIVE_PATH`: an absolute path to a .node file (e.g. the sanitizer build in build-asan/);
 * 2. the prebuilt addon shipped in the package, node-gyp-build / prebuildify layout:
 *    `prebuilds/<platform>-<arch>/@sparsecnn+kernels-native[.<tag>...].node`, where the tags are `napi` (one
 *    N-API binary serves every Node version with that N-API level), `glibc` / `musl` (Linux C library) and
 *    `abi<N>` (a Node-ABI-specific build); the most specific file that fits wins;
 * 3. a source build: `build/Release/sparsecnn.node` (node-gyp's output in a checkout, or after building from source).
 * When none fits or it does not load, `nativeUnsupportedReason()` says exactly why (platform, arch, C library,
 * Node ABI / N-API level, or the dlopen error), so that the runtime can fall back to wasm and say so.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SparseCnnError, isSparseCnnError } from '@sparsecnn/tensor';

export interface NativeHandle {
  readonly bytes: number;
  readonly disposed: boolean;
  readonly inPerItem: number;
  readonly outPerItem: number;
  dispose(): void;
}

export interface NativeContext {
  dispose(): void;
  info(): { isa: 'avx512f' | 'avx2' | 'scalar'; threads: number; version: string };
  prepareSparseConv(geometry: Int32Array, channelBlock: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, bias: Float32Array | null): NativeHandle;
  prepareDenseConv(geometry: Int32Array, weights: Float32Array, bias: Float32Array | null): NativeHandle;
  prepareGemm(o: number, k: number, relu: boolean, weights: Float32Array, bias: Float32Array | null): NativeHandle;
  prepareSpmm(o: number, k: number, relu: boolean, rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, bias: Float32Array | null): NativeHandle;
  run(handle: NativeHandle, input: Float32Array, n: number, output: Float32Array): void;
  runAsync(handle: NativeHandle, input: Float32Array, n: number, output: Float32Array): Promise<void>;
  pool2d(input: Float32Array, output: Float32Array, params: Int32Array): void;
  relu(input: Float32Array, output: Float32Array, slope: number): void;
  lrn(input: Float32Array, output: Float32Array, params: Int32Array, alpha: number, beta: number, k: number): void;
  softmax(input: Float32Array, output: Float32Array, outer: number, len: number, inner: number): void;
  eltwise(inputs: Float32Array[], output: Float32Array, op: number, coeffs: Float32Array, relu: boolean): void;
  channelAffine(input: Float32Array, output: Float32Array, outer: number, c: number, inner: number, mul: Float32Array, add: Float32Array | null): void;
}

export interface NativeAddon {
  readonly cpu: { readonly avx2: boolean; readonly avx512f: boolean };
  readonly version: string;
  readonly Context: new (threads: number, isa: string) => NativeContext;
  readonly Handle: new () => NativeHandle;
}

/** The file name stem of prebuilt addons (the package name, '/' -> '+', as prebuildify names them). */
export const PREBUILD_STEM = '@sparsecnn+kernels-native';
/** The N-API version the addon is compiled for (NAPI_VERSION in binding.gyp): Node 12.22+, 14.17+, 15.12+, 16+. */
export const ADDON_NAPI_VERSION = 8;

/** Where the addon was found. */
export interface BindingLocation {
  readonly path: string;
  /** 'override': SPARSECNN_NATIVE_PATH; 'prebuild': shipped in prebuilds/; 'build': a source build in build/Release. */
  readonly kind: 'override' | 'prebuild' | 'build';
}

/** The package folder (this module is in src/ or dist/, one level below it). */
export function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

/** `<platform>-<arch>` as in prebuilds/ (e.g. linux-x64). */
export function platformTag(): string {
  return `${process.platform}-${process.arch}`;
}

let libcCache: 'glibc' | 'musl' | null | undefined;

/** The C library on Linux ('glibc' or 'musl'), null elsewhere or when it cannot be told. */
export function detectLibc(): 'glibc' | 'musl' | null {
  if (libcCache !== undefined) return libcCache;
  libcCache = null;
  if (process.platform !== 'linux') return libcCache;
  try {
    // Like detect-libc: ldd is a glibc shell script, or a symlink to musl's loader.
    const ldd = readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return (libcCache = 'musl');
    if (ldd.includes('GNU C Library') || ldd.includes('glibc')) return (libcCache = 'glibc');
  } catch {
    // no ldd: ask the process report
  }
  try {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    libcCache = header?.glibcVersionRuntime ? 'glibc' : 'musl';
  } catch {
    libcCache = null;
  }
  return libcCache;
}

/** One line describing this process for error messages: platform, arch, C library, Node version, ABI and N-API. */
export function runtimeDescription(): string {
  const libc = detectLibc();
  return (
    `${platformTag()}${libc ? ` (${libc})` : ''}, Node ${process.version} ` +
    `(ABI ${process.versions.modules}, N-API ${process.versions.napi ?? 'none'})`
  );
}

interface PrebuildTags {
  readonly file: string;
  readonly napi: boolean;
  readonly abi: string | null;
  readonly libc: string | null;
  readonly specificity: number;
}

function parseTags(file: string): PrebuildTags | null {
  if (!file.endsWith('.node')) return null;
  const parts = file.slice(0, -'.node'.length).split('.');
  let napi = false;
  let abi: string | null = null;
  let libc: string | null = null;
  let specificity = 0;
  for (const tag of parts.slice(1)) {
    if (tag === 'napi') napi = true;
    else if (/^abi\d+$/.test(tag)) abi = tag.slice(3);
    else if (tag === 'glibc' || tag === 'musl') libc = tag;
    else continue;
    specificity++;
  }
  return { file, napi, abi, libc, specificity };
}

/** Why a prebuilt file does not fit this process, or null when it does. */
function misfit(t: PrebuildTags, libc: string | null): string | null {
  if (t.libc && libc && t.libc !== libc) return `${t.file} is built for ${t.libc}, this system uses ${libc}`;
  if (t.napi) {
    const napi = Number(process.versions.napi ?? 0);
    return napi >= ADDON_NAPI_VERSION ? null : `${t.file} needs N-API ${ADDON_NAPI_VERSION}, this Node has N-API ${napi || 'none'}`;
  }
  if (t.abi !== null && t.abi !== process.versions.modules) {
    return `${t.file} is built for Node ABI ${t.abi}, this Node has ABI ${process.versions.modules}`;
  }
  return null;
}

/** The prebuilt addon for this platform, arch, C library and Node, or why there is none. */
export function findPrebuild(root = packageRoot()): { path: string } | { reason: string } {
  const base = join(root, 'prebuilds');
  const tag = platformTag();
  const shipped = existsSync(base) ? readdirSync(base).filter((d) => /^[a-z0-9]+-[a-z0-9]+/i.test(d)).sort() : [];
  if (!shipped.includes(tag)) {
    const have = shipped.length > 0 ? shipped.join(', ') : 'none';
    return { reason: `no prebuilt native addon for ${tag} in @sparsecnn/kernels-native (it ships: ${have})` };
  }
  const dir = join(base, tag);
  const libc = detectLibc();
  const misfits: string[] = [];
  let best: PrebuildTags | null = null;
  for (const file of readdirSync(dir).sort()) {
    const t = parseTags(file);
    if (!t) continue;
    const why = misfit(t, libc);
    if (why) misfits.push(why);
    else if (!best || t.specificity > best.specificity) best = t;
  }
  if (best) return { path: join(dir, best.file) };
  return {
    reason: misfits.length > 0
      ? `no prebuilt native addon in prebuilds/${tag} fits: ${misfits.join('; ')}`
      : `prebuilds/${tag} of @sparsecnn/kernels-native holds no .node file`,
  };
}

/** The addon this process would load (see the module comment for the order), or why there is none. */
export function locateBinding(root = packageRoot()): BindingLocation | { reason: string } {
  const override = typeof process !== 'undefined' ? process.env['SPARSECNN_NATIVE_PATH'] : undefined;
  if (override) {
    return existsSync(override)
      ? { path: override, kind: 'override' }
      : { reason: `SPARSECNN_NATIVE_PATH names ${override}, which does not exist` };
  }
  const prebuild = findPrebuild(root);
  if ('path' in prebuild) return { path: prebuild.path, kind: 'prebuild' };
  const build = join(root, 'build', 'Release', 'sparsecnn.node');
  if (existsSync(build)) return { path: build, kind: 'build' };
  return { reason: prebuild.reason };
}

/**
 * The path of the addon that would be loaded (see `locateBinding`); when there is none, where this platform's
 * prebuilt addon would be.
 */
export function defaultBindingPath(): string {
  const where = locateBinding();
  if ('path' in where) return where.path;
  const libc = detectLibc();
  return join(packageRoot(), 'prebuilds', platformTag(), `${PREBUILD_STEM}.napi${libc ? `.${libc}` : ''}.node`);
}

export function bindingExists(path = defaultBindingPath()): boolean {
  return existsSync(path);
}

function isAddon(x: unknown): x is NativeAddon {
  return typeof x === 'object' && x !== null && typeof (x as NativeAddon).Context === 'function' && typeof (x as NativeAddon).cpu === 'object';
}

const HINT =
  'To use native here, build the addon from source (`npx node-gyp rebuild` in the @sparsecnn/kernels-native folder: ' +
  'a C++17 compiler, make, python3) or point SPARSECNN_NATIVE_PATH at a built sparsecnn.node';

function loadFrom(path: string, kind: BindingLocation['kind'] | 'option'): NativeAddon {
  const require = createRequire(import.meta.url);
  let mod: unknown;
  try {
    mod = require(path);
  } catch (e) {
    const what = kind === 'prebuild' ? 'the prebuilt native addon' : kind === 'build' ? 'the source-built native addon' : 'the native addon';
    // dlopen's message starts with the path again: keep only what follows it.
    let msg = (e as Error).message.split('\n')[0] ?? '';
    if (msg.startsWith(`${path}: `)) msg = msg.slice(path.length + 2);
    throw new SparseCnnError(
      'E_BACKEND',
      `${what} ${path} failed to load on ${runtimeDescription()}: dlopen error: ${msg}. ${HINT}`,
      { backend: 'native', file: path },
      { cause: e },
    );
  }
  if (!isAddon(mod)) throw new SparseCnnError('E_BACKEND', `${path} is not the sparsecnn addon`, { backend: 'native', file: path });
  return mod;
}

/** The outcome of loading the addon `locateBinding()` finds (the addon or the error), with the override it used. */
let defaultLoad: { readonly key: string | undefined; readonly result: unknown } | undefined;

/**
 * Load the addon from a path, accept an already-loaded addon object, or load the one `locateBinding()` finds (that
 * outcome is cached). Throws E_BACKEND naming the file and the reason (no addon for this platform, or the dlopen error).
 */
export function loadBinding(nativeBinding?: string | object): NativeAddon {
  if (nativeBinding !== undefined && typeof nativeBinding !== 'string') {
    if (!isAddon(nativeBinding)) throw new SparseCnnError('E_BACKEND', 'options.nativeBinding is not the sparsecnn addon', { backend: 'native' });
    return nativeBinding;
  }
  if (typeof nativeBinding === 'string') {
    if (!existsSync(nativeBinding)) {
      throw new SparseCnnError('E_BACKEND', `options.nativeBinding names ${nativeBinding}, which does not exist`, { backend: 'native', file: nativeBinding });
    }
    return loadFrom(nativeBinding, 'option');
  }
  // Found and loaded (or failed) at most once per SPARSECNN_NATIVE_PATH value: isSupported() and create() both
  // come here, and neither a failed dlopen nor the prebuilds/ scan is repeated.
  const key = process.env['SPARSECNN_NATIVE_PATH'];
  if (defaultLoad === undefined || defaultLoad.key !== key) {
    let result: unknown;
    try {
      result = loadLocated();
    } catch (e) {
      result = e;
    }
    defaultLoad = { key, result };
  }
  if (isAddon(defaultLoad.result)) return defaultLoad.result;
  throw defaultLoad.result;
}

function loadLocated(): NativeAddon {
  const where = locateBinding();
  if (!('path' in where)) {
    const hint = process.platform === 'linux' && process.arch === 'x64'
      ? HINT
      : 'The native addon is built for x86-64 Linux only (its kernels use AVX2 / AVX-512 through GCC flags)';
    throw new SparseCnnError('E_BACKEND', `${where.reason}; this process: ${runtimeDescription()}. ${hint}`, { backend: 'native' });
  }
  return loadFrom(where.path, where.kind);
}

/** True when SPARSECNN_DISABLE_NATIVE is set to anything but '', '0' or 'false'. */
export function nativeDisabled(): boolean {
  const v = typeof process !== 'undefined' ? process.env['SPARSECNN_DISABLE_NATIVE'] : undefined;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * Null when the addon loads in this process; otherwise why not, precisely: not Node, disabled by
 * SPARSECNN_DISABLE_NATIVE, no prebuilt addon for this platform / arch / C library / N-API level, or the dlopen
 * error. Loads the addon (at most once per SPARSECNN_NATIVE_PATH value, see `loadBinding`), so it is not called at
 * import time.
 */
export function nativeUnsupportedReason(): string | null {
  if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') return 'not running on Node';
  if (nativeDisabled()) return `disabled by SPARSECNN_DISABLE_NATIVE=${process.env['SPARSECNN_DISABLE_NATIVE']}`;
  try {
    loadBinding();
    return null;
  } catch (e) {
    return isSparseCnnError(e) ? e.bareMessage() : (e as Error).message;
  }
}
