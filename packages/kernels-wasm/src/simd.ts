/**
 * A minimal module that only validates when the engine supports WebAssembly SIMD (fixed-width, 128-bit): one
 * function `() -> v128` whose body is `i32.const 0; i8x16.splat`. Checked with `WebAssembly.validate`, no compile.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0, i8x16.splat, end
]);

/** Why this engine cannot run the kernels, or null when it can. */
export function wasmUnsupportedReason(): string | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
    return 'WebAssembly is not available in this JavaScript engine';
  }
  try {
    if (!WebAssembly.validate(SIMD_PROBE)) {
      return 'this engine has WebAssembly but not WebAssembly SIMD (128-bit); use Node >= 16.4, Chrome >= 91, Firefox >= 89 or Safari >= 16.4';
    }
  } catch (e) {
    return `WebAssembly.validate failed: ${String(e)}`;
  }
  return null;
}

/** True when WebAssembly SIMD is available. */
export function wasmSimdSupported(): boolean {
  return wasmUnsupportedReason() === null;
}
