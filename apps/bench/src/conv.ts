/**
 * `pnpm bench:conv`: our native sparse and dense kernels against onnxruntime-node, side by side in one process.
 *   1. conv: the real pruned CaffeNet conv1-5 weights (SkimCaffe, MatrixMarket), random bias and input.
 *   2. sweep: conv2 / conv3 / conv5 shapes with random sparsity 1%..100%, batch 1 (where sparse overtakes dense).
 *   3. fc: fc6 / fc7 / fc8 at SkimCaffe's densities, spmm (CSR, CSB) vs our gemm vs onnxruntime Gemm; fc6 batch 1
 *      against its DRAM bandwidth bound (bandwidth measured in this run).
 * Flags: --quick --json --threads 1,2 --batch 1,8 --only conv|sweep|fc --ours native|wasm|js --seed N --out DIR
 */
import { Rng } from '@sparsecnn/tensor';
import { csrToCsb, csrToDense, type CsrMatrix } from '@sparsecnn/sparse';
import { loadOursPatiently, errorMessage, type OursHandle, type OursName } from './backends.js';
import { measureBandwidth, type BandwidthResult } from './bandwidth.js';
import { oursDenseConv, oursGemm, oursSparseConv, oursSpmm, skip, timeCases, type CaseResult, type Prep } from './cases.js';
import { buildConvModel, buildGemmModel } from './onnx.js';
import { createOrtRunner, ortNodeOptions, type OrtModuleLike } from './ort.js';
import { fmt, log, machineInfo, parseFlags, rowsTable, speedup, writeResults, type Row } from './report.js';
import { FULL_OPTIONS, QUICK_OPTIONS, type MeasureOptions } from './timing.js';
import {
  CAFFENET_CONV,
  CAFFENET_FC,
  SWEEP_DENSITIES,
  SWEEP_LAYERS,
  convLayer,
  denseMacs,
  loadPrunedConv,
  randomArray,
  randomCsr,
  sparseBytes,
  sparseMacs,
  weightCols,
  type ConvLayer,
} from './workloads.js';
import { denseConvWeights } from './cases.js';
import { resultRow, show, tensorOf, type RowSink } from './rows.js';

/** CSB block size used for the fc layers (16-bit block-local indices). */
const CSB_BLOCK: [number, number] = [256, 2048];

interface Ctx extends RowSink {
  readonly ort: OrtModuleLike;
  readonly opts: MeasureOptions;
  readonly rng: Rng;
}

/** onnxruntime-node dense conv of one layer: build the model, run once (the reference output); a timed case. */
async function ortConv(ctx: Ctx, l: ConvLayer, weights: Float32Array, bias: Float32Array, input: Float32Array, batch: number, threads: number): Promise<{ ref: Float32Array | null; prep: Prep }> {
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
    const runner = await createOrtRunner(ctx.ort, model, input, [batch, l.inChannels, l.inH, l.inW], ortNodeOptions(threads));
    const ref = (await runner.run()).slice();
    return { ref, prep: { run: () => runner.run(), maxAbsErr: null, maxRef: null, dispose: () => runner.dispose() } };
  } catch (e) {
    return { ref: null, prep: skip(`onnxruntime-node: ${errorMessage(e)}`) };
  }
}

async function ortReference(ctx: Ctx, l: ConvLayer, weights: Float32Array, bias: Float32Array, input: Float32Array, batch: number, threads: number): Promise<Float32Array | null> {
  const { ref, prep } = await ortConv(ctx, l, weights, bias, input, batch, threads);
  if ('dispose' in prep) await prep.dispose();
  return ref;
}

function push(ctx: Ctx, rows: Row[]): void {
  for (const r of rows) {
    ctx.rows.push(r);
    show(r);
  }
}

