import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(
  defineLibConfig({ entry: { cli: 'src/cli.ts', soak: 'src/soak.ts' }, format: ['esm'], platform: 'node', dts: false, external: ['sharp'] }),
);
