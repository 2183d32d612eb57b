import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(defineLibConfig({ entry: { index: 'src/index.ts', browser: 'src/browser.ts' } }));
