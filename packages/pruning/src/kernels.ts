/**
 * Per-op kernel choice for training: each op runs on the first backend of the chain that implements it (native
 * where it has the op, then the plain-JS reference), the way the runtime falls back per op.
 */
import type { BackendName, KernelBackend, KernelName, KernelTable } from '@sparsecnn/kernels-api';
import { createJsBackend } from '@sparsecnn/kernels-js';
import { SparseCnnError } from '@sparsecnn/tensor';

export class KernelChain {
  readonly backends: readonly KernelBackend[];
  private readonly cache = new Map<string, KernelBackend>();

  /** `backends` in preference order; the JS reference is appended when missing, so every op has a kernel. */
  constructor(backends: readonly KernelBackend[] = []) {
    const list = [...backends];
    if (!list.some((b) => b.name === 'js')) list.push(createJsBackend());
    this.backends = list;
  }

  /** The first backend that has all of `ops` (so that prepare* and its run op come from one backend). */
  backendFor(...ops: KernelName[]): KernelBackend {
    const key = ops.join('+');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const b = this.backends.find((x) => ops.every((op) => typeof x.kernels[op] === 'function'));
    if (!b) throw new SparseCnnError('E_UNSUPPORTED', `no backend implements ${ops.join(', ')}`);
    this.cache.set(key, b);
    return b;
  }

  /** The kernel table of the backend chosen for `ops` (typed as complete for those ops). */
  table(...ops: KernelName[]): KernelTable {
    return this.backendFor(...ops).kernels as KernelTable;
  }

  /** Which backend runs each op (for reports). */
  assignment(ops: readonly KernelName[]): Record<string, BackendName> {
    const out: Record<string, BackendName> = {};
    for (const op of ops) {
      try {
        out[op] = this.backendFor(op).name;
      } catch {
        // not implemented anywhere
      }
    }
    return out;
  }
}