async function convSection(ctx: Ctx, ours: OursHandle, threads: number, batches: number[], layers: Array<{ l: ConvLayer; csr: CsrMatrix; bias: Float32Array }>) {
  for (const batch of batches) {
    for (const { l, csr, bias } of layers) {
      const nnz = csr.values.length;
      const density = nnz / (csr.rows * csr.cols);
      const macs = { dense: denseMacs(l), real: sparseMacs(l, nnz) };
      const input = randomArray(batch * l.inChannels * l.inH * l.inW, ctx.rng, 0, 1);
      const inT = tensorOf(input, [batch, l.inChannels, l.inH, l.inW]);
      const dense = denseConvWeights(l, csr);
      const base = { section: 'conv' as const, layer: l.name, batch, threads, density, nnz };
      const ort = await ortConv(ctx, l, dense.data, bias, input, batch, threads);
      const sp = oursSparseConv(ours, l, csr, bias, inT, ort.ref);
      const dn = oursDenseConv(ours, l, dense, bias, inT, ort.ref);
      const [rOrt, rSp, rDn] = await timeCases([ort.prep, sp, dn], ctx.opts);
      const peer = { name: 'ort-dense', stats: rOrt!.stats };
      push(ctx, [
        resultRow(base, 'ort-dense', rOrt!, macs, null, ctx),
        resultRow(base, 'ours-sparse', rSp!, macs, peer, ctx),
        resultRow(base, 'ours-dense', rDn!, macs, peer, ctx),
      ]);
    }
  }
}

async function sweepSection(ctx: Ctx, ours: OursHandle, threads: number, batch: number) {
  for (const name of SWEEP_LAYERS) {
    const l = convLayer(name);
    const cols = weightCols(l);
    const input = randomArray(batch * l.inChannels * l.inH * l.inW, ctx.rng, 0, 1);
    const inT = tensorOf(input, [batch, l.inChannels, l.inH, l.inW]);
    const bias = randomArray(l.outChannels, ctx.rng, -0.1, 0.1);
    // Dense timings do not depend on the weight values: time them once, on the 100% weights.
    const full = randomCsr(l.outChannels, cols, 1, ctx.rng);
    const fullDense = denseConvWeights(l, full);
    const baseFull = { section: 'sweep' as const, layer: l.name, batch, threads, density: 1, nnz: full.values.length };
    const macsFull = { dense: denseMacs(l), real: denseMacs(l) };
    const ort = await ortConv(ctx, l, fullDense.data, bias, input, batch, threads);
    const [rOrt, rDn] = await timeCases([ort.prep, oursDenseConv(ours, l, fullDense, bias, inT, ort.ref)], ctx.opts);
    const ortStats = rOrt!.stats;
    push(ctx, [resultRow(baseFull, 'ort-dense', rOrt!, macsFull, null, ctx), resultRow(baseFull, 'ours-dense', rDn!, macsFull, { name: 'ort-dense', stats: ortStats }, ctx)]);
    for (const d of SWEEP_DENSITIES) {
      const csr = d === 1 ? full : randomCsr(l.outChannels, cols, d, ctx.rng);
      const nnz = csr.values.length;
      const ref = d === 1 ? ort.ref : await ortReference(ctx, l, csrToDense(csr), bias, input, batch, threads);
      const [sp] = await timeCases([oursSparseConv(ours, l, csr, bias, inT, ref)], ctx.opts);
      push(ctx, [
        resultRow(
          { section: 'sweep', layer: l.name, batch, threads, density: nnz / (csr.rows * csr.cols), nnz },
          'ours-sparse',
          sp!,
          { dense: denseMacs(l), real: sparseMacs(l, nnz) },
          { name: 'ort-dense', stats: ortStats },
          ctx,
          { speedupVsOursDense: speedup(rDn!.stats, sp!.stats), nominalDensity: d },
        ),
      ]);
    }
  }
}

/**
 * Evicts the caches before a cold-cache sample by reading (not writing: no dirty lines left to write back during the
 * timed call) a 640 MiB buffer, larger than this machine's last-level cache. `indexOf` of an absent value is a native
 * read-only scan.
 */
