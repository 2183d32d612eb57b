/** Browser entry ("./browser" and the "browser" condition): registers wasm > js. */
import { jsProvider } from '@sparsecnn/kernels-js';
import { wasmProvider } from '@sparsecnn/kernels-wasm';
import { registerProviders } from './register.js';

registerProviders([wasmProvider, jsProvider]);

export * from './public.js';
