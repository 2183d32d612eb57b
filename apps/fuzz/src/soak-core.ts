/**
 * Soak: create / run / dispose a session many times on one backend and measure memory growth after a warm-up, with
 * a forced GC before each measurement. Used by `pnpm soak` (10k cycles) and by the runtime's CI test (fewer).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSession } from '@sparsecnn/runtime';
import { Rng, type LayerDescription, type NetDescription, type Tensor } from '@sparsecnn/tensor';

/** global.gc, exposed at run time when node was not started with --expose-gc. */
export function forceGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function uniform(shape: number[], rng: Rng, lo: number, hi: number, density = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => (rng.next() < density ? rng.uniform(lo, hi) : 0)) };
}

/**
 * A small net with ~0.6 MB of weights, so that a leaked session (weights, prepared handles, arena) shows up at once:
 * conv 3x3 (8 -> 16, sparse) + ReLU -> max pool -> IP 1024 -> 128 (dense) + ReLU -> IP 128 -> 10 (sparse) -> Softmax.
 */
export function soakNet(seed = 1): NetDescription {
  const rng = new Rng(seed);
  const L = (type: string, name: string, bottoms: string[], tops: string[], params: object, blobs: Tensor[] = []) =>
    ({ type, name, bottoms, tops, params, blobs }) as unknown as LayerDescription;
  return {
    name: 'soak',
    inputs: [{ name: 'data', shape: [1, 8, 16, 16] }],
    layers: [
      L('Convolution', 'conv1', ['data'], ['conv1'], { numOutput: 16, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], group: 1, biasTerm: true },
        [uniform([16, 8, 3, 3], rng, -0.3, 0.3, 0.2), uniform([16], rng, -0.1, 0.1)]),
      L('ReLU', 'relu1', ['conv1'], ['conv1'], { negativeSlope: 0 }),
      L('Pooling', 'pool1', ['conv1'], ['pool1'], { pool: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false }),
      L('InnerProduct', 'fc1', ['pool1'], ['fc1'], { numOutput: 128, biasTerm: true, transpose: false, axis: 1 },
        [uniform([128, 1024], rng, -0.05, 0.05), uniform([128], rng, -0.1, 0.1)]),
      L('ReLU', 'relu2', ['fc1'], ['fc1'], { negativeSlope: 0 }),
      L('InnerProduct', 'fc2', ['fc1'], ['fc2'], { numOutput: 10, biasTerm: true, transpose: false, axis: 1 },
        [uniform([10, 128], rng, -0.2, 0.2, 0.3), uniform([10], rng, -0.1, 0.1)]),
      L('Softmax', 'prob', ['fc2'], ['prob'], { axis: 1 }),
    ],
  };
}

export interface SoakResult {
  readonly backend: string;
  readonly cycles: number;
  readonly warmup: number;
  /** Memory after the warm-up and at the end (bytes, after a forced GC). */
  readonly before: NodeJS.MemoryUsage;
  readonly after: NodeJS.MemoryUsage;
  /** Highest RSS seen at the checkpoints (every `cycles / 10`). */
  readonly peakRss: number;
  /** The first run's output, and whether every later run gave the same bits. */
  readonly stable: boolean;
  readonly seconds: number;
}

/** `cycles` x (createSession, run, dispose) on `backend` after `warmup` cycles. */
export async function soak(backend: string, cycles: number, warmup = Math.min(200, cycles)): Promise<SoakResult> {
  const gc = forceGc();
  const net = soakNet();
  const rng = new Rng(7);
  const feeds = { data: uniform([1, 8, 16, 16], rng, -1, 1) };
  let first: Float32Array | undefined;
  let stable = true;
  const cycle = async () => {
    const s = await createSession(net, { backends: [backend], fallback: 'none', threads: 1 });
    try {
      const out = (await s.run(feeds))['prob']!.data;
      if (!first) first = out.slice();
      else if (out.length !== first.length || out.some((v, i) => !Object.is(v, first![i]))) stable = false;
    } finally {
      s.dispose();
    }
  };
  for (let i = 0; i < warmup; i++) await cycle();
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const t0 = performance.now();
  const every = Math.max(1, Math.floor(cycles / 10));
  for (let i = 0; i < cycles; i++) {
    await cycle();
    if ((i + 1) % every === 0) {
      gc();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  }
  gc();
  const after = process.memoryUsage();
  return { backend, cycles, warmup, before, after, peakRss: Math.max(peakRss, after.rss), stable, seconds: (performance.now() - t0) / 1000 };
}

export function formatSoak(r: SoakResult): string {
  const mb = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MB`;
  const d = (k: keyof NodeJS.MemoryUsage) => `${k} ${mb(r.before[k])} -> ${mb(r.after[k])} (${r.after[k] >= r.before[k] ? '+' : ''}${mb(r.after[k] - r.before[k])})`;
  return `${r.backend}: ${r.cycles} create/run/dispose cycles after ${r.warmup} warm-up in ${r.seconds.toFixed(1)} s; ` +
    `${d('rss')}, peak rss ${mb(r.peakRss)}; ${d('heapUsed')}; ${d('external')}; ${d('arrayBuffers')}; outputs ${r.stable ? 'bit-identical every cycle' : 'CHANGED between cycles'}`;
}
