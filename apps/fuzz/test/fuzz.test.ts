/**
 * The CI-sized fuzz run: every parser, a fresh seed (printed; FUZZ_SEED replays one), a fixed number of mutated real
 * inputs each, through the same child-process harness and watchdog as `pnpm fuzz` (it runs the built dist/cli.js).
 * Every outcome must be a success or a SparseCnnError; inputs that parse must pass the lie checks.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng } from '@sparsecnn/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport, runFuzz, type ParserReport } from '../src/runner.js';
import { TARGET_NAMES } from '../src/targets.js';
import { dataTest } from './helpers.js';

const CLI = resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Rng.freshSeed();
const corpus = mkdtempSync(join(tmpdir(), 'sparsecnn-fuzz-'));
afterAll(() => rmSync(corpus, { recursive: true, force: true }));

/** Inputs per parser in CI: about 3-6 s each on a 2-vCPU machine. */
const COUNTS: Record<(typeof TARGET_NAMES)[number], number> = {
  prototxt: 800, caffemodel: 250, dcnet: 300, mtx: 1200, sparse: 4000, scnn: 1000, mean: 4000, image: 300,
};
const FILES: Record<(typeof TARGET_NAMES)[number], string[]> = {
  prototxt: ['models/lenet_mnist/lenet.prototxt'],
  caffemodel: ['models/lenet_mnist/lenet_iter_10000.caffemodel', 'models/lenet_mnist/lenet.prototxt'],
  dcnet: ['models/squeezenet_deep_compression/compressed_SqueezeNet.net', 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt'],
  mtx: ['models/skimcaffe/lenet_pruned_acc0.9846_mtx/coo_conv1.weight.mtx'],
  sparse: ['models/skimcaffe/lenet_pruned_acc0.9846_mtx/coo_conv2.weight.mtx'],
  scnn: ['models/lenet_mnist/lenet_iter_10000.caffemodel'],
  mean: ['images/ilsvrc12/ilsvrc_2012_mean.npy'],
  image: ['images/caffe_examples/cat.jpg'],
};

function explain(r: ParserReport): string {
  return `seed ${SEED} (replay: FUZZ_SEED=${SEED}): ${formatReport(r)}\n${r.findings.map((f) => `  ${f.kind}: ${f.message.split('\n')[0]} [${f.how}]`).join('\n')}`;
}

describe(`fuzz, CI budget (seed ${SEED})`, () => {
  it('the harness was built (dist/cli.js)', () => {
    expect(existsSync(CLI), `${CLI} is missing: run pnpm --filter @sparsecnn/fuzz build`).toBe(true);
  });

  // Under `pnpm test:asan` (libasan preloaded) only the parsers whose checks reach the native backend run.
  const sanitizer = /libasan/.test(process.env['LD_PRELOAD'] ?? '');
  const parsers = sanitizer ? TARGET_NAMES.filter((p) => ['prototxt', 'caffemodel', 'mtx', 'sparse', 'scnn'].includes(p)) : TARGET_NAMES;
  for (const parser of parsers) {
    dataTest(`${parser}: ${COUNTS[parser]} mutated inputs, only successes and SparseCnnErrors, no lies`, FILES[parser], async () => {
      // No wall-clock bound in CI (a shared, noisy machine): the watchdog limits are generous here, so that only a
      // real hang (a loop that never ends) fails; `pnpm fuzz` applies the 2 s limit. Images include declared-size
      // (bomb) edits: `pnpm fuzz --parsers image --count 100000` ran them with the 2 s limit and no finding.
      const [r] = await runFuzz({ parsers: [parser], seed: SEED, seconds: 600, count: COUNTS[parser], corpus, childScript: CLI, resume: false, hangMs: 60_000, checkMs: 120_000, log: () => {} });
      console.log(`[fuzz ${parser}] ${formatReport(r!)}`);
      expect(r!.findings, explain(r!)).toEqual([]);
      expect(r!.inputs, explain(r!)).toBe(COUNTS[parser]);
      // The mutations must reach both sides: some inputs parse, some are refused.
      expect(r!.ok, explain(r!)).toBeGreaterThan(0);
      expect(Object.keys(r!.codes).length, explain(r!)).toBeGreaterThan(0);
    }, 300_000);
  }
});

describe('the harness itself (self-test target)', () => {
  it('catches an untyped throw, a hang (watchdog) and a crash, saves them with a repro command, and replays them first', async () => {
    process.env['SPARSECNN_FUZZ_SELFTEST'] = '1';
    const dir = mkdtempSync(join(tmpdir(), 'sparsecnn-fuzz-self-'));
    try {
      // Inputs 0..4: ok, typed error, hang, TypeError, SIGSEGV.
      const [r] = await runFuzz({ parsers: ['selftest'], seed: 7, seconds: 600, count: 5, corpus: dir, childScript: CLI, resume: false, hangMs: 1000, log: () => {} });
      const kinds = r!.findings.map((f) => `${f.index}:${f.kind}`).sort();
      expect(kinds).toEqual(['2:hang', '3:throw', '4:crash']);
      expect(r!.inputs).toBe(5);
      for (const f of r!.findings) {
        expect(existsSync(f.file)).toBe(true);
        expect(f.repro).toContain('pnpm fuzz --replay');
      }
      const saved = readdirSync(join(dir, 'selftest')).filter((f) => f.endsWith('.bin'));
      expect(saved).toHaveLength(3);
      // A second run replays the three saved inputs first (all still failing), then resumes after index 4.
      const [again] = await runFuzz({ parsers: ['selftest'], seed: 7, seconds: 600, count: 1, corpus: dir, childScript: CLI, hangMs: 1000, log: () => {} });
      expect(again!.replayed).toBe(3);
      expect(again!.replayFailures.map((f) => f.kind).sort()).toEqual(['crash', 'hang', 'throw']);
      expect(again!.from).toBe(5);
    } finally {
      delete process.env['SPARSECNN_FUZZ_SELFTEST'];
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
