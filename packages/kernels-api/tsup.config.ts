import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(
  defineLibConfig({ entry: { index: 'src/index.ts', conformance: 'src/conformance/index.ts', oracles: 'src/oracles.ts' }, external: ['vitest'] }),
);
