import { decodeCaffeModel, writeFileAtomic } from '@sparsecnn/caffe-io';
import { predictLayer, usefulRange, type MachineProfile } from '@sparsecnn/perf-model';
import { loadOrCalibrate } from '@sparsecnn/perf-model/node';
import {
  budgetPlan, deployNet, formatDensities, layerShapes, measureForward, parseSweep, PRUNE_METHODS, runPruning, sensitivitySweep, sizes,
  removeSnapshot, type BudgetPlan, type ForwardTiming, type HistoryPoint, type PruneMethod, type PruneReport,
  type SensitivitySweep,
} from '@sparsecnn/pruning/node';
import { SparseCnnError } from '@sparsecnn/tensor';
import { boolOpt, numberOpt, parseCommandArgs, stringOpt, UsageError } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { readFileOrThrow, readTextOrThrow } from '../lib/files.js';
import { loadBackend } from '../lib/perf.js';
import {
  densityOption, interruptible, METHOD_HELP, openTrainer, TRAINING_HELP, TRAINING_OPTIONS, trainerOptions,
} from '../lib/prune.js';

const NAME = 'prune';

const HELP = `Usage: sparsecnn prune <solver.prototxt> --weights <trained.caffemodel> [options]

Prune a trained Caffe network while training it (Caffe solver semantics, see 'sparsecnn train --help'), then
fine-tune with the zero pattern frozen. Writes the pruned .caffemodel and the compact sparse .scnn, and reports
per layer the density over time, the performance model's useful sparsity range, predicted and measured speedup,
and bytes.

Methods (--method, default gsl):
${PRUNE_METHODS.map((m) => `  ${m.padEnd(10)} ${METHOD_HELP[m]}`).join('\n')}

Options:
      --weights <file>        the trained weights to prune (required)
      --method <name>         see above
      --targets <spec>        per-layer densities, e.g. conv1=0.6,conv2=0.08,ip1=0.012,ip2=0.15 (or one number
                              for every layer); default: the sensitivity sweep's targets
      --layers <list>         layers to prune (global, l1; default all weighted layers)
      --density <x>           total density (global)
      --min-density <spec>    per-layer minimum density guard (one number or layer=density,...)
      --prune-iters <n>       iterations of the pruning phase (default 4000; 0 for one-shot methods)
      --finetune-iters <n>    iterations of frozen-mask fine-tuning (default 2000)
      --every <n>             AGP/GSL: iterations between pruning steps (default prune-iters / 40)
      --average-from <n>      end with the mean weights of fine-tuning from its n-th iteration on (Polyak / SWA,
                              every 10th iteration sampled; default off)
      --rounds <n>            iterative: pruning rounds (default 4)
      --test-every <n>        test (and checkpoint) every n iterations (default: the solver's test_interval)
      --test-batches <n>      test batches per check (default: the solver's test_iter)
      --sensitivity <file>    run the sensitivity sweep first and write it (JSON; per-layer targets included)
      --sweep <file>          use a sensitivity sweep written before
      --max-drop <x>          sweep targets: lowest density within this accuracy drop (default 0.002)
      --sweep-batches <n>     test batches per sweep point (default 20)
      --target-ms <ms>        latency budget: densities chosen greedily by predicted ms saved per accuracy lost
                              until the predicted forward time of the weighted layers meets the budget
      --target-backend <b>    backend the performance model is calibrated for (default: the training backend)
      --batch <n>             batch size of the predictions and useful ranges (default 1)
      --min-speedup <x>       GSL: conv layers predicted at most this much faster sparse stay dense (default 1.1)
      --recalibrate           measure the machine profile again
      --output <prefix>       write <prefix>.caffemodel and <prefix>.scnn (default: ./pruned)
      --checkpoint <prefix>   keep the last good state as <prefix>_iter_<N>.caffemodel/.solverstate (default:
                              <output>-checkpoint); Ctrl-C stops and keeps it
      --skip-measure          do not measure dense vs pruned forward time (batch 1 and 64)
${TRAINING_HELP}
  -h, --help                  show this help

Exit codes: 0 done, 1 model or data error, 2 usage error, 130 interrupted (the last checkpoint is kept).
`;

