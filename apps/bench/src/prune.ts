/**
 * `pnpm bench:prune`: pruning runs on LeNet from Caffe's lenet_iter_10000.caffemodel (native, 2 threads), each
 * followed by measured forward times of the dense and the pruned net at batch 1 and 64 (same run, interleaved),
 * the model's predictions, and the file sizes. Writes results/prune.json and results/prune.md (with per-layer
 * density over time: the figures).
 *
 * Configurations (--only a,b to pick): agp-50x (unguided AGP to ~55x fewer weights), dns-50x, iterative-12x (Han
 * style, 8 rounds then fine-tuning with the lr stepped down; its own iteration counts), gsl (guided by the calibrated native profile, same accuracy
 * targets as agp-50x).
 * Flags: --prune-iters <n> (default 6000), --finetune-iters <n> (default 3000), --test-every <n> (default 1000),
 * --threads <n> (default 2), --out <dir>.
 */
import { cpus, loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCaffeModel } from '@sparsecnn/caffe-io';
import { loadOrCalibrate } from '@sparsecnn/perf-model/node';
import { predictNetwork, usefulRange } from '@sparsecnn/perf-model';
import {
  deployNet, layerShapes, measureForward, runPruning, sizes, Trainer, type ForwardTiming, type PruneMethod, type SolverConfig,
} from '@sparsecnn/pruning/node';
import { intFlag, outDirFlag, SHARED_DATA, stringFlag } from './report.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => intFlag(args, name, def);
const str = (name: string): string | undefined => stringFlag(args, name);
const outDir = outDirFlag(args);
const threads = flag('threads', 2);
const pruneIters = flag('prune-iters', 6000);
const finetuneIters = flag('finetune-iters', 3000);
const testEvery = flag('test-every', 1000);
const dir = join(SHARED_DATA, 'models', 'lenet_mnist');
const solver = join(dir, 'lenet_solver.prototxt');
const weights = join(dir, 'lenet_iter_10000.caffemodel');

const T50 = { conv1: 0.6, conv2: 0.08, ip1: 0.012, ip2: 0.15 };
// Han et al.'s LeNet-5 densities (conv1 66%, conv2 12%, ip2 19%) with ip1 at 7.5%: 12.6x fewer weights. The last
// session's 15.2x (ip1 6%, ip2 20%) retrained at the solver's lr 0.01 ended at 99.14%, below the 99.2% goal.
const T12 = { conv1: 0.66, conv2: 0.12, ip1: 0.075, ip2: 0.19 };
interface Config {
  readonly name: string;
  readonly method: PruneMethod;
  readonly targets: Record<string, number>;
  readonly rounds?: number;
  /** Per-run overrides of --prune-iters / --finetune-iters / --test-every and of solver fields (lr policy...). */
  readonly pruneIters?: number;
  readonly finetuneIters?: number;
  readonly testEvery?: number;
  readonly solver?: Partial<SolverConfig>;
  /** Visit the training images in a seeded random order each pass. */
  readonly shuffle?: boolean;
}
const CONFIGS: readonly Config[] = [
  { name: 'agp-50x', method: 'agp', targets: T50 },
  { name: 'gsl', method: 'gsl', targets: T50 },
  { name: 'dns-50x', method: 'dns', targets: T50 },
  // Han-style: 8 rounds of 500 iterations, each pruning to target^(k/8) then retraining at the solver's lr 0.01, then
  // 2000 iterations of frozen-mask fine-tuning with the lr stepped down (0.001 from 4000, 0.0001 from 5000), training
  // images shuffled: 99.14% at 12.56x (327 s wall). Also measured (node /tmp/h4/iter.mjs, same targets): 4 rounds x
  // 500 + 1500 at lr 0.001 98.70%; 8 x 500 at lr 0.01 (inv) 99.13%, at 0.005 98.98%; 8 x 1000 + 4000 stepped 99.13%
  // (ip1 7.8%, 12.15x: 99.16%). LeNet plateaus at ~99.15% here: the 99.2% goal is not met.
  { name: 'iterative-12x', method: 'iterative', targets: T12, rounds: 8, pruneIters: 4000, finetuneIters: 2000, testEvery: 500, shuffle: true,
    solver: { lrPolicy: 'multistep', stepvalue: [4000, 5000], gamma: 0.1 } },
];
const only = str('only')?.split(',');
const configs = CONFIGS.filter((c) => !only || only.includes(c.name));

