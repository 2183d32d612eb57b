import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdxPair, loadMnist } from '@sparsecnn/pruning/node';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

const SOLVER = 'models/lenet_mnist/lenet_solver.prototxt';
const LENET = [SOLVER, 'models/lenet_mnist/lenet_train_test.prototxt', 'models/lenet_mnist/lenet_iter_10000.caffemodel'];

describe('sparsecnn train / prune: usage', () => {
  it('--help, and usage errors exit 2', async () => {
    for (const cmd of ['train', 'prune']) {
      const h = await run(cmd, '--help');
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/solver\.prototxt/);
    }
    const cases: Array<[string[], RegExp]> = [
      [['train'], /missing <solver\.prototxt>/],
      [['train', 's.prototxt', '--backend', 'gpu'], /--backend/],
      [['train', 's.prototxt', '--train-images', 'a.idx'], /--train-images and --train-labels/],
      [['train', 's.prototxt', '--max-iter', '-1'], /--max-iter/],
      [['prune', 's.prototxt'], /--weights/],
      [['prune', 's.prototxt', '--weights', 'w.caffemodel', '--method', 'random'], /--method/],
      [['prune', 's.prototxt', '--weights', 'w.caffemodel', '--method', 'global'], /--density/],
      [['prune', 's.prototxt', '--weights', 'w.caffemodel', '--average-from', '-1'], /--average-from/],
      [['prune', 's.prototxt', '--weights', 'w.caffemodel', '--min-speedup', 'fast'], /--min-speedup/],
    ];
    for (const [argv, msg] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('a missing or malformed solver is a typed error (exit 1)', async () => {
    const tmp = tempDir();
    try {
      let r = await run('train', join(tmp.dir, 'nope.prototxt'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error \[E_IO\]/);
      const bad = join(tmp.dir, 'solver.prototxt');
      writeFileSync(bad, 'base_lr: 0.01\nlr_policy: "sometimes"\n');
      r = await run('train', bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error \[E_FORMAT\].*solver\.prototxt.*lr_policy/);
    } finally {
      tmp.cleanup();
    }
  });
});

/** The LeNet solver with short tests (test_iter 5) and frequent displays, so that CI time stays small. */
function quickSolver(dir: string, extra = ''): string {
  const text = readFileSync(dataPath(SOLVER), 'utf8')
    .replace(/^net: .*$/m, `net: "${dataPath('models/lenet_mnist/lenet_train_test.prototxt')}"`)
    .replace(/^test_iter: .*$/m, 'test_iter: 5')
    .replace(/^test_interval: .*$/m, 'test_interval: 0')
    .replace(/^display: .*$/m, 'display: 20');
  const file = join(dir, 'solver.prototxt');
  writeFileSync(file, `${text}\n${extra}`);
  return file;
}

/** A second 28x28 grayscale IDX dataset: MNIST digits transposed and mirrored (a different image distribution), gzipped. */
async function writeTransformedMnist(dir: string, trainCount: number, testCount: number): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [split, count] of [['train', trainCount], ['test', testCount]] as const) {
    const src = await loadMnist(split);
    const pixels = new Uint8Array(count * 784);
    for (let i = 0; i < count; i++) {
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) pixels[i * 784 + y * 28 + x] = src.pixels[i * 784 + (27 - x) * 28 + y]!;
    }
    const { images, labels } = encodeIdxPair({ count, height: 28, width: 28, pixels, labels: src.labels.subarray(0, count) });
    files[`${split}Images`] = join(dir, `${split}-images-idx3-ubyte.gz`);
    files[`${split}Labels`] = join(dir, `${split}-labels-idx1-ubyte.gz`);
    writeFileSync(files[`${split}Images`]!, gzipSync(images));
    writeFileSync(files[`${split}Labels`]!, gzipSync(labels));
  }
  return files;
}

