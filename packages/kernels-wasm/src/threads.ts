/**
 * wasm threads: worker threads (Node worker_threads, browser Web Workers) that instantiate the shared-memory build
 * of the kernels module on the same SharedArrayBuffer-backed memory and run slices of a layer (convolution output
 * channels, inner-product rows) while the calling thread runs its own slice.
 *
 * Each worker has a control block in its own SharedArrayBuffer: [seq, done, fn, argc, failed] (int32) then up to
 * 16 float64 arguments. The caller writes a job, bumps `seq` and notifies; the worker runs it, stores `done = seq`
 * and notifies. Waiting: Atomics.wait where the thread may block (Node's main thread, workers), else a spin on
 * Atomics.load (a browser's main thread).
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import type { KernelsExports } from './loader.js';

/** The exports a worker may run (an index into this list goes through the control block). */
export const THREAD_FUNCTIONS = ['sparseConvGroup', 'denseConvGroup', 'spmmCsr16'] as const;
export type ThreadFunction = (typeof THREAD_FUNCTIONS)[number];

/** One slice of work: an export and its (numeric) arguments. */
export interface ThreadJob {
  readonly fn: ThreadFunction;
  readonly args: readonly number[];
}

const SEQ = 0;
const DONE = 1;
const FN = 2;
const ARGC = 3;
const FAILED = 4;
const ARGS_OFFSET = 64;
const MAX_ARGS = 16;
const CONTROL_BYTES = ARGS_OFFSET + MAX_ARGS * 8;

/** Why threads cannot be used here, or null when SharedArrayBuffer, Atomics and shared wasm memory are there. */
export function wasmThreadsUnsupportedReason(): string | null {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return 'SharedArrayBuffer is not available (browsers expose it only to cross-origin isolated pages: serve with COOP: same-origin and COEP: require-corp)';
  }
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (g.crossOriginIsolated === false) return 'the page is not cross-origin isolated (COOP/COEP headers), so SharedArrayBuffer cannot be shared with workers';
  try {
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(m.buffer instanceof SharedArrayBuffer)) return 'this engine has no shared WebAssembly memory';
  } catch (e) {
    return `this engine has no shared WebAssembly memory (${e instanceof Error ? e.message : String(e)})`;
  }
  return null;
}

// The worker's body, as source text (Node: `eval` worker; browser: a Blob URL), so that bundlers need no entry.
const WORKER_LOOP = `
function startLoop(module, memory, ctl, names, post) {
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => inst.exports[n]);
  const c = new Int32Array(ctl);
  const a = new Float64Array(ctl, ${ARGS_OFFSET}, ${MAX_ARGS});
  post('ready');
  let seen = 0;
  for (;;) {
    Atomics.wait(c, ${SEQ}, seen);
    const s = Atomics.load(c, ${SEQ});
    if (s === seen) continue;
    seen = s;
    if (s < 0) break;
    try {
      const f = fns[c[${FN}]];
      const n = c[${ARGC}];
      const args = [];
      for (let i = 0; i < n; i++) args.push(a[i]);
      f(...args);
    } catch (e) {
      c[${FAILED}] = 1;
    }
    Atomics.store(c, ${DONE}, s);
    Atomics.notify(c, ${DONE});
  }
}
`;

const NODE_WORKER = `${WORKER_LOOP}
const { workerData, parentPort } = require(process.argv[2]);
startLoop(workerData.module, workerData.memory, workerData.ctl, workerData.names, (m) => parentPort.postMessage(m));
`;

const BROWSER_WORKER = `${WORKER_LOOP}
self.onmessage = (ev) => {
  const d = ev.data;
  startLoop(d.module, d.memory, d.ctl, d.names, (m) => self.postMessage(m));
};
`;

interface WorkerHandle {
  readonly ctl: Int32Array;
  readonly args: Float64Array;
  seq: number;
  terminate(): void;
}

function isNode(): boolean {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

/** Can this thread block in Atomics.wait? (Not a browser's main thread.) */
function canBlock(): boolean {
  if (isNode()) return true;
  return typeof (globalThis as { document?: unknown }).document === 'undefined';
}

async function spawnNode(module: WebAssembly.Module, memory: WebAssembly.Memory, ctl: SharedArrayBuffer): Promise<{ terminate(): void }> {
  // Node only (browsers take spawnBrowser). The module name is assembled at run time so that browser bundlers
  // (Vite, webpack, esbuild) neither try to resolve nor pull a Node built-in into a page bundle; the worker source
  // receives it as its first argument for the same reason.
  const specifier = ['node', 'worker_threads'].join(':');
  const wt = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
  const w = new wt.Worker(NODE_WORKER, {
    eval: true,
    argv: [specifier],
    workerData: { module, memory, ctl, names: [...THREAD_FUNCTIONS] },
  });
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`worker exited with code ${code} before it was ready`)));
  });
  w.unref();
  return { terminate: () => void w.terminate() };
}

