import { defineConfig } from 'vite';
import { ISOLATION_HEADERS, sharedData } from './server/data.js';

// The app reads its models and images at run time from ../shared/data (or $SPARSECNN_DATA), served under /data/.
export default defineConfig({
  plugins: [sharedData()],
  server: { host: '127.0.0.1', headers: { ...ISOLATION_HEADERS } },
  preview: { host: '127.0.0.1', headers: { ...ISOLATION_HEADERS } },
  worker: { format: 'es' },
  // Pre-bundle the CommonJS dependency of caffe-io up front, so the dev server does not discover it (and reload) at
  // the worker's first import.
  optimizeDeps: { include: ['@sparsecnn/caffe-io > protobufjs/minimal.js'] },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
});
