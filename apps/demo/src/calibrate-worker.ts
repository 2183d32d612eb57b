/// <reference lib="webworker" />
/**
 * Calibrates the perf model on its own wasm backend instance, in a worker of its own, so the compute worker keeps
 * answering while it runs (about 10 s). The full calibration shapes are used: the quick ones take microseconds per
 * call, below what browsers let performance.now() resolve (5 us when cross-origin isolated, 100 us otherwise), so
 * their medians can be 0 and the fit fails.
 */
import { createWasmBackend } from '@sparsecnn/kernels-wasm';
import { calibrate } from '@sparsecnn/perf-model';
import { isSparseCnnError } from '@sparsecnn/tensor';
import type { CalibratorMessage } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

/** Time budget per calibration point (ms): the perf model's default is 60; 10 keeps the run to about 10 s. */
const BUDGET_MS = 10;

self.onmessage = async () => {
  const post = (m: CalibratorMessage) => self.postMessage(m);
  try {
    const t0 = performance.now();
    const backend = await createWasmBackend();
    const profile = await calibrate(backend, { budgetMs: BUDGET_MS, onProgress: (message) => post({ kind: 'progress', message }) });
    backend.dispose();
    post({ kind: 'result', profile, ms: performance.now() - t0 });
  } catch (e) {
    post({ kind: 'error', message: e instanceof Error ? e.message : String(e), code: isSparseCnnError(e) ? e.code : null });
  }
};
