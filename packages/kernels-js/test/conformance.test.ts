import { describeConformance } from '@sparsecnn/kernels-api/conformance';
import { createJsBackend } from '@sparsecnn/kernels-js';

describeConformance({ name: 'js', create: async () => createJsBackend() });
