/** Browser entry ("./browser" and the "browser" condition): registers wasm > js. */
import * as js from '@sparsecnn/kernels-js';
import * as wasm from '@sparsecnn/kernels-wasm';
import { registerProviders } from './register.js';

registerProviders([(wasm as Record<string, unknown>)['wasmProvider'], (js as Record<string, unknown>)['jsProvider']]);

export * from './public.js';