function makeEvictor(): () => void {
  const buf = new Float64Array((640 * 1024 * 1024) / 8);
  buf.fill(1);
  return () => {
    if (buf.indexOf(-1) !== -1) throw new Error('unreachable');
  };
}

const COLD_OPTIONS: MeasureOptions = { warmup: 1, targetMs: 0, minReps: 7, maxReps: 7 };

async function fcSection(ctx: Ctx, ours: OursHandle, threads: number, batches: number[], bw: { dram: BandwidthResult; cached: BandwidthResult }) {
  const evict = makeEvictor();
  for (const fc of CAFFENET_FC) {
    const { inFeatures: K, outFeatures: O } = fc;
    const csr = randomCsr(O, K, fc.density, ctx.rng);
    const csb = csrToCsb(csr, { blockRows: CSB_BLOCK[0], blockCols: CSB_BLOCK[1] });
    const dense = csrToDense(csr);
    const denseT = tensorOf(dense, [O, K]);
    const bias = randomArray(O, ctx.rng, -0.1, 0.1);
    const nnz = csr.values.length;
    const density = nnz / (O * K);
    const macs = { dense: O * K, real: nnz };
    const model = buildGemmModel({ batch: 'N', weights: dense, outFeatures: O, inFeatures: K, bias });
    for (const batch of batches) {
      const input = randomArray(batch * K, ctx.rng, -1, 1);
      const inT = tensorOf(input, [batch, K]);
      const base = { section: 'fc' as const, layer: fc.name, batch, threads, density, nnz };
      const vecBytes = 4 * (batch * K + batch * O + O);
      const denseBytes = 4 * O * K + vecBytes;
      const bound = (bytes: number, b: BandwidthResult) => (bytes / (b.gbps.median * 1e9)) * 1e3;
      const extraFor = (bytes: number, r: CaseResult, cold = false) => ({
        bytesMoved: bytes,
        boundMs: bound(bytes, bw.dram),
        timeOverBound: r.stats ? r.stats.median / bound(bytes, bw.dram) : null,
        cachedBoundMs: bound(bytes, bw.cached),
        timeOverCachedBound: r.stats ? r.stats.median / bound(bytes, bw.cached) : null,
        dramGBs: bw.dram.gbps.median,
        cachedGBs: bw.cached.gbps.median,
        cache: cold ? 'cold (caches evicted before every sample)' : 'warm (repeated calls)',
      });
      let ortPrep: Prep;
      let ref: Float32Array | null = null;
      try {
        const runner = await createOrtRunner(ctx.ort, model, input, [batch, K], ortNodeOptions(threads));
        ref = (await runner.run()).slice();
        ortPrep = { run: () => runner.run(), maxAbsErr: null, maxRef: null, dispose: () => runner.dispose() };
      } catch (e) {
        ortPrep = skip(`onnxruntime-node: ${errorMessage(e)}`);
      }
      const cases = [ortPrep, oursSpmm(ours, csr, bias, inT, ref), oursSpmm(ours, csb, bias, inT, ref), oursGemm(ours, denseT, bias, inT, ref)];
      const cold = fc.name === 'fc6' && batch === 1;
      // Cold-cache samples first (they reuse the prepared cases), then the warm interleaved timing disposes them.
      const coldRes = cold ? await measureColdThenKeep(cases, evict) : null;
      const [rOrt, rCsr, rCsb, rGemm] = await timeCases(cases, ctx.opts);
      const peer = { name: 'ort-gemm', stats: rOrt!.stats };
      const rows = [
        resultRow(base, 'ort-gemm', rOrt!, macs, null, ctx, extraFor(denseBytes, rOrt!)),
        resultRow(base, 'ours-spmm-csr', rCsr!, macs, peer, ctx, extraFor(sparseBytes(csr) + vecBytes, rCsr!)),
        resultRow(base, 'ours-spmm-csb', rCsb!, macs, peer, ctx, extraFor(sparseBytes(csb) + vecBytes, rCsb!)),
        resultRow(base, 'ours-gemm', rGemm!, macs, peer, ctx, extraFor(denseBytes, rGemm!)),
      ];
      if (coldRes) {
        const [cOrt, cCsr, cCsb] = coldRes;
        const coldPeer = { name: 'ort-gemm-cold', stats: cOrt!.stats };
        rows.push(
          resultRow(base, 'ort-gemm-cold', cOrt!, macs, null, ctx, extraFor(denseBytes, cOrt!, true)),
          resultRow(base, 'ours-csr-cold', cCsr!, macs, coldPeer, ctx, extraFor(sparseBytes(csr) + vecBytes, cCsr!, true)),
          resultRow(base, 'ours-csb-cold', cCsb!, macs, coldPeer, ctx, extraFor(sparseBytes(csb) + vecBytes, cCsb!, true)),
        );
      }
      push(ctx, rows);
    }
  }
}

