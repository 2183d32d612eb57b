/**
 * `pnpm bench:train`: one LeNet epoch (60,000 MNIST images, batch 64 = 938 iterations, Caffe's lenet_solver) on the
 * native backend, then the same iterations' median time on the plain-JS reference backend (the in-run peer, over a
 * shorter span), and the test accuracy after the epoch. Writes results/train.json and results/train.md.
 *
 * Flags: --threads <n> (default 2), --iters <n> (default 938 = one epoch), --peer-iters <n> (default 20),
 * --out <dir>.
 */
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '@sparsecnn/perf-model';
import { Trainer } from '@sparsecnn/pruning/node';
import { intFlag, outDirFlag, SHARED_DATA } from './report.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => intFlag(args, name, def, 1);
const outDir = outDirFlag(args);
const threads = flag('threads', 2);
const iters = flag('iters', 938);
const peerIters = flag('peer-iters', 20);
const dir = join(SHARED_DATA, 'models', 'lenet_mnist');
const solver = join(dir, 'lenet_solver.prototxt');

async function timeIterations(backend: 'native' | 'js', n: number, warmup: number) {
  const t = await Trainer.create({ solver, backend, threads, overrides: { testInterval: 0, display: 0, snapshot: 0, snapshotAfterTrain: false } });
  try {
    if (backend === 'native' && t.kernels.backends[0]!.name !== 'native') throw new Error('the native backend did not load (build @sparsecnn/kernels-native)');
    for (let i = 0; i < warmup; i++) t.solver.stepOnce();
    const per: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      t.solver.stepOnce();
      per.push(performance.now() - s);
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const accuracy = backend === 'native' ? t.solver.runTest(100).accuracy : null;
    return {
      backend, iterations: n, images: n * t.solver.trainFeeder.batch, wallSeconds: wall, cpuSeconds: (cpu.user + cpu.system) / 1e6,
      medianIterMs: median(per), accuracy,
      kernels: t.kernels.assignment(['conv2d', 'conv2dBackward', 'gemm', 'gemmBackward', 'pool2d', 'pool2dBackward', 'relu', 'reluBackward', 'softmaxCrossEntropy']),
    };
  } finally {
    t.dispose();
  }
}

const load = loadavg().map((x) => +x.toFixed(2));
console.log(`bench:train: LeNet (${solver}), batch 64, native ${threads} thread(s) for ${iters} iterations, JS peer for ${peerIters}; load ${load.join(' ')}`);
const native = await timeIterations('native', iters, 5);
console.log(`native: ${native.iterations} iterations (${native.images} images) in ${native.wallSeconds.toFixed(1)} s wall, ${native.cpuSeconds.toFixed(1)} s CPU; median ${native.medianIterMs.toFixed(1)} ms/iteration; test accuracy ${((native.accuracy ?? 0) * 100).toFixed(2)}%`);
const js = await timeIterations('js', peerIters, 2);
console.log(`js (peer): median ${js.medianIterMs.toFixed(1)} ms/iteration`);
const epochSeconds = (native.medianIterMs * 938) / 1000;
const result = {
  date: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model ?? '', loadAtStart: load, loadAtEnd: loadavg().map((x) => +x.toFixed(2)),
  threads, native, js, speedupVsJs: js.medianIterMs / native.medianIterMs,
  epochSecondsFromMedian: epochSeconds, epochTargetSeconds: 30,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'train.json'), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  '# bench:train — LeNet training (Caffe lenet_solver, batch 64)', '',
  `${result.date}, ${result.cpus} vCPU (${result.cpu}), load ${load.join(' / ')} at start, ${result.loadAtEnd.join(' / ')} at end`, '',
  '| backend | iterations | wall s | CPU s | median ms / iteration | one epoch (938 it.) from the median | test accuracy |',
  '|---|---:|---:|---:|---:|---:|---:|',
  `| native ${threads} thr | ${native.iterations} | ${native.wallSeconds.toFixed(1)} | ${native.cpuSeconds.toFixed(1)} | ${native.medianIterMs.toFixed(1)} | ${epochSeconds.toFixed(1)} s | ${((native.accuracy ?? 0) * 100).toFixed(2)}% |`,
  `| js (peer) | ${js.iterations} | ${js.wallSeconds.toFixed(1)} | ${js.cpuSeconds.toFixed(1)} | ${js.medianIterMs.toFixed(1)} | ${((js.medianIterMs * 938) / 1000).toFixed(1)} s | - |`,
  '', `native is ${result.speedupVsJs.toFixed(1)}x the JS reference per iteration. Target: one epoch <= 30 s.`, '',
];
writeFileSync(join(outDir, 'train.md'), md.join('\n'));
console.log(`wrote ${join(outDir, 'train.json')} and train.md`);
