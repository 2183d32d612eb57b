/**
 * The addon's shape as TypeScript sees it, and how it is found and loaded. Nothing here runs at import time:
 * `loadBinding()` is called by `nativeProvider.create()` only.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SparseCnnError } from '@sparsecnn/tensor';

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
  eltwise(inputs: Float32Array[], output: Float32Array, op: number, coeffs: Float32Array): void;
  channelAffine(input: Float32Array, output: Float32Array, outer: number, c: number, inner: number, mul: Float32Array, add: Float32Array | null): void;
}

export interface NativeAddon {
  readonly cpu: { readonly avx2: boolean; readonly avx512f: boolean };
  readonly version: string;
  readonly Context: new (threads: number, isa: string) => NativeContext;
  readonly Handle: new () => NativeHandle;
}

/**
 * Where a source build puts the addon (relative to this module: src/ or dist/ are one level below the package).
 * `SPARSECNN_NATIVE_PATH` (an absolute path to a .node file) overrides it, e.g. for the sanitizer build that
 * `pnpm test:asan` loads from build-asan/.
 */
export function defaultBindingPath(): string {
  const override = typeof process !== 'undefined' ? process.env['SPARSECNN_NATIVE_PATH'] : undefined;
  if (override) return override;
  return fileURLToPath(new URL('../build/Release/sparsecnn.node', import.meta.url));
}

export function bindingExists(path = defaultBindingPath()): boolean {
  return existsSync(path);
}

function isAddon(x: unknown): x is NativeAddon {
  return typeof x === 'object' && x !== null && typeof (x as NativeAddon).Context === 'function' && typeof (x as NativeAddon).cpu === 'object';
}

/** Load the addon from a path, accept an already-loaded addon object, or load the default build. */
export function loadBinding(nativeBinding?: string | object): NativeAddon {
  if (nativeBinding !== undefined && typeof nativeBinding !== 'string') {
    if (!isAddon(nativeBinding)) throw new SparseCnnError('E_BACKEND', 'options.nativeBinding is not the sparsecnn addon', { backend: 'native' });
    return nativeBinding;
  }
  const path = nativeBinding ?? defaultBindingPath();
  if (!existsSync(path)) {
    throw new SparseCnnError(
      'E_BACKEND',
      `the native addon ${path} does not exist. Possible solutions: reinstall @sparsecnn/kernels-native on a ` +
        'platform it ships an addon for (linux x64); point SPARSECNN_NATIVE_PATH or { nativeBinding } at a built ' +
        "sparsecnn.node; or use the 'wasm' or 'js' backend",
      { backend: 'native' },
    );
  }
  const require = createRequire(import.meta.url);
  let mod: unknown;
  try {
    mod = require(path);
  } catch (e) {
    throw new SparseCnnError('E_BACKEND', `could not load the native addon ${path}: ${(e as Error).message}`, { backend: 'native' }, { cause: e });
  }
  if (!isAddon(mod)) throw new SparseCnnError('E_BACKEND', `${path} is not the sparsecnn addon`, { backend: 'native' });
  return mod;
}
