import { defineLibConfig } from '@sparsecnn/tsup-config';
import { defineConfig } from 'tsup';

// Two platform entries: node (the "." export: native > wasm > js) and browser ("./browser" and the "browser"
// condition: wasm > js). Each registers its backends when imported; everything else is shared code.
export default defineConfig(defineLibConfig({ entry: { node: 'src/node.ts', browser: 'src/browser.ts' } }));
