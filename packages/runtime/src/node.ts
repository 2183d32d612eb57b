/**
 * Node entry (the package's "." export): registers native > wasm > js. Importing a kernels package loads no
 * binary; a backend that fails to load is skipped when a session resolves its chain.
 */
import * as js from '@sparsecnn/kernels-js';
import * as native from '@sparsecnn/kernels-native';
import * as wasm from '@sparsecnn/kernels-wasm';
import { registerProviders } from './register.js';

// Namespace imports + a lookup, so that a kernels package that does not export its provider yet is tolerated.
registerProviders([
  (native as Record<string, unknown>)['nativeProvider'],
  (wasm as Record<string, unknown>)['wasmProvider'],
  (js as Record<string, unknown>)['jsProvider'],
]);

export * from './public.js';