const OPTIONS = {
  ...TRAINING_OPTIONS,
  method: { type: 'string' },
  targets: { type: 'string' },
  layers: { type: 'string' },
  density: { type: 'string' },
  'min-density': { type: 'string' },
  'prune-iters': { type: 'string' },
  'finetune-iters': { type: 'string' },
  every: { type: 'string' },
  'average-from': { type: 'string' },
  rounds: { type: 'string' },
  'test-every': { type: 'string' },
  'test-batches': { type: 'string' },
  sensitivity: { type: 'string' },
  sweep: { type: 'string' },
  'max-drop': { type: 'string' },
  'sweep-batches': { type: 'string' },
  'target-ms': { type: 'string' },
  'target-backend': { type: 'string' },
  batch: { type: 'string' },
  'min-speedup': { type: 'string' },
  recalibrate: { type: 'boolean' },
  output: { type: 'string' },
  checkpoint: { type: 'string' },
  'skip-measure': { type: 'boolean' },
} as const;

export interface LayerReport {
  readonly layer: string;
  readonly kind: 'conv' | 'fc';
  readonly weights: number;
  readonly nonZeros: number;
  readonly density: number;
  /** Density at every test point. */
  readonly densityOverTime: ReadonlyArray<{ iter: number; density: number }>;
  /** The model's useful density range on the target backend (sparse wins below max; pruning pays down to min). */
  readonly bounds: { readonly minUsefulDensity: number; readonly maxUsefulDensity: number } | null;
  readonly insideUsefulRange: boolean | null;
  readonly predicted: { readonly denseMs: number; readonly sparseMs: number; readonly speedup: number } | null;
  readonly measured: ReadonlyArray<{ batch: number; denseMs: number; prunedMs: number; speedup: number; kernel: string }>;
  readonly bytes: { readonly dense: number; readonly csr: number };
}

export interface PruneCliReport {
  readonly method: PruneMethod;
  readonly weights: string;
  readonly backend: string;
  readonly seconds: number;
  readonly interrupted: boolean;
  readonly accuracy: { readonly before: number; readonly after: number };
  readonly nonZeros: { readonly before: number; readonly after: number; readonly weights: number; readonly compression: number };
  readonly layers: readonly LayerReport[];
  readonly history: readonly HistoryPoint[];
  readonly sizes?: { denseCaffemodel: number; prunedCaffemodel: number; compact: number; ratio: number };
  readonly forward: readonly ForwardTiming[];
  readonly predictedNetwork: { readonly denseMs: number; readonly prunedMs: number; readonly speedup: number } | null;
  readonly budget?: BudgetPlan;
  readonly gsl?: { readonly restored: readonly string[]; readonly reasons: Record<string, string> };
  readonly files: { readonly caffemodel?: string; readonly scnn?: string; readonly sensitivity?: string; readonly checkpoint?: string };
}

