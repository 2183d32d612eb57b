import { availableParallelism } from 'node:os';
import { SparseCnnError } from '@sparsecnn/tensor';
import type { BackendOptions, BackendProvider, Isa, KernelBackend } from '@sparsecnn/kernels-api';
import { bindingExists, defaultBindingPath, loadBinding } from './binding.js';
import { createNativeBackend } from './backend.js';

const SUPPORTED_PLATFORMS = new Set(['linux', 'darwin', 'freebsd']);

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
 * The native backend provider (priority 30). `isSupported()` only looks at the platform and whether the addon file
 * exists; `create()` loads it.
 */
export const nativeProvider: BackendProvider = {
  name: 'native',
  priority: 30,
  isSupported(): boolean | string {
    if (typeof process === 'undefined' || typeof process.versions?.node !== 'string') return 'not running on Node';
    if (!SUPPORTED_PLATFORMS.has(process.platform)) return `platform ${process.platform} is not supported by the native addon`;
    if (!bindingExists()) {
      return `the native addon ${defaultBindingPath()} is missing (reinstall @sparsecnn/kernels-native on linux x64, or set SPARSECNN_NATIVE_PATH)`;
    }
    return true;
  },
  async create(options: BackendOptions = {}): Promise<KernelBackend> {
    const threads = resolveThreads(options);
    const isa = resolveIsa(options);
    const addon = loadBinding(options.nativeBinding);
    return createNativeBackend(addon, { threads, isa });
  },
};
