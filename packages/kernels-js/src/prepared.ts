import { SparseCnnError, type Shape } from '@sparsecnn/tensor';
import type { Prepared, PreparedKind } from '@sparsecnn/kernels-api';

/**
 * The js backend's prepared handle: the op's load-time state (`payload`), its size in bytes, and the output-shape rule.
 * After `dispose()` the payload is dropped and every use throws E_DISPOSED.
 */
export class JsPrepared<K extends PreparedKind, P> implements Prepared<K> {
  readonly backend = 'js';
  #payload: P | null;
  readonly #shape: (inputShape: Shape) => number[];

  constructor(
    readonly kind: K,
    payload: P,
    readonly bytes: number,
    shape: (inputShape: Shape) => number[],
  ) {
    this.#payload = payload;
    this.#shape = shape;
  }

  get disposed(): boolean {
    return this.#payload === null;
  }

  outputShape(inputShape: Shape): number[] {
    this.payload();
    return this.#shape(inputShape);
  }

  /** The load-time state; throws E_DISPOSED after dispose(). */
  payload(): P {
    if (this.#payload === null) throw new SparseCnnError('E_DISPOSED', `prepared ${this.kind} was disposed`);
    return this.#payload;
  }

  dispose(): void {
    this.#payload = null;
  }
}

/** The payload of a handle made by this backend for `kind`; E_ARGUMENT for a foreign or mismatched handle. */
export function unwrapPrepared<K extends PreparedKind, P>(prepared: Prepared<K>, kind: K): P {
  if (!(prepared instanceof JsPrepared)) {
    const from = typeof prepared === 'object' && prepared !== null ? `backend '${String(prepared.backend)}'` : typeof prepared;
    throw new SparseCnnError('E_ARGUMENT', `${kind} needs a handle from the js backend's prepare call, got one from ${from}`);
  }
  if (prepared.kind !== kind) {
    throw new SparseCnnError('E_ARGUMENT', `${kind} needs a prepared ${kind} handle, got a ${prepared.kind} handle`);
  }
  return (prepared as JsPrepared<K, P>).payload();
}