export const pruneCommand: Command = {
  name: NAME,
  summary: 'prune a trained net while training: magnitude, iterative, AGP, DNS, L1, or guided by the perf model',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, NAME);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing <solver.prototxt>' : `unexpected argument '${positionals[1]}'`, NAME);
    const options = trainerOptions(values, NAME, positionals[0]!);
    if (options.weights === undefined) throw new UsageError('--weights <trained.caffemodel> is required', NAME);
    const method = (stringOpt(values, 'method') ?? 'gsl') as PruneMethod;
    if (!PRUNE_METHODS.includes(method)) throw new UsageError(`--method must be one of ${PRUNE_METHODS.join(', ')}, got '${method}'`, NAME);
    const int = (n: string, min = 0) => numberOpt(values, n, NAME, { integer: true, min });
    const pruneIters = int('prune-iters') ?? (method === 'magnitude' || method === 'global' ? 0 : 4000);
    const finetuneIters = int('finetune-iters') ?? 2000;
    const every = int('every', 1);
    const rounds = int('rounds', 1);
    const testEvery = int('test-every', 1);
    const testBatches = int('test-batches', 1);
    const sweepBatches = int('sweep-batches', 1) ?? 20;
    const maxDrop = numberOpt(values, 'max-drop', NAME, { min: 0, max: 1 }) ?? 0.002;
    const targetMs = numberOpt(values, 'target-ms', NAME, { min: 1e-6 });
    const minSpeedup = numberOpt(values, 'min-speedup', NAME, { min: 0 });
    const averageFrom = numberOpt(values, 'average-from', NAME, { integer: true, min: 0 });
    const batch = int('batch', 1) ?? 1;
    const globalDensity = numberOpt(values, 'density', NAME, { min: 0, max: 1 });
    if (method === 'global' && globalDensity === undefined) throw new UsageError('--method global needs --density', NAME);
    const targetBackend = stringOpt(values, 'target-backend');
    if (targetBackend !== undefined && !['native', 'wasm', 'js'].includes(targetBackend)) throw new UsageError(`--target-backend must be native, wasm or js`, NAME);
    const outPrefix = stringOpt(values, 'output') ?? 'pruned';
    const checkpointPrefix = stringOpt(values, 'checkpoint') ?? `${outPrefix}-checkpoint`;
    const json = boolOpt(values, 'json');
    const quiet = boolOpt(values, 'quiet');
    const log = (s: string) => {
      if (!quiet) io.err(s);
    };
    const started = performance.now();

    const trainer = await openTrainer(options, io);
    const stop = interruptible(io);
    try {
      const solver = trainer.solver;
      if (!solver.test) throw new SparseCnnError('E_FORMAT', 'the net has no TEST phase: pruning needs a test net to watch the accuracy', { file: trainer.netFile });
      const weighted = solver.store.weights().map((p) => p.layer);
      const layerList = stringOpt(values, 'layers')?.split(',').map((s) => s.trim()).filter(Boolean);
      for (const l of layerList ?? []) if (!weighted.includes(l)) throw new UsageError(`--layers: '${l}' is not a weighted layer (${weighted.join(', ')})`, NAME);
      const minDensity = densityOption(values, 'min-density', NAME, weighted);
      let targets = densityOption(values, 'targets', NAME, layerList ?? weighted);
      const shapes = layerShapes(solver.train);

      // The machine profile of the target backend (cached after the first calibration).
      let profile: MachineProfile | null = null;
      const needProfile = method === 'gsl' || targetMs !== undefined || !boolOpt(values, 'skip-measure');
      if (needProfile) {
        const backend = targetBackend !== undefined || trainer.kernels.backends[0]!.name === 'js'
          ? await loadBackend((targetBackend ?? 'js') as 'native' | 'wasm' | 'js', options.threads)
          : trainer.kernels.backends[0]!;
        log(`performance model: ${backend.name} (${backend.info().isa}, ${backend.info().threads} thread(s))\n`);
        profile = (await loadOrCalibrate(backend, { recalibrate: boolOpt(values, 'recalibrate') })).profile;
      }

      // Sensitivity: from a file, or swept now when asked for or needed for targets.
      let sweep: SensitivitySweep | null = null;
      const sweepIn = stringOpt(values, 'sweep');
      const sweepOut = stringOpt(values, 'sensitivity');
      if (sweepIn !== undefined) {
        const text = readTextOrThrow(sweepIn);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          throw new SparseCnnError('E_FORMAT', `not JSON: ${(e as Error).message}`, { file: sweepIn });
        }
        sweep = parseSweep(parsed, sweepIn);
      } else if (sweepOut !== undefined || (targets === undefined && method !== 'global' && method !== 'l1') || targetMs !== undefined) {
        log(`sensitivity sweep over ${weighted.join(', ')} (${sweepBatches} test batches per point)\n`);
        sweep = sensitivitySweep(solver, weighted, {
          batches: sweepBatches, maxDrop,
          onPoint: (l, p) => log(`  ${l} density ${p.density}: accuracy ${(p.accuracy * 100).toFixed(2)}%\n`),
        });
        if (sweepOut !== undefined) await writeFileAtomic(sweepOut, new TextEncoder().encode(`${JSON.stringify(sweep, null, 2)}\n`));
      }
      let budget: BudgetPlan | undefined;
      if (targetMs !== undefined) {
        budget = budgetPlan(profile!, shapes, sweep!, targetMs, batch);
        log(`latency budget ${targetMs} ms: predicted ${budget.denseMs.toFixed(3)} -> ${budget.predictedMs.toFixed(3)} ms with ${formatDensities(budget.targets)}${budget.met ? '' : ' (budget NOT met: no further move)'}\n`);
        if (!budget.met) throw new SparseCnnError('E_RANGE', `the latency budget ${targetMs} ms cannot be met: the best plan is predicted at ${budget.predictedMs.toFixed(3)} ms`);
        targets = { ...budget.targets };
      }
      targets ??= sweep ? { ...sweep.targets } : undefined;
      if (targets === undefined && method !== 'global' && method !== 'l1') throw new UsageError('--targets or a sensitivity sweep is needed', NAME);

      // Checkpoints: the last good (tested) state replaces the one before.
      let lastCheckpoint: { caffemodel: string; solverstate: string } | null = null;
      const report = await runPruning(solver, {
        method, pruneIters, finetuneIters,
        ...(targets ? { targets } : {}),
        ...(layerList ? { layers: layerList } : {}),
        ...(globalDensity !== undefined ? { globalDensity } : {}),
        ...(minDensity ? { minDensity } : {}),
        ...(every !== undefined ? { every } : {}),
        ...(rounds !== undefined ? { rounds } : {}),
        ...(testEvery !== undefined ? { testEvery } : {}),
        ...(testBatches !== undefined ? { testBatches } : {}),
        ...(profile ? { profile } : {}),
        ...(minSpeedup !== undefined ? { minSpeedup } : {}),
        ...(averageFrom !== undefined ? { averageFrom } : {}),
        batch,
        signal: stop.signal,
        onTest: (p) => log(`iter ${p.iter} ${p.phase.padEnd(8)} test accuracy ${(p.accuracy * 100).toFixed(2)}%  loss ${p.loss.toFixed(4)}  ${formatDensities(p.densities)}\n`),
        onCheckpoint: async () => {
          const prev = lastCheckpoint;
          lastCheckpoint = await trainer.snapshot(checkpointPrefix);
          if (prev && prev.solverstate !== lastCheckpoint.solverstate) await removeSnapshot(prev);
        },
      });
      if (report.stopped) {
        log(`interrupted: the last good state is ${lastCheckpoint ? (lastCheckpoint as { solverstate: string }).solverstate : '(none yet)'}\n`);
      }

      // Outputs, sizes, predictions and measurements.
      const denseBytes = readFileOrThrow(options.weights);
      const { report: sizeReport, caffemodel, scnn } = sizes(trainer.netParam, denseBytes, trainer.store, trainer.netFile);
      const files: PruneCliReport['files'] = {
        ...(sweepOut !== undefined ? { sensitivity: sweepOut } : {}),
        ...(lastCheckpoint ? { checkpoint: (lastCheckpoint as { solverstate: string }).solverstate } : {}),
      };
      if (!report.stopped) {
        await writeFileAtomic(`${outPrefix}.caffemodel`, caffemodel);
        await writeFileAtomic(`${outPrefix}.scnn`, scnn);
        Object.assign(files, { caffemodel: `${outPrefix}.caffemodel`, scnn: `${outPrefix}.scnn` });
      }
      const forward: ForwardTiming[] = [];
      if (!boolOpt(values, 'skip-measure') && !report.stopped) {
        const image = [trainer.sets.train.channels, trainer.sets.train.height, trainer.sets.train.width] as const;
        const denseWeights = decodeCaffeModel(denseBytes, { file: options.weights });
        for (const b of [1, 64]) {
          const dense = deployNet(trainer.netParam, denseWeights, image, b, trainer.netFile);
          const pruned = deployNet(trainer.netParam, trainer.store, image, b, trainer.netFile);
          forward.push(await measureForward(dense, pruned, { batch: b, backend: trainer.kernels.backends[0]!.name, ...(options.threads !== undefined ? { threads: options.threads } : {}), ...(profile ? { profile } : {}) }));
        }
      }
      const cli = buildReport(method, options.weights, trainer.kernels.backends[0]!.name, report, shapes, profile, batch, forward, sizeReport, files, budget, started);
      if (json) io.out(`${JSON.stringify(cli, null, 2)}\n`);
      else io.out(formatText(cli));
      return report.stopped ? 130 : 0;
    } finally {
      stop.release();
      trainer.dispose();
    }
  },
};

