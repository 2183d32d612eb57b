/**
 * `pnpm bench:dataset`: "the same commands work on another 28x28 grayscale IDX dataset". No second such dataset is
 * in shared/data or an npm package here, so this generates one deterministically ("glyphs": ten classes of stroke
 * shapes — ring, bar, cross, triangle, ... — drawn anti-aliased with random scale, rotation, shift, stroke width,
 * a distractor stroke and pixel noise; seeded, so every run writes the same bytes), writes it as IDX files, then
 * runs the unchanged CLI commands on it: `sparsecnn train` of LeNet from the fillers with the shared solver, then
 * `sparsecnn prune` of the result (>= 10x fewer weights, losing <= 1 point). Writes results/dataset.json and .md.
 *
 * Flags: --train <n> (default 30000), --test <n> (10000), --train-iters <n> (max_iter override, default 3000),
 * --prune-iters <n> (2000), --finetune-iters <n> (1000), --method <m> (agp), --targets <spec>
 * (conv1=0.6,conv2=0.15,ip1=0.05,ip2=0.25), --threads <n> (2), --seed <n> (7), --out <dir>.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeIdxPair } from '@sparsecnn/pruning';
import { intFlag, outDirFlag, SHARED_DATA, stringFlag } from './report.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => intFlag(args, name, def, 1);
const outDir = outDirFlag(args);
const nTrain = flag('train', 30000);
const nTest = flag('test', 10000);
const trainIters = flag('train-iters', 3000);
const pruneIters = flag('prune-iters', 2000);
const finetuneIters = flag('finetune-iters', 1000);
const threads = flag('threads', 2);
const seed = flag('seed', 7);
const method = stringFlag(args, 'method') ?? 'agp';
const targets = stringFlag(args, 'targets') ?? 'conv1=0.6,conv2=0.15,ip1=0.05,ip2=0.25';
const solver = join(SHARED_DATA, 'models', 'lenet_mnist', 'lenet_solver.prototxt');
const cli = resolve(import.meta.dirname, '../../cli/dist/bin.js');
const load = loadavg().map((x) => +x.toFixed(2));

/** xorshift32 in [0, 1). */
function rng(s: number): () => number {
  let x = s >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

type Seg = readonly [number, number, number, number];
const arc = (cx: number, cy: number, r: number, a0: number, a1: number, n = 16): Seg[] => {
  const out: Seg[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = a0 + ((a1 - a0) * i) / n;
    const t1 = a0 + ((a1 - a0) * (i + 1)) / n;
    out.push([cx + r * Math.cos(t0), cy + r * Math.sin(t0), cx + r * Math.cos(t1), cy + r * Math.sin(t1)]);
  }
  return out;
};
const poly = (...p: number[]): Seg[] => {
  const out: Seg[] = [];
  for (let i = 0; i + 3 < p.length; i += 2) out.push([p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!]);
  return out;
};
/** The ten classes, in a [-1, 1] box (y down). */
const GLYPHS: ReadonlyArray<Seg[]> = [
  arc(0, 0, 0.8, 0, 2 * Math.PI), // 0 ring
  poly(0, -0.9, 0, 0.9), // 1 bar
  [...poly(-0.8, -0.8, 0.8, 0.8), ...poly(-0.8, 0.8, 0.8, -0.8)], // 2 cross
  poly(0, -0.85, 0.85, 0.75, -0.85, 0.75, 0, -0.85), // 3 triangle
  poly(-0.75, -0.75, 0.75, -0.75, 0.75, 0.75, -0.75, 0.75, -0.75, -0.75), // 4 square
  [...arc(0, -0.4, 0.42, 0, 2 * Math.PI, 12), ...arc(0, 0.42, 0.42, 0, 2 * Math.PI, 12)], // 5 figure eight
  poly(-0.7, -0.8, -0.7, 0.8, 0.7, 0.8), // 6 L
  poly(-0.8, -0.7, 0.8, -0.7, -0.2, 0.9), // 7 seven-like
  [...poly(-0.9, 0, 0.9, 0), ...poly(0, -0.9, 0, 0.9)], // 8 plus
  [...arc(0, 0, 0.75, Math.PI * 0.15, Math.PI * 1.85), ...poly(0.1, 0, 0.75, 0)], // 9 G-like
];

function distToSeg(px: number, py: number, s: Seg): number {
  const [x0, y0, x1, y1] = s;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2)) : 0;
  const ex = px - (x0 + t * dx);
  const ey = py - (y0 + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

function render(segs: readonly Seg[], width: number, out: Uint8Array, off: number, gain: number): void {
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      let d = Infinity;
      for (const s of segs) d = Math.min(d, distToSeg(x + 0.5, y + 0.5, s));
      const v = Math.max(0, Math.min(1, width / 2 + 0.5 - d)) * gain;
      const i = off + y * 28 + x;
      out[i] = Math.min(255, Math.max(out[i]!, Math.round(v * 255)));
    }
  }
}

