import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

// index: pure JS for browsers and Node; node: image decoding with the optional peer dependency sharp.
export default defineConfig(defineLibConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts' }, external: ['sharp'] }));