function buildReport(
  method: PruneMethod, weights: string, backend: string, r: PruneReport, shapes: ReturnType<typeof layerShapes>, profile: MachineProfile | null,
  batch: number, forward: ForwardTiming[], sizeReport: PruneCliReport['sizes'], files: PruneCliReport['files'], budget: BudgetPlan | undefined, started: number,
): PruneCliReport {
  const layers: LayerReport[] = r.layers.map((l) => {
    const shape = shapes.find((s) => s.name === l.layer)!;
    const range = profile ? usefulRange(profile, shape, batch) : null;
    const pred = profile ? predictLayer(profile, shape, l.density, batch) : null;
    const rows = shape.kind === 'conv' ? shape.outChannels : shape.outFeatures;
    const pruned = l.density < 1;
    return {
      layer: l.layer, kind: shape.kind, weights: l.weights, nonZeros: l.nonZeros, density: l.density,
      densityOverTime: r.history.map((h) => ({ iter: h.iter, density: h.densities[l.layer] ?? 1 })),
      bounds: range ? { minUsefulDensity: range.minUsefulDensity, maxUsefulDensity: range.maxUsefulDensity } : null,
      insideUsefulRange: range && shape.kind === 'conv' && pruned ? l.density <= range.maxUsefulDensity + 1 / l.weights && l.density >= range.minUsefulDensity - 1 / l.weights : null,
      predicted: pred ? { denseMs: pred.denseMs, sparseMs: pred.sparseMs, speedup: pred.speedup } : null,
      measured: forward.map((f) => {
        const m = f.layers.find((x) => x.layer === l.layer);
        return { batch: f.batch, denseMs: m?.denseMs ?? Number.NaN, prunedMs: m?.prunedMs ?? Number.NaN, speedup: m ? m.denseMs / m.prunedMs : Number.NaN, kernel: m?.kernel ?? '' };
      }),
      bytes: { dense: 4 * l.weights, csr: 8 * l.nonZeros + 4 * (rows + 1) },
    };
  });
  let predictedNetwork: PruneCliReport['predictedNetwork'] = null;
  if (profile) {
    const preds = layers.map((l) => l.predicted!);
    const denseMs = preds.reduce((s, p) => s + p.denseMs, 0);
    const prunedMs = preds.reduce((s, p) => s + Math.min(p.denseMs, p.sparseMs), 0);
    predictedNetwork = { denseMs, prunedMs, speedup: denseMs / prunedMs };
  }
  return {
    method, weights, backend, seconds: (performance.now() - started) / 1000, interrupted: r.stopped,
    accuracy: { before: r.before.accuracy, after: r.after.accuracy },
    nonZeros: { before: r.before.nonZeros, after: r.after.nonZeros, weights: r.after.weights, compression: r.after.compression },
    layers, history: r.history, ...(sizeReport ? { sizes: sizeReport } : {}), forward, predictedNetwork,
    ...(budget ? { budget } : {}),
    ...(r.gsl ? { gsl: { restored: r.gsl.restored, reasons: Object.fromEntries(r.gsl.plan.layers.map((l) => [l.layer, l.reason])) } } : {}),
    files,
  };
}

