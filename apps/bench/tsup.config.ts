import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(
  defineLibConfig({ entry: { conv: 'src/conv.ts', wasm: 'src/wasm.ts', e2e: 'src/e2e.ts', fold: 'src/fold.ts', train: 'src/train.ts', prune: 'src/prune.ts', dataset: 'src/dataset.ts', dense: 'src/dense.ts' }, format: ['esm'], platform: 'node', dts: false }),
);