/** `count` images of the glyph set, deterministic in `s`. */
function generate(count: number, s: number): { count: number; height: number; width: number; pixels: Uint8Array; labels: Uint8Array } {
  const r = rng(s);
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = Math.floor(r() * 10);
    labels[n] = label;
    const scale = 7 + r() * 4;
    const rot = (r() - 0.5) * 0.9;
    const shear = (r() - 0.5) * 0.5;
    const tx = 14 + (r() - 0.5) * 6;
    const ty = 14 + (r() - 0.5) * 6;
    const c = Math.cos(rot);
    const sn = Math.sin(rot);
    const map = (x: number, y: number): [number, number] => {
      const xs = x + shear * y;
      return [tx + scale * (c * xs - sn * y), ty + scale * (sn * xs + c * y)];
    };
    const segs = GLYPHS[label]!.map(([x0, y0, x1, y1]) => [...map(x0, y0), ...map(x1, y1)] as unknown as Seg);
    render(segs, 1.4 + r() * 1.6, pixels, n * 784, 0.75 + r() * 0.25);
    // A distractor stroke in about half the images, and pixel noise.
    if (r() < 0.5) {
      const a = [r() * 28, r() * 28];
      const ang = r() * Math.PI;
      const len = 4 + r() * 8;
      render([[a[0]!, a[1]!, a[0]! + len * Math.cos(ang), a[1]! + len * Math.sin(ang)]], 1 + r(), pixels, n * 784, 0.4 + r() * 0.4);
    }
    for (let i = 0; i < 784; i++) {
      const v = pixels[n * 784 + i]! + (r() - 0.5) * 60;
      pixels[n * 784 + i] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { count, height: 28, width: 28, pixels, labels };
}

function writePair(prefix: string, set: ReturnType<typeof generate>): { images: string; labels: string } {
  const { images, labels } = encodeIdxPair(set);
  const files = { images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte` };
  writeFileSync(files.images, images);
  writeFileSync(files.labels, labels);
  return files;
}

function runCli(argv: string[]): { report: Record<string, unknown>; seconds: number } {
  console.log(`$ node apps/cli/dist/bin.js ${argv.join(' ')}`);
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [cli, ...argv, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
  const seconds = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`the CLI exited with ${p.status}`);
  return { report: JSON.parse(p.stdout) as Record<string, unknown>, seconds };
}

const dataDir = join(outDir, 'glyphs-idx');
mkdirSync(dataDir, { recursive: true });
console.log(`bench:dataset: synthetic 28x28 glyph IDX set (seed ${seed}: ${nTrain} train, ${nTest} test) in ${dataDir}; load ${load.join(' ')}`);
const train = writePair(join(dataDir, 'train'), generate(nTrain, seed));
const test = writePair(join(dataDir, 't10k'), generate(nTest, seed + 1000003));
const data = ['--train-images', train.images, '--train-labels', train.labels, '--test-images', test.images, '--test-labels', test.labels];
const trained = join(outDir, 'glyphs-lenet.caffemodel');
const common = ['--threads', String(threads), '--quiet'];
const tr = runCli(['train', solver, ...data, '--max-iter', String(trainIters), '--snapshot-prefix', join(outDir, 'glyphs-lenet'), '--output', trained, ...common]);
const trainAcc = tr.report['finalAccuracy'] as number;
console.log(`trained: test accuracy ${(trainAcc * 100).toFixed(2)}% after ${trainIters} iterations (${tr.seconds.toFixed(0)} s)`);
const pr = runCli(['prune', solver, '--weights', trained, ...data, '--method', method, '--targets', targets, '--prune-iters', String(pruneIters),
  '--finetune-iters', String(finetuneIters), '--output', join(outDir, 'glyphs-lenet-pruned'), '--skip-measure', ...common]);
const acc = pr.report['accuracy'] as { before: number; after: number };
const nz = pr.report['nonZeros'] as { compression: number; after: number; weights: number };
const drop = (acc.before - acc.after) * 100;
console.log(`pruned (${method}): ${(acc.before * 100).toFixed(2)}% -> ${(acc.after * 100).toFixed(2)}% (${drop.toFixed(2)} points), ${nz.compression.toFixed(1)}x fewer non-zero weights (${pr.seconds.toFixed(0)} s)`);
const result = {
  date: new Date().toISOString(), cpus: cpus().length, loadAtStart: load, loadAtEnd: loadavg().map((x) => +x.toFixed(2)), seed, nTrain, nTest,
  train: { iterations: trainIters, accuracy: trainAcc, seconds: tr.seconds, tests: tr.report['tests'] },
  prune: { method, targets, pruneIters, finetuneIters, before: acc.before, after: acc.after, dropPoints: drop, compression: nz.compression, nonZeros: nz.after, weights: nz.weights, seconds: pr.seconds },
  goals: { compressionAtLeast: 10, dropAtMostPoints: 1, met: nz.compression >= 10 && drop <= 1 },
};
writeFileSync(join(outDir, 'dataset.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(outDir, 'dataset.md'), [
  '# bench:dataset — the same CLI commands on a second 28x28 grayscale IDX dataset (synthetic glyphs)', '',
  `${result.date}, load ${load.join(' / ')} at start; seed ${seed}, ${nTrain} train / ${nTest} test images`, '',
  '| step | command | accuracy | fewer non-zeros | wall s |', '|---|---|---:|---:|---:|',
  `| train from the fillers | sparsecnn train lenet_solver.prototxt --max-iter ${trainIters} (+ IDX files) | ${(trainAcc * 100).toFixed(2)}% | 1x | ${tr.seconds.toFixed(0)} |`,
  `| prune | sparsecnn prune --method ${method} --targets ${targets} --prune-iters ${pruneIters} --finetune-iters ${finetuneIters} | ${(acc.before * 100).toFixed(2)}% -> ${(acc.after * 100).toFixed(2)}% (${drop.toFixed(2)} points) | ${nz.compression.toFixed(1)}x | ${pr.seconds.toFixed(0)} |`,
  '', `Goal (>= 10x, <= 1 point lost): ${result.goals.met ? 'met' : 'not met'}.`, '',
].join('\n'));
console.log(`wrote ${join(outDir, 'dataset.json')} and dataset.md`);
