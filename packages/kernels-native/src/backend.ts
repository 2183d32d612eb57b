/**
 * The native KernelBackend: validation in TypeScript (kernels-api's shared rules), then one call into the addon,
 * which validates sizes and indices again before touching memory. Each op lives in src/ops/<op>.ts; the table is
 * assembled in kernel-table.ts.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import type { BackendInfo, Isa, KernelBackend, Prepared, PreparedKind } from '@sparsecnn/kernels-api';
import type { NativeAddon, NativeContext } from './binding.js';
import { BACKEND, guard } from './errors.js';
import { nativeAsyncKernels, nativeKernels } from './kernel-table.js';
import { NativePrepared, type NativeOpContext } from './ops/context.js';

export { toSparseCnnError } from './errors.js';

export interface NativeBackendOptions {
  readonly threads: number;
  readonly isa: Isa | 'auto';
}

/** Build a backend on a loaded addon. */
export function createNativeBackend(addon: NativeAddon, options: NativeBackendOptions): KernelBackend {
  const ctx: NativeContext = guard('create', () => new addon.Context(options.threads, options.isa));
  const owner = {};
  let disposed = false;
  const opContext: NativeOpContext = {
    owner,
    live(op: string): NativeContext {
      if (disposed) throw new SparseCnnError('E_DISPOSED', 'the native backend was disposed', { op, backend: BACKEND });
      return ctx;
    },
    own<K extends PreparedKind>(p: Prepared<K>, kind: K, op: string): NativePrepared<K> {
      if (!(p instanceof NativePrepared) || p.owner !== owner || p.kind !== kind) {
        throw new SparseCnnError('E_ARGUMENT', `expected a '${kind}' layer prepared by this native backend`, { op, backend: BACKEND });
      }
      return p as NativePrepared<K>;
    },
  };
  const kernels = nativeKernels(opContext);
  const asyncKernels = nativeAsyncKernels(opContext);
  const info = guard('info', () => ctx.info());
  return {
    name: BACKEND,
    kernels,
    async: asyncKernels,
    info(): BackendInfo {
      return { name: BACKEND, isa: info.isa, threads: info.threads, version: info.version };
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      ctx.dispose();
    },
  };
}
