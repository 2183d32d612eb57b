import { evaluateModel, predictLayer, timeIt, type MeasuredCase } from '@sparsecnn/perf-model';
import { SparseCnnError, Rng, randomSparse, randomUniform, zeros, type Tensor } from '@sparsecnn/tensor';
import { tensorToCsr } from '@sparsecnn/sparse';
import type { KernelBackend, KernelTable } from '@sparsecnn/kernels-api';
import { numberOpt, stringOpt, UsageError } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { pct, setupPerf, table, type WeightedLayer } from '../lib/perf.js';

const NAME = 'bench';

const HELP = `Usage: sparsecnn bench <deploy.prototxt> [weights] [options]

Measure, per Convolution / InnerProduct layer, our dense and sparse kernels on this machine (medians after warm-up)
and print them next to the perf-model's predictions, with how often the model picks the faster kernel and its
median error on sparse time.

Options:
      --backend <name>    native, wasm or js (default: the best that loads)
      --threads <n>       worker threads (native)
      --batch <n>         batch size (default 1)
      --density <x>       density of random weights for layers without weights (default 0.1)
      --mtx-dir <dir>     take weights from MatrixMarket files coo_<layer>.weight.mtx in <dir>
      --sweep <list>      also measure random weights at these densities, e.g. 0.01,0.05,0.1,0.3,1
      --layers <list>     only these layers (comma-separated names)
      --budget-ms <ms>    time budget per measurement (default 200)
      --recalibrate       measure the machine profile again
      --json              print JSON
  -h, --help              show this help
`;

const OPTIONS = { sweep: { type: 'string' }, layers: { type: 'string' }, 'budget-ms': { type: 'string' } } as const;

function need<K extends keyof KernelTable>(b: KernelBackend, op: K): KernelTable[K] {
  const f = b.kernels[op];
  if (!f) throw new SparseCnnError('E_UNSUPPORTED', `backend '${b.name}' has no '${op}'`, { op, backend: b.name });
  return f.bind(b.kernels) as KernelTable[K];
}

/** Time our dense and sparse kernels of one layer with the given weights. */
export function measureLayer(backend: KernelBackend, layer: WeightedLayer, weights: Tensor, batch: number, budgetMs: number, rng: Rng): { denseMs: number; sparseMs: number } {
  const s = layer.shape;
  const timing = { warmup: 2, minReps: 5, budgetMs };
  const csr = tensorToCsr(weights);
  if (s.kind === 'conv') {
    const spec = { ...s, relu: false };
    const input = randomUniform([batch, s.inChannels, s.inH, s.inW], rng);
    const bias = randomUniform([s.outChannels], rng).data;
    const dense = need(backend, 'prepareConv2d')(weights, bias, spec);
    const sparse = need(backend, 'prepareSparseConv2d')(csr, bias, spec);
    const out = zeros(dense.outputShape(input.shape));
    const conv2d = need(backend, 'conv2d');
    const sconv = need(backend, 'sparseConv2d');
    const denseMs = timeIt(() => conv2d(input, dense, out), timing).medianMs;
    const sparseMs = timeIt(() => sconv(input, sparse, out), timing).medianMs;
    dense.dispose();
    sparse.dispose();
    return { denseMs, sparseMs };
  }
  const input = randomUniform([batch, s.inFeatures], rng);
  const bias = randomUniform([s.outFeatures], rng).data;
  const w2 = { dtype: 'float32' as const, shape: [s.outFeatures, s.inFeatures], data: weights.data };
  const dense = need(backend, 'prepareGemm')(w2, bias, { relu: false });
  const sparse = need(backend, 'prepareSpmm')(csr, bias, { relu: false });
  const out = zeros([batch, s.outFeatures]);
  const gemm = need(backend, 'gemm');
  const spmm = need(backend, 'spmm');
  const denseMs = timeIt(() => gemm(input, dense, out), timing).medianMs;
  const sparseMs = timeIt(() => spmm(input, sparse, out), timing).medianMs;
  dense.dispose();
  sparse.dispose();
  return { denseMs, sparseMs };
}

function weightShape(l: WeightedLayer): number[] {
  const s = l.shape;
  return s.kind === 'conv' ? [s.outChannels, s.inChannels / s.groups, s.kernel[0], s.kernel[1]] : [s.outFeatures, s.inFeatures];
}

