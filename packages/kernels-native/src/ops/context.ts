/**
 * What every native op file gets from createNativeBackend: the live addon context, the ownership check of prepared
 * handles, and the helpers shared by several ops (prepared handle, conv geometry, output-shape rules).
 */
import { SparseCnnError, formatShape, sizeOf, type Shape } from '@sparsecnn/tensor';
import { convOutputShape, type Conv2dSpec, type Prepared, type PreparedKind } from '@sparsecnn/kernels-api';
import type { NativeContext, NativeHandle } from '../binding.js';
import { BACKEND } from '../errors.js';

/** Per-backend state handed to each op factory. */
export interface NativeOpContext {
  /** The addon context; throws E_DISPOSED (naming `op`) once the backend is disposed. */
  live(op: string): NativeContext;
  /** `p` as a handle of `kind` made by this backend, else E_ARGUMENT naming `op`. */
  own<K extends PreparedKind>(p: Prepared<K>, kind: K, op: string): NativePrepared<K>;
  /** Identity of this backend instance (stamped on its prepared handles). */
  readonly owner: object;
}

/** A prepared layer: owns one addon handle; `dispose()` frees it at once (the GC frees it otherwise). */
export class NativePrepared<K extends PreparedKind> implements Prepared<K> {
  readonly backend = BACKEND;
  #handle: NativeHandle | null;
  readonly #bytes: number;

  constructor(
    readonly kind: K,
    handle: NativeHandle,
    readonly owner: object,
    private readonly shapeOf: (inputShape: Shape) => number[],
  ) {
    this.#handle = handle;
    this.#bytes = handle.bytes;
  }

  get bytes(): number {
    return this.#handle === null ? 0 : this.#bytes;
  }
  get disposed(): boolean {
    return this.#handle === null;
  }
  outputShape(inputShape: Shape): number[] {
    return this.shapeOf(inputShape);
  }
  handle(op: string): NativeHandle {
    if (this.#handle === null || this.#handle.disposed) throw new SparseCnnError('E_DISPOSED', 'the prepared layer was disposed', { op, backend: BACKEND });
    return this.#handle;
  }
  dispose(): void {
    this.#handle?.dispose();
    this.#handle = null;
  }
}

/** The addon's conv geometry vector. */
export function geometry(spec: Conv2dSpec, relu: boolean): Int32Array {
  return Int32Array.from([
    spec.inChannels, spec.inH, spec.inW, spec.outChannels, spec.kernel[0], spec.kernel[1], spec.stride[0], spec.stride[1],
    spec.pad[0], spec.pad[1], spec.dilation[0], spec.dilation[1], spec.groups, relu ? 1 : 0,
  ]);
}

/** A private copy of the spec (the caller may mutate theirs after prepare). */
export function copySpec(spec: Conv2dSpec): Conv2dSpec {
  return {
    inChannels: spec.inChannels, inH: spec.inH, inW: spec.inW, outChannels: spec.outChannels,
    kernel: [spec.kernel[0], spec.kernel[1]], stride: [spec.stride[0], spec.stride[1]], pad: [spec.pad[0], spec.pad[1]],
    dilation: [spec.dilation[0], spec.dilation[1]], groups: spec.groups, relu: Boolean(spec.relu),
  };
}

export const convShape = (spec: Conv2dSpec) => (s: Shape): number[] => convOutputShape(spec, s);

export const gemmShape = (o: number, k: number) => (s: Shape): number[] => {
  const n = s[0] ?? 0;
  if (s.length < 1 || sizeOf(s) !== n * k) throw new SparseCnnError('E_SHAPE', `inner product input ${formatShape(s)} needs ${k} features per item`);
  return [n, o];
};
