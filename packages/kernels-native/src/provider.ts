import { availableParallelism } from 'node:os';
import { SparseCnnError } from '@sparsecnn/tensor';
import type { BackendOptions, BackendProvider, Isa, KernelBackend } from '@sparsecnn/kernels-api';
import { loadBinding, nativeUnsupportedReason } from './binding.js';
import { createNativeBackend } from './backend.js';

/** Threads: options, then SPARSECNN_THREADS, then the available cores. */
export function resolveThreads(options: BackendOptions = {}): number {
  const fromEnv = process.env.SPARSECNN_THREADS;
  const raw = options.threads ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : availableParallelism());
  if (!Number.isSafeInteger(raw) || raw < 1 || raw > 1024) {
    throw new SparseCnnError('E_ARGUMENT', `threads must be an integer in [1, 1024], got ${options.threads ?? fromEnv}`, { backend: 'native' });
  }
  return raw;
}

/** ISA: options, then SPARSECNN_ISA, then the best the CPU has ('auto': avx512f > avx2 > scalar). */
export function resolveIsa(options: BackendOptions = {}): Isa | 'auto' {
  const fromEnv = process.env.SPARSECNN_ISA;
  const isa = options.isa ?? (fromEnv !== undefined && fromEnv !== '' ? (fromEnv as Isa | 'auto') : 'auto');
  if (isa !== 'auto' && isa !== 'avx512f' && isa !== 'avx2' && isa !== 'scalar') {
    throw new SparseCnnError('E_UNSUPPORTED', `the native backend has 'avx512f', 'avx2' and 'scalar' code paths, not '${isa}'`, { backend: 'native' });
  }
  return isa;
}

/**
 * The native backend provider (priority 30). Importing it loads nothing; `isSupported()` finds the addon for this
 * platform (prebuilt in the package, else a source build) and loads it, or returns the precise reason it cannot
 * (platform / arch / C library / N-API level / dlopen error, or SPARSECNN_DISABLE_NATIVE); `create()` starts a context.
 */
export const nativeProvider: BackendProvider = {
  name: 'native',
  priority: 30,
  isSupported(): boolean | string {
    return nativeUnsupportedReason() ?? true;
  },
  async create(options: BackendOptions = {}): Promise<KernelBackend> {
    const threads = resolveThreads(options);
    const isa = resolveIsa(options);
    const addon = loadBinding(options.nativeBinding);
    return createNativeBackend(addon, { threads, isa });
  },
};