export const benchCommand: Command = {
  name: NAME,
  summary: 'measure dense and sparse kernels per layer, next to the perf-model predictions',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    let sweep: number[] = [];
    let budgetMs = 200;
    const setup = await setupPerf(argv, io, NAME, OPTIONS, 0.1, (values) => {
      budgetMs = numberOpt(values, 'budget-ms', NAME, { min: 1, max: 60_000 }) ?? 200;
      const sweepRaw = stringOpt(values, 'sweep');
      sweep = sweepRaw === undefined ? [] : sweepRaw.split(',').map((x) => Number(x.trim()));
      if (sweep.some((d) => !(d > 0 && d <= 1))) throw new UsageError(`--sweep takes densities in (0, 1], got '${sweepRaw}'`, NAME);
    });
    const { backend, profile, batch, density: assumed, json, netName } = setup;
    let layers = setup.layers;
    const only = stringOpt(setup.values, 'layers')?.split(',').map((x) => x.trim());
    if (only) {
      const unknown = only.filter((n) => !layers.some((l) => l.shape.name === n));
      if (unknown.length) throw new UsageError(`--layers: no Convolution/InnerProduct layer named ${unknown.join(', ')}`, NAME);
      layers = layers.filter((l) => only.includes(l.shape.name));
    }
    const rng = new Rng(Rng.freshSeed());
    const cases: Array<MeasuredCase & { source: string }> = [];
    for (const l of layers) {
      const runs: Array<{ source: string; weights: Tensor; density: number }> = [];
      if (l.weights) runs.push({ source: 'model', weights: l.weights, density: l.density ?? 1 });
      else runs.push({ source: 'random', weights: randomSparse(weightShape(l), rng, assumed), density: assumed });
      for (const d of sweep) runs.push({ source: 'sweep', weights: randomSparse(weightShape(l), rng, d), density: d });
      for (const r of runs) {
        const density = tensorToCsr(r.weights).values.length / r.weights.data.length;
        const m = measureLayer(backend, l, r.weights, batch, budgetMs, rng);
        cases.push({ source: r.source, layer: l.shape, density, batch, ...m });
        if (!json) io.err(`  ${l.shape.name} @ ${pct(density)}: dense ${m.denseMs.toFixed(3)} ms, sparse ${m.sparseMs.toFixed(3)} ms\n`);
      }
    }
    const evaluation = evaluateModel(profile, cases);
    if (json) {
      io.out(`${JSON.stringify({
        backend: backend.info(), batch,
        choiceAccuracy: evaluation.choiceAccuracy, strictChoiceAccuracy: evaluation.strictChoiceAccuracy, sparseMdape: evaluation.sparseMdape, denseMdape: evaluation.denseMdape,
        cases: evaluation.cases.map((c, i) => ({ ...c, layer: c.layer.name, source: cases[i]!.source })),
      }, null, 2)}\n`);
      return 0;
    }
    io.out(`${netName}: batch ${batch}, ${backend.info().name}/${backend.info().isa}, ${backend.info().threads} thread(s)\n\n`);
    io.out(table(
      ['layer', 'weights', 'density', 'dense ms', 'pred.', 'sparse ms', 'pred.', 'err', 'faster', 'model picks'],
      evaluation.cases.map((c, i) => [
        c.layer.name, cases[i]!.source, pct(c.density), c.denseMs.toFixed(3), c.predictedDenseMs.toFixed(3),
        c.sparseMs.toFixed(3), predictLayer(profile, c.layer, c.density, batch).sparseMs.toFixed(3),
        pct(c.sparseRelError), c.measuredChoice, `${c.predictedChoice}${c.correct ? '' : ' (wrong)'}`,
      ]),
    ));
    io.out(`\nmodel picks the faster kernel in ${pct(evaluation.choiceAccuracy)} of ${cases.length} cases counting near-ties ` +
      `(within 5%) as right, ${pct(evaluation.strictChoiceAccuracy)} strictly; ` +
      `sparse time median abs. error ${pct(evaluation.sparseMdape)}, dense ${pct(evaluation.denseMdape)}\n`);
    return 0;
  },
};
