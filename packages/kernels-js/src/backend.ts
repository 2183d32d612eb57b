import type { BackendInfo, BackendProvider, KernelBackend, KernelName, KernelTable } from '@sparsecnn/kernels-api';
import { SparseCnnError, isSparseCnnError } from '@sparsecnn/tensor';
import { jsKernels } from './kernel-table.js';
import { VERSION } from './version.js';

/**
 * Rethrow any failure of `op` as a SparseCnnError naming the op and the backend: typed errors keep their code,
 * anything else (a TypeError from a malformed argument) becomes E_ARGUMENT with the original as its cause.
 */
function withContext<K extends KernelName>(op: K, fn: KernelTable[K]): KernelTable[K] {
  const wrapped = (...args: unknown[]): unknown => {
    try {
      return (fn as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      if (err instanceof SparseCnnError) throw err.withContext({ op, backend: 'js' });
      if (isSparseCnnError(err)) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new SparseCnnError('E_ARGUMENT', `invalid arguments: ${message}`, { op, backend: 'js' }, { cause: err });
    }
  };
  return wrapped as KernelTable[K];
}

/** The reference backend: every op in plain TypeScript, single-threaded. Nothing to load, nothing to free. */
export function createJsBackend(): KernelBackend {
  const kernels = {} as Record<KernelName, unknown>;
  for (const name of Object.keys(jsKernels) as KernelName[]) kernels[name] = withContext(name, jsKernels[name]);
  const info: BackendInfo = { name: 'js', isa: 'js', threads: 1, version: VERSION };
  return {
    name: 'js',
    kernels: kernels as unknown as KernelTable,
    info: () => info,
    dispose: () => {},
  };
}

/** Provider for the registry: priority 10 (below native 30 and wasm 20), supported everywhere. */
export const jsProvider: BackendProvider = {
  name: 'js',
  priority: 10,
  isSupported: () => true,
  create: async () => createJsBackend(),
};
