/** Element types. Values are float32; indices and labels int32; images uint8. */
export type DType = 'float32' | 'int32' | 'uint8';

export type TypedArrayOf<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'int32'
    ? Int32Array
    : Uint8Array;

export type AnyTypedArray = Float32Array | Int32Array | Uint8Array;

export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, int32: 4, uint8: 1 };

export function dtypeOf(data: AnyTypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

export function allocateTyped<D extends DType>(dtype: D, length: number): TypedArrayOf<D> {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length) as TypedArrayOf<D>;
    case 'int32':
      return new Int32Array(length) as TypedArrayOf<D>;
    default:
      return new Uint8Array(length) as TypedArrayOf<D>;
  }
}
