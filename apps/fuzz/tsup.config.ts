import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(
  defineLibConfig({ entry: { cli: 'src/cli.ts' }, format: ['esm'], platform: 'node', dts: false, external: ['sharp'] }),
);