async function spawnBrowser(module: WebAssembly.Module, memory: WebAssembly.Memory, ctl: SharedArrayBuffer): Promise<{ terminate(): void }> {
  const url = URL.createObjectURL(new Blob([BROWSER_WORKER], { type: 'text/javascript' }));
  const w = new Worker(url);
  try {
    await new Promise<void>((resolve, reject) => {
      w.onmessage = () => resolve();
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage({ module, memory, ctl, names: [...THREAD_FUNCTIONS] });
    });
  } finally {
    URL.revokeObjectURL(url);
  }
  return { terminate: () => w.terminate() };
}

/** Helper threads over one shared-memory instance; the calling thread always runs slice 0 itself. */
export class WasmThreadPool {
  private readonly workers: WorkerHandle[];
  private disposed = false;
  private readonly blocking = canBlock();

  private constructor(
    private readonly ex: KernelsExports,
    workers: WorkerHandle[],
  ) {
    this.workers = workers;
  }

  /** Start `threads - 1` workers on `module` (the shared-memory build) and `memory` (shared). */
  static async create(ex: KernelsExports, module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<WasmThreadPool> {
    const workers: WorkerHandle[] = [];
    try {
      for (let i = 1; i < threads; i++) {
        const ctl = new SharedArrayBuffer(CONTROL_BYTES);
        const h = isNode() ? await spawnNode(module, memory, ctl) : await spawnBrowser(module, memory, ctl);
        workers.push({ ctl: new Int32Array(ctl), args: new Float64Array(ctl, ARGS_OFFSET, MAX_ARGS), seq: 0, terminate: h.terminate });
      }
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new WasmThreadPool(ex, workers);
  }

  /** Threads including the caller. */
  get size(): number {
    return this.workers.length + 1;
  }

  /**
   * Run `jobs` (at most `size`): jobs[0] on this thread, the others on workers; returns when all are done. Every
   * job must write memory no other job reads or writes.
   */
  run(jobs: readonly ThreadJob[]): void {
    if (this.disposed) throw new SparseCnnError('E_DISPOSED', 'the wasm thread pool was disposed', { backend: 'wasm' });
    if (jobs.length > this.size) throw new SparseCnnError('E_ARGUMENT', `${jobs.length} jobs for ${this.size} threads`, { backend: 'wasm' });
    const started: WorkerHandle[] = [];
    for (let i = 1; i < jobs.length; i++) {
      const job = jobs[i]!;
      const w = this.workers[i - 1]!;
      const fn = THREAD_FUNCTIONS.indexOf(job.fn);
      if (fn < 0 || job.args.length > MAX_ARGS) throw new SparseCnnError('E_ARGUMENT', `cannot run ${job.fn} on a worker`, { backend: 'wasm' });
      w.ctl[FN] = fn;
      w.ctl[ARGC] = job.args.length;
      w.args.set(job.args);
      w.seq = w.seq >= 0x3fff_ffff ? 1 : w.seq + 1;
      Atomics.store(w.ctl, SEQ, w.seq);
      Atomics.notify(w.ctl, SEQ);
      started.push(w);
    }
    let error: unknown = null;
    try {
      const j = jobs[0];
      if (j) Reflect.apply(this.ex[j.fn], undefined, j.args);
    } catch (e) {
      error = e;
    }
    let failed = false;
    for (const w of started) {
      if (this.blocking) {
        for (let d = Atomics.load(w.ctl, DONE); d !== w.seq; d = Atomics.load(w.ctl, DONE)) Atomics.wait(w.ctl, DONE, d);
      } else {
        while (Atomics.load(w.ctl, DONE) !== w.seq) {
          // spin: a browser's main thread may not block
        }
      }
      if (w.ctl[FAILED]) {
        failed = true;
        w.ctl[FAILED] = 0;
      }
    }
    if (error !== null) throw error instanceof Error ? error : new Error(String(error));
    if (failed) throw new SparseCnnError('E_BACKEND', 'a wasm worker thread failed', { backend: 'wasm' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.workers) {
      Atomics.store(w.ctl, SEQ, -1);
      Atomics.notify(w.ctl, SEQ);
      w.terminate();
    }
  }
}

/** Split [0, n) into `parts` contiguous ranges of about equal `weight(i)` sums (weight from a prefix-sum array). */
export function splitByPrefix(prefix: ArrayLike<number>, start: number, end: number, parts: number): number[] {
  const bounds = [start];
  const base = prefix[start]!;
  const total = prefix[end]! - base;
  let i = start;
  for (let p = 1; p < parts; p++) {
    const target = base + (total * p) / parts;
    while (i < end && prefix[i]! < target) i++;
    bounds.push(Math.max(bounds[bounds.length - 1]!, i));
  }
  bounds.push(end);
  return bounds;
}
