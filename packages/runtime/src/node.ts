/**
 * Node entry (the package's "." export): registers native > wasm > js. Importing a kernels package loads no
 * binary; a backend that fails to load is skipped when a session resolves its chain.
 */
import { jsProvider } from '@sparsecnn/kernels-js';
import { nativeProvider } from '@sparsecnn/kernels-native';
import { wasmProvider } from '@sparsecnn/kernels-wasm';
import { registerProviders } from './register.js';

registerProviders([nativeProvider, wasmProvider, jsProvider]);

export * from './public.js';
