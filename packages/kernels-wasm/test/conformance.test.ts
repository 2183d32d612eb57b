import { describeConformance } from '@sparsecnn/kernels-api/conformance';
import { wasmProvider } from '../src/index.js';
import { ensureWasmBuilt } from './helpers.js';

ensureWasmBuilt();

// Every forward op against the JS reference. The backward ops (training) are not implemented in wasm: the runtime
// falls back to the next backend for them, and the suite skips ops a backend lacks.
describeConformance({ name: 'wasm', create: () => wasmProvider.create() });
