import type { AsyncKernelTable, KernelTable } from './ops.js';

export type BackendName = 'native' | 'wasm' | 'js' | (string & {});
export type Isa = 'avx512f' | 'avx2' | 'sse4.2' | 'neon' | 'scalar' | 'wasm-simd128' | 'wasm-scalar' | 'js';

export interface BackendInfo {
  readonly name: BackendName;
  readonly isa: Isa;
  readonly threads: number;
  readonly version: string;
}

/** A loaded backend: a kernel table (a subset of the ops), optional async forms, and explicit disposal. */
export interface KernelBackend {
  readonly name: BackendName;
  readonly kernels: Partial<KernelTable>;
  /** Promise-returning forms of long ops, run off the main thread (native: a worker thread of the addon's pool). */
  readonly async?: Partial<AsyncKernelTable>;
  info(): BackendInfo;
  dispose(): void;
}

export interface BackendOptions {
  /** Worker threads (native); default: available cores, or SPARSECNN_THREADS. */
  readonly threads?: number;
  /** Force a code path, e.g. 'scalar' (tests, benchmarks); default: the best the CPU supports, or SPARSECNN_ISA. */
  readonly isa?: Isa;
  /** wasm: where the .wasm file is (URL or path), or its bytes. */
  readonly wasmPath?: string | URL;
  readonly wasmBinary?: Uint8Array;
  /** native: path to a .node file or an already-loaded addon object. */
  readonly nativeBinding?: string | object;
}

/** What a kernels-* package exports. Importing it must not load any binary. */
export interface BackendProvider {
  readonly name: BackendName;
  /** native 30, wasm 20, js 10; < 0: only when asked for by name. */
  readonly priority: number;
  /**
   * Probe, called when a chain is resolved, never at import (platform, WebAssembly.validate; native also loads its
   * addon so that a failing dlopen is reported here). Returns false or a reason string when unsupported.
   */
  isSupported(): boolean | string | Promise<boolean | string>;
  create(options?: BackendOptions): Promise<KernelBackend>;
}

export type BackendState = 'registered' | 'initializing' | 'ready' | 'failed' | 'unsupported';

export interface BackendStatus {
  readonly name: BackendName;
  readonly priority: number;
  readonly state: BackendState;
  readonly error?: string;
}
