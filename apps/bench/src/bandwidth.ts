/**
 * Streaming bandwidth measured in the same process: each of `threads` worker threads copies its own two
 * Float64Arrays (`dst.set(src)`, i.e. memcpy) after a shared start signal. Reported with the STREAM convention (a
 * copy moves 2 x bytes: read + write; write-allocate traffic is not counted), median of trials. DRAM needs a working
 * set well beyond the last-level cache (this machine reports a very large shared L3), hence 2 x 384 MiB per thread
 * by default; a small working set measures the cache level that a repeated kernel actually streams from.
 */
import { Worker } from 'node:worker_threads';
import { summarize, type TimingStats } from './timing.js';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { bytes, reps, sync } = workerData;
const n = bytes / 8;
const src = new Float64Array(n);
const dst = new Float64Array(n);
for (let i = 0; i < n; i++) src[i] = i;
dst.set(src);
const flag = new Int32Array(sync);
parentPort.postMessage({ ready: true });
Atomics.wait(flag, 0, 0);
const t0 = performance.now();
for (let r = 0; r < reps; r++) { if (r & 1) src.set(dst); else dst.set(src); }
const t1 = performance.now();
parentPort.postMessage({ ms: t1 - t0 });
`;

async function trial(threads: number, bytes: number, reps: number): Promise<number> {
  const sync = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { eval: true, workerData: { bytes, reps, sync } }));
  const ready = workers.map((w) => new Promise<void>((res, rej) => {
    w.once('message', () => res());
    w.once('error', rej);
  }));
  await Promise.all(ready);
  const done = workers.map((w) => new Promise<{ ms: number }>((res, rej) => {
    w.once('message', res);
    w.once('error', rej);
  }));
  const flag = new Int32Array(sync);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  const times = await Promise.all(done);
  await Promise.all(workers.map((w) => w.terminate()));
  // All workers start on the same signal: the slowest one's elapsed time bounds the aggregate.
  const ms = Math.max(...times.map((t) => t.ms));
  return (2 * bytes * reps * threads) / (ms / 1e3) / 1e9;
}

export interface BandwidthResult {
  readonly threads: number;
  /** GB/s (1e9 bytes) per trial statistic. */
  readonly gbps: TimingStats;
  readonly bytesPerThread: number;
}

export async function measureBandwidth(threads: number, trials = 5, bytes = 384 * 1024 * 1024, reps = 4): Promise<BandwidthResult> {
  const samples: number[] = [];
  for (let i = 0; i < trials; i++) samples.push(await trial(threads, bytes, reps));
  return { threads, gbps: summarize(samples), bytesPerThread: 2 * bytes };
}
