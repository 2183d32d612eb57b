/**
 * `pnpm bench:wasm`: our WebAssembly sparse and dense convolution against TensorFlow.js's wasm backend (XNNPACK)
 * and onnxruntime-web (wasm), 1 thread, in Node, on the pruned CaffeNet conv1-5 weights and the density sweep.
 *
 * TensorFlow.js: NHWC `tf.fused.conv2d` (bias fused) with HWIO filters; grouped layers (conv2, conv4, conv5) run as
 * one fused conv per group on `tf.split` slices of the input followed by `tf.concat` (split and concat are timed: they
 * are what a TF.js user has to do, tfjs has no grouped conv). Each timed call ends with `dataSync()`, i.e. the output
 * is copied to a JS array, as onnxruntime-web's and our outputs are.
 * onnxruntime-web: `env.wasm.numThreads = 1`, `wasmPaths` = the package's dist folder, graph optimisation all,
 * the same one-node ONNX model the native bench writes.
 * Flags: --quick --json --batch 1[,8] --only conv|sweep --ours wasm|js --seed N --out DIR
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@sparsecnn/tensor';
import { csrToDense, type CsrMatrix } from '@sparsecnn/sparse';
import { errorMessage, loadOursPatiently, type OursHandle, type OursName } from './backends.js';
import { denseConvWeights, oursDenseConv, oursSparseConv, skip, timeCases, type CaseResult, type Prep } from './cases.js';
import { buildConvModel } from './onnx.js';
import { createOrtRunner, type OrtModuleLike } from './ort.js';
import { maxAbsDiff } from './reference.js';
import { initTfjs, nchwToNhwc } from './tfjs-net.js';
import { fmt, log, machineInfo, parseFlags, rowsTable, speedup, writeResults, type Row } from './report.js';
import { resultRow, show, tensorOf, type RowSink } from './rows.js';
import { FULL_OPTIONS, QUICK_OPTIONS, type MeasureOptions, type TimingStats } from './timing.js';
import {
  CAFFENET_CONV,
  SWEEP_DENSITIES,
  SWEEP_LAYERS,
  convLayer,
  denseMacs,
  loadPrunedConv,
  outSize,
  randomArray,
  randomCsr,
  sparseMacs,
  weightCols,
  type ConvLayer,
} from './workloads.js';

interface Ctx extends RowSink {
  readonly ortWeb: OrtModuleLike | null;
  readonly ortWebError: string | null;
  readonly tfError: string | null;
  readonly opts: MeasureOptions;
  readonly rng: Rng;
}

const require = createRequire(import.meta.url);


async function initOrtWeb(): Promise<{ ort: OrtModuleLike | null; error: string | null }> {
  try {
    const mod = (await import('onnxruntime-web')) as unknown as OrtModuleLike & { env: { wasm: Record<string, unknown> } };
    mod.env.wasm['numThreads'] = 1;
    mod.env.wasm['simd'] = true;
    mod.env.wasm['wasmPaths'] = dirname(require.resolve('onnxruntime-web')) + '/';
    return { ort: mod, error: null };
  } catch (e) {
    return { ort: null, error: errorMessage(e) };
  }
}

/** NHWC -> NCHW */
function toNchw(x: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) out[((b * c + ch) * h + y) * w + xx] = x[((b * h + y) * w + xx) * c + ch]!;
  return out;
}

/** TF.js wasm convolution of one layer: per-group HWIO filters prepared once; returns a timed closure and its output. */
function tfjsConv(l: ConvLayer, weights: Float32Array, bias: Float32Array, input: Float32Array, batch: number) {
  const G = l.groups;
  const cg = l.inChannels / G;
  const og = l.outChannels / G;
  const k = l.kernel;
  const filters: tf.Tensor4D[] = [];
  const biases: tf.Tensor1D[] = [];
  for (let g = 0; g < G; g++) {
    const hwio = new Float32Array(k * k * cg * og);
    for (let o = 0; o < og; o++)
      for (let c = 0; c < cg; c++)
        for (let r = 0; r < k; r++)
          for (let s = 0; s < k; s++) hwio[((r * k + s) * cg + c) * og + o] = weights[(((g * og + o) * cg + c) * k + r) * k + s]!;
    filters.push(tf.tensor4d(hwio, [k, k, cg, og]));
    biases.push(tf.tensor1d(bias.subarray(g * og, (g + 1) * og)));
  }
  const x = tf.tensor4d(nchwToNhwc(input, batch, l.inChannels, l.inH, l.inW), [batch, l.inH, l.inW, l.inChannels]);
  const conv = (xi: tf.Tensor4D, g: number) =>
    tf.fused.conv2d({ x: xi, filter: filters[g]!, strides: l.stride, pad: l.pad, bias: biases[g]! });
  const run = (): Float32Array => {
    const y = tf.tidy(() => {
      if (G === 1) return conv(x, 0);
      const parts = tf.split<tf.Tensor4D>(x, G, 3);
      return tf.concat(parts.map((p, g) => conv(p, g)), 3);
    });
    const data = y.dataSync() as Float32Array;
    y.dispose();
    return data;
  };
  const dispose = () => {
    x.dispose();
    for (const t of [...filters, ...biases]) t.dispose();
  };
  return { run, dispose };
}

