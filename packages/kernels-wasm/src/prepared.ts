import type { Prepared, PreparedKind } from '@sparsecnn/kernels-api';
import { SparseCnnError, type Shape } from '@sparsecnn/tensor';
import type { WasmHeap } from './heap.js';

/** A prepared handle: owns heap blocks, frees them once on dispose. */
export class WasmPrepared<K extends PreparedKind, S> implements Prepared<K> {
  readonly backend = 'wasm';
  private blocks: number[];
  private isDisposed = false;

  constructor(
    readonly kind: K,
    /** The backend instance that made it (handles cannot cross backends or modules). */
    readonly owner: object,
    private readonly heap: WasmHeap,
    blocks: number[],
    readonly bytes: number,
    readonly state: S,
    private readonly shapeFn: (input: Shape) => number[],
  ) {
    this.blocks = blocks;
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  outputShape(inputShape: Shape): number[] {
    return this.shapeFn(inputShape);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const b of this.blocks) this.heap.free(b);
    this.blocks = [];
  }
}

/** Check that `p` is a live handle of `kind` made by `owner`; returns it typed. */
export function ownPrepared<K extends PreparedKind, S>(p: unknown, kind: K, owner: object, op: string): WasmPrepared<K, S> {
  if (!(p instanceof WasmPrepared) || p.owner !== owner) {
    throw new SparseCnnError('E_ARGUMENT', `prepared handle was not made by this wasm backend`, { op, backend: 'wasm' });
  }
  if (p.kind !== kind) throw new SparseCnnError('E_ARGUMENT', `prepared handle is for ${p.kind}, not ${kind}`, { op, backend: 'wasm' });
  if (p.disposed) throw new SparseCnnError('E_DISPOSED', 'prepared handle was disposed', { op, backend: 'wasm' });
  return p as WasmPrepared<K, S>;
}
