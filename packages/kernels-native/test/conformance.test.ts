import { describe, it } from 'vitest';
import { describeConformance } from '@sparsecnn/kernels-api/conformance';
import { loadBinding, nativeProvider } from '../src/index.js';

const supported = nativeProvider.isSupported();
if (supported === true) {
  if (loadBinding().cpu.avx512f) {
    describeConformance({ name: 'native-avx512f', create: () => nativeProvider.create({ isa: 'avx512f', threads: 2 }) });
  }
  describeConformance({ name: 'native-avx2', create: () => nativeProvider.create({ isa: 'avx2', threads: 2 }) });
  describeConformance({ name: 'native-scalar', create: () => nativeProvider.create({ isa: 'scalar', threads: 2 }) });
  describeConformance({ name: 'native-avx2-1thread', create: () => nativeProvider.create({ isa: 'avx2', threads: 1 }) });
} else {
  describe('conformance: native', () => {
    it.skipIf(process.env.CI !== 'true')(`needs the built addon (${String(supported)})`, () => {
      throw new Error(`native addon missing in CI: ${String(supported)}`);
    });
  });
}
