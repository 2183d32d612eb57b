import { copyFileSync } from 'node:fs';
import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

// `build` runs scripts/build-wasm.mjs first (generated/*.wasm and generated/wasm-base64.js); the .wasm files are copied
// next to the entry modules so that `new URL('./sparsecnn-kernels.simd.wasm', import.meta.url)` finds it.
export default defineConfig({
  ...defineLibConfig({ entry: { index: 'src/index.ts', inline: 'src/inline.ts' } }),
  onSuccess: async () => {
    copyFileSync('generated/sparsecnn-kernels.simd.wasm', 'dist/sparsecnn-kernels.simd.wasm');
    copyFileSync('generated/sparsecnn-kernels.simd-mt.wasm', 'dist/sparsecnn-kernels.simd-mt.wasm');
  },
});
