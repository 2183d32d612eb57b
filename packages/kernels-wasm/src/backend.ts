/**
 * The wasm KernelBackend over one instantiated kernels module. Each op lives in src/ops/<op>.ts; the table is
 * assembled in kernel-table.ts; this file owns the heap, the live handles and disposal.
 */
import type { BackendInfo, KernelBackend, PreparedKind } from '@sparsecnn/kernels-api';
import { SparseCnnError } from '@sparsecnn/tensor';
import type { DirectConvTuning } from './conv.js';
import { WasmHeap } from './heap.js';
import { wasmKernels } from './kernel-table.js';
import type { KernelsExports } from './loader.js';
import type { WasmOpContext } from './ops/context.js';
import type { WasmPrepared } from './prepared.js';
import type { WasmThreadPool } from './threads.js';
import { VERSION } from './version.js';

export interface WasmBackendOptions {
  /** Direct-convolution tuning (benchmarks). */
  readonly conv?: DirectConvTuning;
}

/** A loaded wasm backend: the kernel table plus heap statistics. */
export interface WasmKernelBackend extends KernelBackend {
  /** Bytes held by prepared handles and staging, and the linear memory size. */
  memoryStats(): { allocatedBytes: number; memoryBytes: number };
}

/**
 * Create a backend over an instantiated kernels module (one heap per instance). With `pool` (the shared-memory
 * build, its workers on the same memory), convolutions and inner products split their work over the pool's threads.
 */
export function createWasmBackendFromExports(ex: KernelsExports, options: WasmBackendOptions = {}, pool: WasmThreadPool | null = null): WasmKernelBackend {
  const heap = new WasmHeap(ex.memory, ex.heapBase());
  const owner = {};
  const live = new Set<WasmPrepared<PreparedKind, unknown>>();
  let disposed = false;

  /** Temporary blocks for one call, freed in `finally`. */
  function withTemp<T>(sizes: number[], fn: (ptrs: number[]) => T): T {
    const ptrs: number[] = [];
    try {
      for (const s of sizes) ptrs.push(heap.alloc(Math.max(4, s * 4)));
      return fn(ptrs);
    } finally {
      for (const p of ptrs) heap.free(p);
    }
  }

  const context: WasmOpContext = {
    ex,
    heap,
    owner,
    convTuning: options.conv,
    pool,
    alive(op: string): void {
      if (disposed) throw new SparseCnnError('E_DISPOSED', 'the wasm backend was disposed', { op, backend: 'wasm' });
    },
    track<P extends WasmPrepared<PreparedKind, unknown>>(p: P): P {
      live.add(p);
      const dispose = p.dispose.bind(p);
      p.dispose = () => {
        live.delete(p);
        dispose();
      };
      return p;
    },
    withTemp,
    unary(data, outLen, out, extra, fn): void {
      withTemp([data.length, outLen, ...extra], (p) => {
        const src = p[0]!;
        const dst = p[1]!;
        heap.f32().set(data, src >> 2);
        fn(src, dst, p.slice(2));
        out.set(heap.f32().subarray(dst >> 2, (dst >> 2) + outLen));
      });
    },
  };

  const kernels = wasmKernels(context);
  const info: BackendInfo = { name: 'wasm', isa: 'wasm-simd128', threads: pool ? pool.size : 1, version: VERSION };

  return {
    name: 'wasm',
    kernels,
    info: () => info,
    memoryStats: () => ({ allocatedBytes: heap.allocatedBytes, memoryBytes: heap.memoryBytes }),
    dispose() {
      if (disposed) return;
      for (const p of [...live]) p.dispose();
      pool?.dispose();
      disposed = true;
    },
  };
}