/** Cold-cache timing of the first three cases (ORT, CSR, CSB) without disposing them. */
async function measureColdThenKeep(cases: Prep[], evict: () => void): Promise<CaseResult[]> {
  const keep = cases.slice(0, 3).map((c): Prep => ('run' in c ? { run: c.run, maxAbsErr: c.maxAbsErr, maxRef: c.maxRef, dispose: () => {} } : c));
  return timeCases(keep, COLD_OPTIONS, { before: evict });
}

function sumOver(rows: Row[], impl: string, batch: number, threads: number, layers: string[], stat: 'median' | 'min' = 'median'): number | null {
  let s = 0;
  for (const l of layers) {
    const m = rows.find((r) => r.section === 'conv' && r.impl === impl && r.batch === batch && r.threads === threads && r.layer === l)?.ms?.[stat] ?? null;
    if (m === null) return null;
    s += m;
  }
  return s;
}

function target(value: number | null, goal: number, better: 'higher' | 'lower') {
  return { value: value === null ? null : +value.toFixed(3), target: goal, met: value === null ? null : better === 'higher' ? value >= goal : value <= goal };
}

/** Sweep crossovers: the densest point where sparse is still faster, and the first where it is not. */
function crossovers(rows: Row[]) {
  const out: Array<Record<string, unknown>> = [];
  const keys = new Set(rows.filter((r) => r.section === 'sweep').map((r) => `${r.layer}|${r.threads}|${r.batch}`));
  for (const key of keys) {
    const [layer, t, b] = key.split('|');
    const pick = rows.filter((r) => r.section === 'sweep' && r.layer === layer && String(r.threads) === t && String(r.batch) === b);
    const sparse = pick.filter((r) => r.impl === 'ours-sparse' && r.ms).sort((x, y) => x.density - y.density);
    const oursDense = pick.find((r) => r.impl === 'ours-dense')?.ms?.median ?? null;
    const ortDense = pick.find((r) => r.impl === 'ort-dense')?.ms?.median ?? null;
    const cross = (ref: number | null) => {
      if (ref === null || sparse.length === 0) return null;
      let fasterUpTo: number | null = null;
      let slowerFrom: number | null = null;
      for (const r of sparse) {
        if (r.ms!.median < ref) {
          if (slowerFrom === null) fasterUpTo = r.density;
        } else if (slowerFrom === null) slowerFrom = r.density;
      }
      return { sparseFasterUpToDensity: fasterUpTo, sparseSlowerFromDensity: slowerFrom };
    };
    out.push({ layer, threads: Number(t), batch: Number(b), vsOursDense: cross(oursDense), vsOrtDense: cross(ortDense) });
  }
  return out;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { threads: [2, 1], batch: [1, 8] });
  const opts = flags.quick ? QUICK_OPTIONS : FULL_OPTIONS;
  const seed = flags.seed ?? Rng.freshSeed();
  const rng = new Rng(seed);
  const oursName = (flags.ours ?? 'native') as OursName;
  const command = `node apps/bench/dist/conv.js ${process.argv.slice(2).join(' ')}`.trim();
  log(`bench:conv  ours=${oursName}  threads=${flags.threads.join(',')}  batch=${flags.batch.join(',')}  sections=${[...flags.only].join(',')}  seed=${seed}${flags.quick ? '  (quick)' : ''}`);

  const ortMod = (await import('onnxruntime-node')) as unknown as OrtModuleLike & { env?: { versions?: Record<string, string> } };
  const ort: OrtModuleLike = (ortMod as unknown as { default?: OrtModuleLike }).default?.InferenceSession ? (ortMod as unknown as { default: OrtModuleLike }).default : ortMod;
  const ctx: Ctx = { ort, opts, rng, rows: [], mismatches: [] };

  // Copy bandwidth is measured right before each fc section (it drifts on a shared host), per thread count.
  const bandwidth: Record<number, { dram: BandwidthResult; cached: BandwidthResult }> = {};
  const measureBw = async (t: number) => {
    const dram = await measureBandwidth(t, flags.quick ? 3 : 5);
    // Working set about fc6's sparse weights (2 x 16 MiB per thread): the level a repeated SpMV streams from.
    const cached = await measureBandwidth(t, flags.quick ? 3 : 5, 16 * 1024 * 1024, 64);
    bandwidth[t] = { dram, cached };
    log(`copy bandwidth, ${t} thread(s): DRAM (2 x 384 MiB/thread) ${fmt(dram.gbps.median, 1)} GB/s [${fmt(dram.gbps.min, 1)}..${fmt(dram.gbps.max, 1)}]; 2 x 16 MiB/thread ${fmt(cached.gbps.median, 1)} GB/s [${fmt(cached.gbps.min, 1)}..${fmt(cached.gbps.max, 1)}]`);
    return bandwidth[t];
  };

  const convLayers = flags.only.has('conv')
    ? CAFFENET_CONV.map((l) => ({ l, csr: loadPrunedConv(l), bias: randomArray(l.outChannels, rng, -0.1, 0.1) }))
    : [];
  const sweepBatch = flags.batch.includes(1) ? 1 : flags.batch[0]!;
  const backendInfo: Record<string, unknown> = {};

  for (const threads of flags.threads) {
    const ours = await loadOursPatiently(oursName, { threads }, flags.waitBackend * 1000, (e) => log(`  ours (${oursName}) not loadable yet, retrying: ${e}`));
    backendInfo[`threads=${threads}`] = ours.info ?? { error: ours.error };
    log(`-- ${threads} thread(s); ours (${oursName}): ${ours.info ? `${ours.info.isa}, ${ours.info.threads} threads, v${ours.info.version}` : `UNAVAILABLE: ${ours.error}`}`);
    try {
      if (flags.only.has('conv')) await convSection(ctx, ours, threads, flags.batch, convLayers);
      if (flags.only.has('sweep')) await sweepSection(ctx, ours, threads, sweepBatch);
      if (flags.only.has('fc')) await fcSection(ctx, ours, threads, flags.batch, await measureBw(threads));
    } finally {
      ours.backend?.dispose();
    }
  }

  const rows = ctx.rows;
  const tT = flags.threads.includes(2) ? 2 : Math.max(...flags.threads);
  const tB = flags.batch.includes(1) ? 1 : Math.min(...flags.batch);
  const L = ['conv2', 'conv3', 'conv4', 'conv5'];
  const ortSum = sumOver(rows, 'ort-dense', tB, tT, L);
  const spSum = sumOver(rows, 'ours-sparse', tB, tT, L);
  const dnSum = sumOver(rows, 'ours-dense', tB, tT, L);
  const ortMin = sumOver(rows, 'ort-dense', tB, tT, L, 'min');
  const spMin = sumOver(rows, 'ours-sparse', tB, tT, L, 'min');
  const dnMin = sumOver(rows, 'ours-dense', tB, tT, L, 'min');
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? +(a / b).toFixed(3) : null);
  const fc6 = rows.filter((r) => r.section === 'fc' && r.layer === 'fc6' && r.batch === 1 && r.threads === tT && r.impl.startsWith('ours-spmm'));
  const fc6Cold = rows.filter((r) => r.section === 'fc' && r.layer === 'fc6' && r.batch === 1 && r.threads === tT && r.impl.endsWith('-cold') && r.impl.startsWith('ours'));
  const fc6ColdRatios = fc6Cold.map((r) => r.extra?.['timeOverBound']).filter((x): x is number => typeof x === 'number');
  const fc6Ratios = fc6.map((r) => r.extra?.['timeOverBound']).filter((x): x is number => typeof x === 'number');
  const targets = {
    bench: 'conv',
    ours: oursName,
    oursAvailable: Object.values(backendInfo).some((i) => !(i as { error?: unknown }).error),
    threads: tT,
    batch: tB,
    conv2to5SparseVsOrt: target(ortSum !== null && spSum !== null ? ortSum / spSum : null, 5, 'higher'),
    conv2to5DenseVsOrt: target(ortSum !== null && dnSum !== null ? ortSum / dnSum : null, 0.75, 'higher'),
    fc6Batch1TimeOverBandwidthBound: target(fc6Ratios.length ? Math.min(...fc6Ratios) : null, 1.5, 'lower'),
    fc6Batch1ColdTimeOverBandwidthBound: target(fc6ColdRatios.length ? Math.min(...fc6ColdRatios) : null, 1.5, 'lower'),
    conv2to5Ms: { ortDense: ortSum, oursSparse: spSum, oursDense: dnSum },
    // The same ratios from each case's fastest sample: less sensitive to other jobs on a shared machine.
    fromMinimumTimes: { conv2to5SparseVsOrt: ratio(ortMin, spMin), conv2to5DenseVsOrt: ratio(ortMin, dnMin) },
    verified: ctx.mismatches.length === 0,
    mismatches: ctx.mismatches.length,
    seed,
  };

  const ortVersions = (ortMod as unknown as { env?: { versions?: Record<string, string> } }).env?.versions ?? (ort as unknown as { env?: { versions?: Record<string, string> } }).env?.versions;
  const info = machineInfo({ ortNode: ortVersions ?? 'unknown', ours: backendInfo, bandwidthGBs: Object.fromEntries(Object.entries(bandwidth).map(([t, b]) => [t, { dram: b.dram.gbps, cached: b.cached.gbps }])) });
  const cross = crossovers(rows);
  const md = [
    `# bench:conv (${new Date().toISOString()})`,
    '',
    `Command: \`${command}\` (seed ${seed}). Ours = \`${oursName}\` backend; peer = onnxruntime-node 1.30 (intraOpNumThreads = threads, graph optimisation all).`,
    `Machine: ${info['cores']} cores, ${info['cpuModel']} (${info['cpuFlags']}), Node ${info['node']}; ISA/threads from backend info: ${JSON.stringify(backendInfo)}. onnxruntime-node's MLAS picks its kernels by CPU (AVX-512 where present).`,
    `Shared machine: other jobs (compiles) may have run during the measurement (load average at start ${info['loadAverageAtStart']}, at end ${info['loadAverageAtEnd']}, for ${info['cores']} cores). Times are medians after warm-up; min/max give the spread.`,
    'dense-eq GFLOP/s = 2 x dense MACs / median; real GFLOP/s = 2 x non-zero MACs / median; "vs peer" = peer median / this median (> 1: faster).',
    'max abs err: against onnxruntime-node\'s output for the same weights, bias and input.',
    '',
    '## Targets',
    '',
    '```json',
    JSON.stringify(targets, null, 2),
    '```',
    '',
    ...(Object.keys(bandwidth).length
      ? [
          '## Copy bandwidth (JS memcpy in worker threads, STREAM copy convention: 2 x bytes per copy)',
          '',
          '| threads | working set / thread | median GB/s | min | max |',
          '|---:|---|---:|---:|---:|',
          ...Object.values(bandwidth).flatMap((b) => [
            `| ${b.dram.threads} | 2 x 384 MiB (DRAM) | ${fmt(b.dram.gbps.median, 1)} | ${fmt(b.dram.gbps.min, 1)} | ${fmt(b.dram.gbps.max, 1)} |`,
            `| ${b.cached.threads} | 2 x 16 MiB (cache) | ${fmt(b.cached.gbps.median, 1)} | ${fmt(b.cached.gbps.min, 1)} | ${fmt(b.cached.gbps.max, 1)} |`,
          ]),
          '',
        ]
      : []),
    ...(rows.some((r) => r.section === 'conv') ? ['## Pruned CaffeNet conv1-5', '', rowsTable(rows.filter((r) => r.section === 'conv')), ''] : []),
    ...(rows.some((r) => r.section === 'sweep')
      ? [
          `## Density sweep (batch ${sweepBatch}, random sparsity; dense times measured once on 100% weights)`,
          '',
          rowsTable(rows.filter((r) => r.section === 'sweep')),
          '',
          '| layer | threads | sparse faster than our dense up to | slower from | sparse faster than ORT up to | slower from |',
          '|---|---:|---:|---:|---:|---:|',
          ...cross.map((c) => {
            const a = c['vsOursDense'] as { sparseFasterUpToDensity: number | null; sparseSlowerFromDensity: number | null } | null;
            const o = c['vsOrtDense'] as typeof a;
            const p = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
            return `| ${c['layer']} | ${c['threads']} | ${p(a?.sparseFasterUpToDensity)} | ${p(a?.sparseSlowerFromDensity)} | ${p(o?.sparseFasterUpToDensity)} | ${p(o?.sparseSlowerFromDensity)} |`;
          }),
          '',
        ]
      : []),
    ...(rows.some((r) => r.section === 'fc')
      ? [
          `## Sparse FC (random sparsity at SkimCaffe's densities; CSB blocks ${CSB_BLOCK[0]} x ${CSB_BLOCK[1]})`,
          '',
          rowsTable(rows.filter((r) => r.section === 'fc')),
          '',
          'Bound = bytes moved / measured copy bandwidth. Warm rows repeat the call, so weights that fit the (large) last-level cache are not re-read from DRAM; the cold rows evict the caches (a read-only scan of 640 MiB) before every sample.',
          '',
          '| layer | batch | thr | impl | bytes moved | DRAM bound ms | time / DRAM bound | cache bound ms | time / cache bound |',
          '|---|---:|---:|---|---:|---:|---:|---:|---:|',
          ...rows
            .filter((r) => r.section === 'fc' && r.extra)
            .map((r) => `| ${r.layer} | ${r.batch} | ${r.threads} | ${r.impl} | ${r.extra!['bytesMoved']} | ${fmt(r.extra!['boundMs'] as number, 3)} | ${fmt(r.extra!['timeOverBound'] as number | null, 2)} | ${fmt(r.extra!['cachedBoundMs'] as number, 3)} | ${fmt(r.extra!['timeOverCachedBound'] as number | null, 2)} |`),
          '',
        ]
      : []),
    ...(ctx.mismatches.length ? ['## MISMATCHES', '', ...ctx.mismatches.map((m) => `- ${m}`), ''] : []),
  ].join('\n');
  const files = writeResults(flags.outDir, 'conv', { machine: info, command, seed, flags: { ...flags, only: [...flags.only] }, targets, crossovers: cross, rows }, md);
  process.stdout.write(md + '\n');
  log(`wrote ${files.json} and ${files.md}`);
  if (flags.json) process.stdout.write(JSON.stringify({ ...targets, results: files.json }) + '\n');
}

main().catch((e) => {
  log(`bench:conv failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
