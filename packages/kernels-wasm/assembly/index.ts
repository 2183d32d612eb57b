// The sparsecnn wasm kernels: one module, baseline SIMD (no relaxed SIMD), stub runtime (no garbage collector).
// The TypeScript side owns memory management: it allocates above `heapBase()` and grows the memory itself.
export * from './conv';
export * from './dense';
export * from './layers';

/** First free byte after the module's static data (16-byte aligned by the caller). */
export function heapBase(): usize {
  return __heap_base;
}
