import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(defineLibConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' }, platform: 'node' }));