describe('sparsecnn train / prune on another 28x28 grayscale IDX dataset', () => {
  dataTest('train LeNet on transposed-mirrored MNIST (idx.gz), then prune it with magnitude + fine-tuning', LENET, async () => {
    const tmp = tempDir();
    try {
      const f = await writeTransformedMnist(tmp.dir, 6000, 500);
      const data = ['--train-images', f['trainImages']!, '--train-labels', f['trainLabels']!, '--test-images', f['testImages']!, '--test-labels', f['testLabels']!];
      const solver = quickSolver(tmp.dir);
      let r = await run('train', solver, ...data, '--max-iter', '150', '--snapshot-prefix', join(tmp.dir, 'lenet'), '--json', '--quiet');
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { iterations: number; finalAccuracy: number; snapshots: string[]; backend: string };
      expect(report.iterations).toBe(150);
      expect(report.finalAccuracy).toBeGreaterThan(0.8);
      const weights = join(tmp.dir, 'lenet_iter_150.caffemodel');
      expect(existsSync(weights) && existsSync(join(tmp.dir, 'lenet_iter_150.solverstate'))).toBe(true);
      r = await run('prune', solver, ...data, '--weights', weights, '--method', 'magnitude', '--targets', 'conv2=0.3,ip1=0.05,ip2=0.5',
        '--finetune-iters', '40', '--average-from', '20', '--test-every', '40', '--test-batches', '10', '--skip-measure', '--output', join(tmp.dir, 'pruned'), '--json', '--quiet');
      expect(r.code, r.stderr).toBe(0);
      const p = JSON.parse(r.stdout) as { accuracy: { after: number }; nonZeros: { after: number; before: number }; layers: Array<{ layer: string; density: number; densityOverTime: unknown[] }>; sizes: { ratio: number } };
      expect(p.nonZeros.after).toBeLessThan(p.nonZeros.before / 10);
      expect(p.layers.find((l) => l.layer === 'ip1')!.density).toBeCloseTo(0.05, 3);
      expect(p.layers[0]!.densityOverTime.length).toBeGreaterThanOrEqual(2);
      expect(p.accuracy.after).toBeGreaterThan(0.7);
      expect(p.sizes.ratio).toBeGreaterThan(5);
      expect(readFileSync(join(tmp.dir, 'pruned.scnn')).length).toBeLessThan(readFileSync(join(tmp.dir, 'pruned.caffemodel')).length / 5);
    } finally {
      tmp.cleanup();
    }
  }, 300_000);

  const bin = resolve(import.meta.dirname, '..', 'dist', 'bin.js');
  dataTest('Ctrl-C stops training between iterations, writes a snapshot and exits 130; --resume continues from it', LENET, async () => {
    if (!existsSync(bin)) throw new Error(`build the CLI first (${bin} is missing)`);
    const tmp = tempDir();
    try {
      const solver = quickSolver(tmp.dir);
      const child = spawn(process.execPath, [bin, 'train', solver, '--max-iter', '100000', '--train-subset', '2000', '--test-subset', '200',
        '--snapshot-prefix', join(tmp.dir, 'lenet')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      const code = await new Promise<number | null>((done) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (/iter 20 /.test(err) && !child.killed) child.kill('SIGINT');
        });
        child.on('exit', (c) => done(c));
      });
      expect(code, err).toBe(130);
      const m = /interrupted at iteration (\d+): snapshot (\S+\.solverstate)/.exec(err);
      expect(m, err).not.toBeNull();
      const state = m![2]!;
      expect(existsSync(state) && existsSync(state.replace(/\.solverstate$/, '.caffemodel'))).toBe(true);
      const r = await run('train', solver, '--resume', state, '--max-iter', String(Number(m![1]) + 5), '--train-subset', '2000', '--test-subset', '200',
        '--snapshot-prefix', join(tmp.dir, 'lenet'), '--json', '--quiet');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ startIter: Number(m![1]), iterations: 5 });
    } finally {
      tmp.cleanup();
    }
  }, 300_000);
});