const load = loadavg().map((x) => +x.toFixed(2));
console.log(`bench:prune: ${configs.map((c) => c.name).join(', ')}; ${pruneIters} + ${finetuneIters} iterations each; load ${load.join(' ')}`);
const results = [];
const denseParam = decodeCaffeModel(readFileSync(weights), { file: weights });
for (const c of configs) {
  const t = await Trainer.create({ solver, weights, backend: 'native', threads, ...(c.solver ? { overrides: c.solver } : {}), ...(c.shuffle ? { shuffle: true } : {}) });
  try {
    const native = t.kernels.backends[0]!;
    if (native.name !== 'native') throw new Error('the native backend did not load');
    const profile = (await loadOrCalibrate(native)).profile;
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await runPruning(t.solver, {
      method: c.method, targets: c.targets, pruneIters: c.pruneIters ?? pruneIters, finetuneIters: c.finetuneIters ?? finetuneIters,
      testEvery: c.testEvery ?? testEvery, testBatches: 100, profile,
      ...(c.rounds ? { rounds: c.rounds } : {}),
      onTest: (p) => console.log(`  [${c.name}] iter ${p.iter} ${p.phase} accuracy ${(p.accuracy * 100).toFixed(2)}% ${Object.entries(p.densities).map(([l, d]) => `${l} ${(d * 100).toFixed(2)}%`).join(' ')}`),
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const image = [1, 28, 28] as const;
    const forward: ForwardTiming[] = [];
    for (const b of [1, 64]) {
      forward.push(await measureForward(deployNet(t.netParam, denseParam, image, b, t.netFile), deployNet(t.netParam, t.store, image, b, t.netFile), { batch: b, backend: 'native', threads, profile }));
    }
    const shapes = layerShapes(t.solver.train);
    const dens = Object.fromEntries(r.layers.map((l) => [l.layer, l.density]));
    const pred = predictNetwork(profile, shapes, dens, 1);
    const ranges = Object.fromEntries(shapes.filter((s) => s.kind === 'conv').map((s) => [s.name, usefulRange(profile, s, 1)]));
    const { report: size } = sizes(t.netParam, readFileSync(weights), t.store, t.netFile);
    const row = {
      name: c.name, method: c.method, targets: c.targets, pruneIters: c.pruneIters ?? pruneIters, finetuneIters: c.finetuneIters ?? finetuneIters,
      solver: c.solver ?? null, shuffle: c.shuffle ?? false, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
      accuracyBefore: r.before.accuracy, accuracyAfter: r.after.accuracy, nonZeros: r.after.nonZeros, weights: r.after.weights,
      compression: r.after.compression, layers: r.layers, history: r.history, forward, predicted: { denseMs: pred.denseMs, prunedMs: pred.bestMs, speedup: pred.speedup },
      ranges, size, gsl: r.gsl ? { restored: r.gsl.restored, targets: r.gsl.plan.targets, reasons: Object.fromEntries(r.gsl.plan.layers.map((l) => [l.layer, l.reason])) } : null,
    };
    results.push(row);
    console.log(`[${c.name}] ${seconds.toFixed(0)} s (${row.cpuSeconds.toFixed(0)} s CPU): accuracy ${(row.accuracyBefore * 100).toFixed(2)}% -> ${(row.accuracyAfter * 100).toFixed(2)}%, ${row.compression.toFixed(1)}x fewer non-zeros, .scnn ${size.ratio.toFixed(1)}x smaller; forward b1 ${forward[0]!.speedup.toFixed(2)}x, b64 ${forward[1]!.speedup.toFixed(2)}x`);
  } finally {
    t.dispose();
  }
}
const result = { date: new Date().toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model ?? '', loadAtStart: load, loadAtEnd: loadavg().map((x) => +x.toFixed(2)), threads, pruneIters, finetuneIters, results };
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'prune.json'), `${JSON.stringify(result, null, 2)}\n`);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const md = [
  '# bench:prune — LeNet from lenet_iter_10000.caffemodel (native, 2 threads)', '',
  `${result.date}, ${result.cpus} vCPU, load ${load.join(' / ')} at start; ${pruneIters} pruning + ${finetuneIters} fine-tuning iterations per run`, '',
  '| run | accuracy | non-zeros | fewer | .scnn vs dense .caffemodel | forward b1 dense / pruned | b64 dense / pruned | predicted | wall s | CPU s |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.name} | ${pct(r.accuracyBefore)} -> ${pct(r.accuracyAfter)} | ${r.nonZeros} / ${r.weights} | ${r.compression.toFixed(1)}x | ${r.size.ratio.toFixed(1)}x | ${r.forward[0]!.denseMs.toFixed(3)} / ${r.forward[0]!.prunedMs.toFixed(3)} ms (${r.forward[0]!.speedup.toFixed(2)}x) | ${r.forward[1]!.denseMs.toFixed(2)} / ${r.forward[1]!.prunedMs.toFixed(2)} ms (${r.forward[1]!.speedup.toFixed(2)}x) | ${r.predicted.speedup.toFixed(2)}x | ${r.seconds.toFixed(0)} | ${r.cpuSeconds.toFixed(0)} |`),
  '', '## Per-layer density over time (test points)', '',
  ...results.flatMap((r) => [
    `### ${r.name}`, '',
    `| iter | phase | accuracy | ${r.layers.map((l) => l.layer).join(' | ')} |`,
    `|---:|---|---:|${r.layers.map(() => '---:').join('|')}|`,
    ...r.history.map((h) => `| ${h.iter} | ${h.phase} | ${pct(h.accuracy)} | ${r.layers.map((l) => pct(h.densities[l.layer] ?? 1)).join(' | ')} |`),
    '',
    `Useful density ranges (native profile, batch 1): ${Object.entries(r.ranges).map(([l, x]) => `${l} [${pct(x.minUsefulDensity)}, ${pct(x.maxUsefulDensity)}]`).join(', ')}`,
    ...(r.gsl ? [`GSL: ${Object.entries(r.gsl.reasons).map(([l, why]) => `${l}: ${why}`).join('; ')}; restored dense: ${r.gsl.restored.join(', ') || 'none'}`] : []),
    '',
  ]),
];
writeFileSync(join(outDir, 'prune.md'), md.join('\n'));
console.log(`wrote ${join(outDir, 'prune.json')} and prune.md`);
