import { describe, it } from 'vitest';
import { wasmProvider } from '../src/index.js';
import { ensureWasmBuilt } from './helpers.js';

ensureWasmBuilt();

// The shared suite (kernels-api/conformance) compares every op against the JS reference. It is being written in
// parallel: run it when it exports describeConformance, otherwise record a skipped placeholder.
const mod = (await import('@sparsecnn/kernels-api/conformance')) as {
  describeConformance?: (o: { name: string; create: () => Promise<import('@sparsecnn/kernels-api').KernelBackend> }) => void;
};
if (typeof mod.describeConformance === 'function') {
  mod.describeConformance({ name: 'wasm', create: () => wasmProvider.create() });
} else {
  describe.skip('conformance (kernels-api/conformance does not export describeConformance yet)', () => {
    it('pending', () => {});
  });
}