async function ortWebConv(ctx: Ctx, l: ConvLayer, weights: Float32Array, bias: Float32Array, input: Float32Array, batch: number): Promise<{ ref: Float32Array | null; prep: Prep }> {
  if (!ctx.ortWeb) return { ref: null, prep: skip(`onnxruntime-web unavailable: ${ctx.ortWebError}`) };
  try {
    const model = buildConvModel({
      inputShape: [batch, l.inChannels, l.inH, l.inW],
      weightShape: [l.outChannels, l.inChannels / l.groups, l.kernel, l.kernel],
      weights,
      bias,
      stride: [l.stride, l.stride],
      pad: [l.pad, l.pad],
      groups: l.groups,
    });
    const runner = await createOrtRunner(ctx.ortWeb, model, input, [batch, l.inChannels, l.inH, l.inW], {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    const ref = (await runner.run()).slice();
    return { ref, prep: { run: () => runner.run(), maxAbsErr: null, maxRef: null, dispose: () => runner.dispose() } };
  } catch (e) {
    return { ref: null, prep: skip(`onnxruntime-web: ${errorMessage(e)}`) };
  }
}

function tfjsCase(ctx: Ctx, l: ConvLayer, weights: Float32Array, bias: Float32Array, input: Float32Array, batch: number, ref: Float32Array | null): Prep {
  if (ctx.tfError) return skip(`tfjs wasm unavailable: ${ctx.tfError}`);
  let t: ReturnType<typeof tfjsConv> | null = null;
  try {
    t = tfjsConv(l, weights, bias, input, batch);
    const [oh, ow] = outSize(l);
    const out = toNchw(t.run(), batch, l.outChannels, oh, ow);
    const cmp = ref ? maxAbsDiff(out, ref) : null;
    return { run: t.run, maxAbsErr: cmp?.maxAbs ?? null, maxRef: cmp?.maxRef ?? null, dispose: t.dispose };
  } catch (e) {
    t?.dispose();
    return skip(`tfjs: ${errorMessage(e)}`);
  }
}

function extraVs(ortWeb: TimingStats | null, r: CaseResult) {
  return { speedupVsOrtWeb: speedup(ortWeb, r.stats) };
}

function push(ctx: Ctx, rows: Row[]): void {
  for (const r of rows) {
    ctx.rows.push(r);
    show(r);
  }
}

async function convSection(ctx: Ctx, ours: OursHandle, batches: number[], layers: Array<{ l: ConvLayer; csr: CsrMatrix; bias: Float32Array }>) {
  for (const batch of batches) {
    for (const { l, csr, bias } of layers) {
      const nnz = csr.values.length;
      const density = nnz / (csr.rows * csr.cols);
      const macs = { dense: denseMacs(l), real: sparseMacs(l, nnz) };
      const input = randomArray(batch * l.inChannels * l.inH * l.inW, ctx.rng, 0, 1);
      const inT = tensorOf(input, [batch, l.inChannels, l.inH, l.inW]);
      const dense = denseConvWeights(l, csr);
      const base = { section: 'conv' as const, layer: l.name, batch, threads: 1, density, nnz };
      const ort = await ortWebConv(ctx, l, dense.data, bias, input, batch);
      const cases = [
        ort.prep,
        tfjsCase(ctx, l, dense.data, bias, input, batch, ort.ref),
        oursSparseConv(ours, l, csr, bias, inT, ort.ref),
        oursDenseConv(ours, l, dense, bias, inT, ort.ref),
      ];
      const [rOrt, rTf, rSp, rDn] = await timeCases(cases, ctx.opts);
      const tfPeer = { name: 'tfjs-wasm', stats: rTf!.stats };
      push(ctx, [
        resultRow(base, 'ort-web', rOrt!, macs, null, ctx),
        resultRow(base, 'tfjs-wasm', rTf!, macs, null, ctx, extraVs(rOrt!.stats, rTf!)),
        resultRow(base, 'ours-sparse', rSp!, macs, tfPeer, ctx, extraVs(rOrt!.stats, rSp!)),
        resultRow(base, 'ours-dense', rDn!, macs, tfPeer, ctx, extraVs(rOrt!.stats, rDn!)),
      ]);
    }
  }
}

async function sweepSection(ctx: Ctx, ours: OursHandle, batch: number) {
  for (const name of SWEEP_LAYERS) {
    const l = convLayer(name);
    const cols = weightCols(l);
    const input = randomArray(batch * l.inChannels * l.inH * l.inW, ctx.rng, 0, 1);
    const inT = tensorOf(input, [batch, l.inChannels, l.inH, l.inW]);
    const bias = randomArray(l.outChannels, ctx.rng, -0.1, 0.1);
    // Dense timings do not depend on the weight values: time them once, on the 100% weights.
    const full = randomCsr(l.outChannels, cols, 1, ctx.rng);
    const fullDense = denseConvWeights(l, full);
    const baseFull = { section: 'sweep' as const, layer: l.name, batch, threads: 1, density: 1, nnz: full.values.length };
    const macsFull = { dense: denseMacs(l), real: denseMacs(l) };
    const ort = await ortWebConv(ctx, l, fullDense.data, bias, input, batch);
    const [rOrt, rTf, rDn] = await timeCases(
      [ort.prep, tfjsCase(ctx, l, fullDense.data, bias, input, batch, ort.ref), oursDenseConv(ours, l, fullDense, bias, inT, ort.ref)],
      ctx.opts,
    );
    const tfPeer = { name: 'tfjs-wasm', stats: rTf!.stats };
    push(ctx, [
      resultRow(baseFull, 'ort-web', rOrt!, macsFull, null, ctx),
      resultRow(baseFull, 'tfjs-wasm', rTf!, macsFull, null, ctx, extraVs(rOrt!.stats, rTf!)),
      resultRow(baseFull, 'ours-dense', rDn!, macsFull, tfPeer, ctx, extraVs(rOrt!.stats, rDn!)),
    ]);
    for (const d of SWEEP_DENSITIES) {
      const csr = d === 1 ? full : randomCsr(l.outChannels, cols, d, ctx.rng);
      const nnz = csr.values.length;
      let ref = ort.ref;
      if (d !== 1) {
        const check = await ortWebConv(ctx, l, csrToDense(csr), bias, input, batch);
        if ('dispose' in check.prep) await check.prep.dispose();
        ref = check.ref;
      }
      const [sp] = await timeCases([oursSparseConv(ours, l, csr, bias, inT, ref)], ctx.opts);
      push(ctx, [
        resultRow(
          { section: 'sweep', layer: l.name, batch, threads: 1, density: nnz / (csr.rows * csr.cols), nnz },
          'ours-sparse',
          sp!,
          { dense: denseMacs(l), real: sparseMacs(l, nnz) },
          tfPeer,
          ctx,
          { ...extraVs(rOrt!.stats, sp!), speedupVsOursDense: speedup(rDn!.stats, sp!.stats), nominalDensity: d },
        ),
      ]);
    }
  }
}

function sumOver(rows: Row[], impl: string, batch: number, layers: string[], stat: 'median' | 'min' = 'median'): number | null {
  let s = 0;
  for (const l of layers) {
    const m = rows.find((r) => r.section === 'conv' && r.impl === impl && r.batch === batch && r.layer === l)?.ms?.[stat];
    if (m === undefined) return null;
    s += m;
  }
  return s;
}

function target(value: number | null, goal: number) {
  return { value: value === null ? null : +value.toFixed(3), target: goal, met: value === null ? null : value >= goal };
}

function crossovers(rows: Row[]) {
  const layers = [...new Set(rows.filter((r) => r.section === 'sweep').map((r) => r.layer))];
  return layers.map((layer) => {
    const pick = rows.filter((r) => r.section === 'sweep' && r.layer === layer);
    const sparse = pick.filter((r) => r.impl === 'ours-sparse' && r.ms).sort((a, b) => a.density - b.density);
    const cross = (impl: string) => {
      const ref = pick.find((r) => r.impl === impl)?.ms?.median;
      if (ref === undefined || sparse.length === 0) return null;
      const firstSlower = sparse.find((r) => r.ms!.median >= ref);
      const faster = sparse.filter((r) => r.ms!.median < ref && (!firstSlower || r.density < firstSlower.density));
      return { sparseFasterUpToDensity: faster.at(-1)?.density ?? null, sparseSlowerFromDensity: firstSlower?.density ?? null };
    };
    return { layer, vsOursDense: cross('ours-dense'), vsTfjs: cross('tfjs-wasm'), vsOrtWeb: cross('ort-web') };
  });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { threads: [1], batch: [1] });
  if (flags.threads.some((t) => t !== 1)) log('bench:wasm runs 1 thread only (tfjs wasm has no threads in Node); --threads ignored');
  if (flags.only.has('fc') && flags.only.size < 3) log('bench:wasm has no fc section; --only fc ignored');
  const opts = flags.quick ? QUICK_OPTIONS : FULL_OPTIONS;
  const seed = flags.seed ?? Rng.freshSeed();
  const rng = new Rng(seed);
  const oursName = (flags.ours ?? 'wasm') as OursName;
  const command = `node apps/bench/dist/wasm.js ${process.argv.slice(2).join(' ')}`.trim();
  log(`bench:wasm  ours=${oursName}  batch=${flags.batch.join(',')}  seed=${seed}${flags.quick ? '  (quick)' : ''}`);

  const tfError = await initTfjs();
  const { ort: ortWeb, error: ortWebError } = await initOrtWeb();
  const tfFlags = tfError ? null : { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') };
  log(`tfjs wasm: ${tfError ?? JSON.stringify(tfFlags)}; onnxruntime-web: ${ortWebError ?? 'ok'}`);
  const ctx: Ctx = { ortWeb, ortWebError, tfError, opts, rng, rows: [], mismatches: [] };

  const ours = await loadOursPatiently(oursName, { threads: 1 }, flags.waitBackend * 1000, (e) => log(`ours (${oursName}) not loadable yet, retrying: ${e}`));
  log(`ours (${oursName}): ${ours.info ? `${ours.info.isa}, v${ours.info.version}` : `UNAVAILABLE: ${ours.error}`}`);
  const sweepBatch = flags.batch.includes(1) ? 1 : flags.batch[0]!;
  try {
    if (flags.only.has('conv')) {
      const layers = CAFFENET_CONV.map((l) => ({ l, csr: loadPrunedConv(l), bias: randomArray(l.outChannels, rng, -0.1, 0.1) }));
      await convSection(ctx, ours, flags.batch, layers);
    }
    if (flags.only.has('sweep')) await sweepSection(ctx, ours, sweepBatch);
  } finally {
    ours.backend?.dispose();
  }

  const rows = ctx.rows;
  const tB = flags.batch.includes(1) ? 1 : Math.min(...flags.batch);
  const L = ['conv2', 'conv3', 'conv4', 'conv5'];
  const tfSum = sumOver(rows, 'tfjs-wasm', tB, L);
  const owSum = sumOver(rows, 'ort-web', tB, L);
  const spSum = sumOver(rows, 'ours-sparse', tB, L);
  const dnSum = sumOver(rows, 'ours-dense', tB, L);
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? a / b : null);
  const targets = {
    bench: 'wasm',
    ours: oursName,
    oursAvailable: ours.backend !== null,
    threads: 1,
    batch: tB,
    conv2to5SparseVsTfjsWasm: target(ratio(tfSum, spSum), 5),
    conv2to5DenseVsTfjsWasm: target(ratio(tfSum, dnSum), 0.7),
    conv2to5SparseVsOrtWeb: ratio(owSum, spSum),
    conv2to5DenseVsOrtWeb: ratio(owSum, dnSum),
    conv2to5Ms: { tfjsWasm: tfSum, ortWeb: owSum, oursSparse: spSum, oursDense: dnSum },
    // The same ratios from each case's fastest sample: less sensitive to other jobs on a shared machine.
    fromMinimumTimes: {
      conv2to5SparseVsTfjsWasm: ratio(sumOver(rows, 'tfjs-wasm', tB, L, 'min'), sumOver(rows, 'ours-sparse', tB, L, 'min')),
      conv2to5DenseVsTfjsWasm: ratio(sumOver(rows, 'tfjs-wasm', tB, L, 'min'), sumOver(rows, 'ours-dense', tB, L, 'min')),
    },
    verified: ctx.mismatches.length === 0,
    mismatches: ctx.mismatches.length,
    seed,
  };
  const info = machineInfo({
    ours: ours.info ?? { error: ours.error },
    tfjs: { version: tf.version_core, backend: tfError ? null : tf.getBackend(), ...tfFlags, error: tfError },
    ortWeb: { versions: (ortWeb as unknown as { env?: { versions?: unknown } } | null)?.env?.versions ?? null, numThreads: 1, error: ortWebError },
  });
  const cross = crossovers(rows);
  const p = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
  const md = [
    `# bench:wasm (${new Date().toISOString()})`,
    '',
    `Command: \`${command}\` (seed ${seed}). Ours = \`${oursName}\` backend (${ours.info ? ours.info.isa : `unavailable: ${ours.error}`}); peers = TensorFlow.js ${tf.version_core} wasm backend (XNNPACK; SIMD ${tfFlags?.simd ?? '?'}, threads ${tfFlags?.threads ?? '?'}) and onnxruntime-web 1.30 (wasm, numThreads 1). All 1 thread, in Node ${process.version}.`,
    `Machine: ${info['cores']} cores, ${info['cpuModel']} (${info['cpuFlags']}). Shared machine: other jobs (compiles) may have run during the measurement (load average at start ${info['loadAverageAtStart']}, at end ${info['loadAverageAtEnd']}, for ${info['cores']} cores).`,
    'TF.js runs NHWC (input converted once, untimed); grouped layers are per-group fused conv2d on tf.split slices + tf.concat (timed). Every timed call returns its output as a JS Float32Array (tfjs: dataSync).',
    'dense-eq GFLOP/s = 2 x dense MACs / median; real GFLOP/s = 2 x non-zero MACs / median; "vs peer" = TF.js median / this median. max abs err: against onnxruntime-web\'s output.',
    '',
    '## Targets',
    '',
    '```json',
    JSON.stringify(targets, null, 2),
    '```',
    '',
    ...(rows.some((r) => r.section === 'conv') ? ['## Pruned CaffeNet conv1-5', '', rowsTable(rows.filter((r) => r.section === 'conv')), ''] : []),
    ...(rows.some((r) => r.section === 'sweep')
      ? [
          `## Density sweep (batch ${sweepBatch}, random sparsity; dense times measured once on 100% weights)`,
          '',
          rowsTable(rows.filter((r) => r.section === 'sweep')),
          '',
          '| layer | sparse faster than our dense up to | slower from | faster than TF.js up to | slower from | faster than ORT-web up to | slower from |',
          '|---|---:|---:|---:|---:|---:|---:|',
          ...cross.map(
            (c) =>
              `| ${c.layer} | ${p(c.vsOursDense?.sparseFasterUpToDensity)} | ${p(c.vsOursDense?.sparseSlowerFromDensity)} | ${p(c.vsTfjs?.sparseFasterUpToDensity)} | ${p(c.vsTfjs?.sparseSlowerFromDensity)} | ${p(c.vsOrtWeb?.sparseFasterUpToDensity)} | ${p(c.vsOrtWeb?.sparseSlowerFromDensity)} |`,
          ),
          '',
        ]
      : []),
    ...(ctx.mismatches.length ? ['## MISMATCHES', '', ...ctx.mismatches.map((m) => `- ${m}`), ''] : []),
  ].join('\n');
  const files = writeResults(flags.outDir, 'wasm', { machine: info, command, seed, flags: { ...flags, only: [...flags.only] }, targets, crossovers: cross, rows }, md);
  process.stdout.write(md + '\n');
  log(`wrote ${files.json} and ${files.md}`);
  if (flags.json) process.stdout.write(JSON.stringify({ ...targets, results: files.json }) + '\n');
  log(`(${fmt(process.uptime(), 0)} s)`);
}

main().catch((e) => {
  log(`bench:wasm failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
