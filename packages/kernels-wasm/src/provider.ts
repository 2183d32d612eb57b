import type { BackendOptions, BackendProvider } from '@sparsecnn/kernels-api';
import { SparseCnnError } from '@sparsecnn/tensor';
import { createWasmBackendFromExports, type WasmBackendOptions, type WasmKernelBackend } from './backend.js';
import { instantiateKernels, instantiateThreadedKernels, loadKernelsBinary, type LoadOptions } from './loader.js';
import { wasmUnsupportedReason } from './simd.js';
import { WasmThreadPool, wasmThreadsUnsupportedReason } from './threads.js';

export type WasmCreateOptions = BackendOptions & WasmBackendOptions & Pick<LoadOptions, 'wasmThreadsBinary'>;

/** Most threads a wasm backend starts (the caller plus workers). */
export const MAX_WASM_THREADS = 64;

let threadsNoticeShown = false;

type WarningProcess = { emitWarning?: (message: string, options: { type: string; code: string }) => void };

/**
 * The one notice when threads were asked for but cannot run here, once per process or page: Node's
 * `process.emitWarning` (type 'SparseCnnWarning', code 'SPARSECNN_WASM_THREADS'), else `console.warn`.
 */
function threadsNotice(threads: number, why: string): void {
  if (threadsNoticeShown) return;
  threadsNoticeShown = true;
  const message = `the wasm backend runs on 1 thread, not the ${threads} requested: ${why}`;
  const proc = (globalThis as { process?: WarningProcess }).process;
  if (proc && typeof proc.emitWarning === 'function') proc.emitWarning(message, { type: 'SparseCnnWarning', code: 'SPARSECNN_WASM_THREADS' });
  else console.warn(`SparseCnnWarning: ${message}`);
}

function threadCount(options: BackendOptions): number {
  const t = options.threads;
  if (t === undefined) return 1;
  if (!Number.isSafeInteger(t) || t < 1) throw new SparseCnnError('E_ARGUMENT', `threads must be a positive integer, got ${String(t)}`, { backend: 'wasm' });
  return Math.min(t, MAX_WASM_THREADS);
}

function checkIsa(options: BackendOptions): void {
  if (options.isa !== undefined && options.isa !== 'wasm-simd128') {
    throw new SparseCnnError('E_UNSUPPORTED', `the wasm backend only has the 'wasm-simd128' code path, not '${options.isa}'`, { backend: 'wasm' });
  }
}

/**
 * Load the kernels module (from `wasmBinary`, `wasmPath`, SPARSECNN_WASM_PATH or next to this module) and create a
 * backend. Every backend has its own instance and linear memory. Throws E_UNSUPPORTED without WebAssembly SIMD.
 * `threads` > 1 (default 1): the shared-memory build on a SharedArrayBuffer with threads - 1 workers (Node
 * worker_threads, browser Web Workers); where that cannot run (no SharedArrayBuffer: a page that is not cross-origin
 * isolated; no shared wasm memory; the module file not found) the backend runs on one thread after one notice.
 */
export async function createWasmBackend(options: WasmCreateOptions = {}): Promise<WasmKernelBackend> {
  checkIsa(options);
  const reason = wasmUnsupportedReason();
  if (reason !== null) throw new SparseCnnError('E_UNSUPPORTED', reason, { backend: 'wasm' });
  const threads = threadCount(options);
  if (threads > 1) {
    const why = wasmThreadsUnsupportedReason();
    if (why !== null) threadsNotice(threads, why);
    else {
      let pool: WasmThreadPool | null = null;
      try {
        const { ex, module, memory } = await instantiateThreadedKernels(await loadKernelsBinary(options, true));
        pool = await WasmThreadPool.create(ex, module, memory, threads);
        return createWasmBackendFromExports(ex, options, pool);
      } catch (e) {
        pool?.dispose();
        threadsNotice(threads, e instanceof Error ? e.message : String(e));
      }
    }
  }
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
