// The bench reaches the kernel packages only through their BackendProvider export, looked up by name at run time
// (see backends.ts), so it needs none of their types, and its typecheck does not depend on their build state.
declare module '@sparsecnn/kernels-native' {
  const exports: Record<string, unknown>;
  export = exports;
}
declare module '@sparsecnn/kernels-wasm' {
  const exports: Record<string, unknown>;
  export = exports;
}
declare module '@sparsecnn/kernels-js' {
  const exports: Record<string, unknown>;
  export = exports;
}
