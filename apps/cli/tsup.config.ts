import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(
  defineLibConfig({ entry: { bin: 'src/bin.ts' }, format: ['esm'], platform: 'node', shebang: true, dts: false }),
);
