/**
 * Soak (CI size): 1000 create / run / dispose cycles per backend after a warm-up, with flat memory: after a forced
 * GC, RSS grows by less than 64 MB (one leaked session of this net holds ~0.6 MB of weights plus its prepared copies,
 * so a leak per cycle would add > 600 MB), the JS heap by less than 8 MB, and ArrayBuffer memory by less than 16 MB
 * over the second half of the cycles (the wasm heap first grows to its high-water mark). Outputs stay
 * bit-identical across cycles. `pnpm soak` runs 10,000 cycles per backend (apps/fuzz/src/soak.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Rng, randomUniform, type LayerDescription, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createSession } from '../src/index.js';
import { available } from './backends.js';

const CYCLES = 1000;
const WARMUP = 100;
const MB = 1024 ** 2;

function gcFn(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Memory after garbage collection, once it has settled. V8 frees ArrayBuffer backing stores on a background thread
 * after a GC, so one `gc()` then `memoryUsage()` can still count megabytes that are already garbage (seen in CI: a
 * 36 MB swing on a busy machine, with no leak). Collect and yield to the event loop until `arrayBuffers` stops
 * falling, at most 10 rounds, and keep the lowest reading.
 */
async function settledMemory(gc: () => void): Promise<NodeJS.MemoryUsage> {
  let best: NodeJS.MemoryUsage | undefined;
  for (let round = 0; round < 10; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = process.memoryUsage();
    if (best && now.arrayBuffers >= best.arrayBuffers) return best;
    best = now;
  }
  return best!;
}

/** conv 3x3 (8 -> 16, sparse) + ReLU -> max pool -> IP 1024 -> 128 + ReLU -> IP 128 -> 10 -> Softmax (~0.6 MB). */
function soakNet(rng: Rng): NetDescription {
  const L = (type: string, name: string, bottoms: string[], tops: string[], params: object, blobs: Tensor[] = []) =>
    ({ type, name, bottoms, tops, params, blobs }) as unknown as LayerDescription;
  const sparse = (t: Tensor, density: number) => {
    for (let i = 0; i < t.data.length; i++) if (rng.next() >= density) t.data[i] = 0;
    return t;
  };
  return {
    name: 'soak',
    inputs: [{ name: 'data', shape: [1, 8, 16, 16] }],
    layers: [
      L('Convolution', 'conv1', ['data'], ['conv1'], { numOutput: 16, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], group: 1, biasTerm: true },
        [sparse(randomUniform([16, 8, 3, 3], rng, -0.3, 0.3), 0.2), randomUniform([16], rng, -0.1, 0.1)]),
      L('ReLU', 'relu1', ['conv1'], ['conv1'], { negativeSlope: 0 }),
      L('Pooling', 'pool1', ['conv1'], ['pool1'], { pool: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false }),
      L('InnerProduct', 'fc1', ['pool1'], ['fc1'], { numOutput: 128, biasTerm: true, transpose: false, axis: 1 },
        [randomUniform([128, 1024], rng, -0.05, 0.05), randomUniform([128], rng, -0.1, 0.1)]),
      L('ReLU', 'relu2', ['fc1'], ['fc1'], { negativeSlope: 0 }),
      L('InnerProduct', 'fc2', ['fc1'], ['fc2'], { numOutput: 10, biasTerm: true, transpose: false, axis: 1 },
        [sparse(randomUniform([10, 128], rng, -0.2, 0.2), 0.3), randomUniform([10], rng, -0.1, 0.1)]),
      L('Softmax', 'prob', ['fc2'], ['prob'], { axis: 1 }),
    ],
  };
}

/**
 * Under `pnpm test:asan` (libasan preloaded) only the native backend is soaked (js and wasm never reach the addon),
 * and RSS is not judged: ASan's allocator keeps freed blocks in quarantine. Heap and ArrayBuffer bounds still hold.
 */
const SANITIZER = /libasan/.test(process.env['LD_PRELOAD'] ?? '');
const BACKENDS = SANITIZER ? available.filter((b) => b === 'native') : available;

describe.each(BACKENDS.map((b) => [b]))('backend %s', (backend) => {
  it(`${CYCLES} create/run/dispose cycles keep memory flat and outputs identical`, async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = soakNet(rng);
    const feeds = { data: randomUniform([1, 8, 16, 16], rng, -1, 1) };
    const gc = gcFn();
    let first: Uint32Array | undefined;
    let changed = -1;
    const cycle = async (i: number) => {
      const s = await createSession(net, { backends: [backend], fallback: 'none', threads: 1 });
      try {
        const out = (await s.run(feeds))['prob']!.data;
        const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
        if (!first) first = bits.slice();
        else if (changed < 0 && bits.some((v, k) => v !== first![k])) changed = i;
      } finally {
        s.dispose();
      }
    };
    for (let i = 0; i < WARMUP; i++) await cycle(i);
    const before = await settledMemory(gc);
    let mid = before;
    for (let i = 0; i < CYCLES; i++) {
      await cycle(WARMUP + i);
      if (i === CYCLES / 2 - 1) mid = await settledMemory(gc);
    }
    const after = await settledMemory(gc);
    const grow = (k: keyof NodeJS.MemoryUsage) => (after[k] - before[k]) / MB;
    const summary = `seed ${seed}, ${backend}: rss ${(before.rss / MB).toFixed(1)} -> ${(after.rss / MB).toFixed(1)} MB, heapUsed ${grow('heapUsed').toFixed(2)} MB, ` +
      `external ${grow('external').toFixed(2)} MB, arrayBuffers ${grow('arrayBuffers').toFixed(2)} MB over ${CYCLES} cycles`;
    console.log(`[soak] ${summary}`);
    expect(changed, `${summary}: output changed at cycle ${changed}`).toBe(-1);
    if (!SANITIZER) expect(grow('rss'), summary).toBeLessThan(64);
    expect(grow('heapUsed'), summary).toBeLessThan(8);
    // The wasm heap grows in steps of a quarter of its size up to its high-water mark (and never shrinks): judge
    // ArrayBuffer memory on the second half of the cycles, where a leaked session per cycle would add > 300 MB.
    expect((after.arrayBuffers - mid.arrayBuffers) / MB, `${summary}; second half ${((after.arrayBuffers - mid.arrayBuffers) / MB).toFixed(2)} MB`).toBeLessThan(16);
  });
});
