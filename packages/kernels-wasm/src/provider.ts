import type { BackendOptions, BackendProvider } from '@sparsecnn/kernels-api';
import { SparseCnnError } from '@sparsecnn/tensor';
import { createWasmBackendFromExports, type WasmBackendOptions, type WasmKernelBackend } from './backend.js';
import { instantiateKernels, loadKernelsBinary } from './loader.js';
import { wasmUnsupportedReason } from './simd.js';

export type WasmCreateOptions = BackendOptions & WasmBackendOptions;

function checkIsa(options: BackendOptions): void {
  if (options.isa !== undefined && options.isa !== 'wasm-simd128') {
    throw new SparseCnnError('E_UNSUPPORTED', `the wasm backend only has the 'wasm-simd128' code path, not '${options.isa}'`, { backend: 'wasm' });
  }
}

/**
 * Load the kernels module (from `wasmBinary`, `wasmPath`, SPARSECNN_WASM_PATH or next to this module) and create a
 * backend. Every backend has its own instance and linear memory. Throws E_UNSUPPORTED without WebAssembly SIMD.
 */
export async function createWasmBackend(options: WasmCreateOptions = {}): Promise<WasmKernelBackend> {
  checkIsa(options);
  const reason = wasmUnsupportedReason();
  if (reason !== null) throw new SparseCnnError('E_UNSUPPORTED', reason, { backend: 'wasm' });
  const bytes = await loadKernelsBinary(options);
  return createWasmBackendFromExports(await instantiateKernels(bytes), options);
}

/** The wasm backend provider (priority 20). Importing it loads nothing; `create()` loads the module. */
export const wasmProvider: BackendProvider = {
  name: 'wasm',
  priority: 20,
  isSupported() {
    return wasmUnsupportedReason() ?? true;
  },
  create(options?: BackendOptions) {
    return createWasmBackend(options);
  },
};