function formatText(r: PruneCliReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 2 : 1)}%`;
  const lines = [
    `pruned with ${r.method} on ${r.backend} in ${r.seconds.toFixed(0)} s${r.interrupted ? ' (interrupted)' : ''}`,
    `accuracy ${pct(r.accuracy.before)} -> ${pct(r.accuracy.after)}; non-zero weights ${r.nonZeros.before} -> ${r.nonZeros.after} (${r.nonZeros.compression.toFixed(1)}x fewer)`,
    '',
    '  layer   density   useful range      predicted   measured b1   measured b64   kernel(b1)',
    ...r.layers.map((l) =>
      `  ${l.layer.padEnd(7)} ${pct(l.density).padStart(7)}   ${l.bounds ? `[${pct(l.bounds.minUsefulDensity)}, ${pct(l.bounds.maxUsefulDensity)}]`.padEnd(16) : '-'.padEnd(16)}  ` +
      `${l.predicted ? `${l.predicted.speedup.toFixed(2)}x` : '-'}`.padStart(9) +
      `${l.measured[0] ? `${l.measured[0].speedup.toFixed(2)}x` : '-'}`.padStart(14) +
      `${l.measured[1] ? `${l.measured[1].speedup.toFixed(2)}x` : '-'}`.padStart(15) +
      `   ${l.measured[0]?.kernel ?? '-'}`),
    '',
    ...r.forward.map((f) => `forward, batch ${f.batch} on ${f.backend}: dense ${f.denseMs.toFixed(3)} ms, pruned ${f.prunedMs.toFixed(3)} ms (${f.speedup.toFixed(2)}x)`),
    ...(r.predictedNetwork ? [`predicted (weighted layers): dense ${r.predictedNetwork.denseMs.toFixed(3)} ms, pruned ${r.predictedNetwork.prunedMs.toFixed(3)} ms (${r.predictedNetwork.speedup.toFixed(2)}x)`] : []),
    ...(r.sizes ? [`size: dense .caffemodel ${r.sizes.denseCaffemodel} B, pruned .caffemodel ${r.sizes.prunedCaffemodel} B, compact .scnn ${r.sizes.compact} B (${r.sizes.ratio.toFixed(1)}x smaller)`] : []),
    ...(r.gsl ? [`GSL: ${Object.entries(r.gsl.reasons).map(([l, why]) => `${l}: ${why}`).join('; ')}${r.gsl.restored.length ? `; restored dense: ${r.gsl.restored.join(', ')}` : ''}`] : []),
    ...Object.entries(r.files).map(([k, v]) => `${k}: ${v}`),
    '',
  ];
  return lines.join('\n');
}
