/**
 * `pnpm bench:dense`: our native DENSE convolution and inner product (GEMM) against onnxruntime-node (MLAS), one
 * layer at a time, interleaved in one process (timing.ts measureInterleaved), outputs checked against ORT's.
 *   Layers: CaffeNet / SqueezeNet / ResNet-50 conv1, ResNet-50 1x1 convs at 56/28/14/7 (incl. the stride-2 branch1
 *   ones), 3x3 at 14 and 7, LeNet conv1/conv2 (batch 1 and 100), FC 9216->4096 and 800->500 (batch 1, 8, 100).
 *   1 thread: wall and process CPU time (a second interleaved pass with a CPU clock); 2 threads: wall.
 *   Each ISA in --isa runs in its own child process (SPARSECNN_ISA must be set before the addon loads); 'native'
 *   = the addon's own pick (AVX-512 here). Ratios are always ours vs ORT within one child.
 * Flags: --quick --threads 1,2 --isa native,avx2 --only name,name --seed N --out DIR
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng } from '@sparsecnn/tensor';
import { errorMessage, loadOursPatiently, type OursHandle } from './backends.js';
import { oursDenseConv, oursGemm, skip, tolerance, type Prep, type Runnable } from './cases.js';
import { buildConvModel, buildGemmModel } from './onnx.js';
import { createOrtRunner, ortNodeOptions, type OrtModuleLike } from './ort.js';
import { fmt, log, machineInfo, stringFlag, writeResults } from './report.js';
import { cpuClock, FULL_OPTIONS, QUICK_OPTIONS, measureInterleaved, type MeasureOptions, type TimingStats } from './timing.js';
import { denseMacs, randomArray, weightCols, type ConvLayer } from './workloads.js';
import { tensorOf } from './rows.js';

interface ConvCase {
  readonly kind: 'conv';
  readonly l: ConvLayer;
  readonly batches: readonly number[];
}
interface FcCase {
  readonly kind: 'fc';
  readonly name: string;
  readonly K: number;
  readonly O: number;
  readonly batches: readonly number[];
}
type Case = ConvCase | FcCase;

const conv = (name: string, inChannels: number, inHW: number, outChannels: number, kernel: number, stride: number, pad: number, batches: number[] = [1]): ConvCase => ({
  kind: 'conv',
  l: { name, inChannels, inH: inHW, inW: inHW, outChannels, kernel, stride, pad, groups: 1 },
  batches,
});

export const DENSE_CASES: readonly Case[] = [
  conv('caffenet-conv1', 3, 227, 96, 11, 4, 0),
  conv('squeezenet-conv1', 3, 227, 96, 7, 2, 0),
  conv('resnet50-conv1', 3, 224, 64, 7, 2, 3),
  conv('1x1@56 256->64', 256, 56, 64, 1, 1, 0),
  conv('1x1@56 64->256', 64, 56, 256, 1, 1, 0),
  conv('1x1@28 512->128', 512, 28, 128, 1, 1, 0),
  conv('1x1@14 1024->256', 1024, 14, 256, 1, 1, 0),
  conv('1x1@7 2048->512', 2048, 7, 512, 1, 1, 0),
  conv('1x1@7 512->2048', 512, 7, 2048, 1, 1, 0),
  conv('res3a_branch1 1x1s2', 256, 56, 512, 1, 2, 0),
  conv('res4a_branch1 1x1s2', 512, 28, 1024, 1, 2, 0),
  conv('res5a_branch1 1x1s2', 1024, 14, 2048, 1, 2, 0),
  conv('3x3@56 64->64', 64, 56, 64, 3, 1, 1),
  conv('3x3@28 128->128', 128, 28, 128, 3, 1, 1),
  conv('3x3@14 256->256', 256, 14, 256, 3, 1, 1),
  conv('3x3@7 512->512', 512, 7, 512, 3, 1, 1),
  conv('lenet-conv1', 1, 28, 20, 5, 1, 0, [1, 100]),
  conv('lenet-conv2', 20, 12, 50, 5, 1, 0, [1, 100]),
  { kind: 'fc', name: 'fc 9216->4096', K: 9216, O: 4096, batches: [1, 8, 100] },
  { kind: 'fc', name: 'fc 800->500', K: 800, O: 500, batches: [1, 8, 100] },
];

export interface DenseRow {
  readonly isa: string;
  readonly layer: string;
  readonly batch: number;
  readonly threads: number;
  readonly impl: 'ort' | 'ours';
  readonly mflop: number;
  readonly ms: TimingStats | null;
  readonly gflops: number | null;
  /** 1 thread: process CPU time per call (second interleaved pass). */
  readonly cpuMs: TimingStats | null;
  /** ORT median / ours median (> 1: ours faster), wall and CPU. */
  readonly vsOrt: number | null;
  readonly cpuVsOrt: number | null;
  readonly maxAbsErr: number | null;
  readonly maxRef: number | null;
  readonly skipped?: string;
}

interface ChildResult {
  readonly isa: string;
  readonly backendIsa: string;
  readonly info: Record<string, unknown>;
  readonly rows: DenseRow[];
}

interface Opts {
  quick: boolean;
  threads: number[];
  isa: string[];
  only: string[] | null;
  seed: number;
  outDir: string;
  childOut: string | null;
}

function parse(argv: readonly string[]): Opts {
  const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const threads = list(stringFlag(argv, 'threads') ?? '1,2').map(Number);
  if (!threads.every((t) => Number.isInteger(t) && t > 0)) throw new Error('--threads needs positive integers');
  const only = stringFlag(argv, 'only');
  return {
    quick: argv.includes('--quick'),
    threads,
    isa: list(stringFlag(argv, 'isa') ?? 'native,avx2'),
    only: only ? list(only) : null,
    seed: Number(stringFlag(argv, 'seed') ?? Rng.freshSeed()),
    outDir: resolve(stringFlag(argv, 'out') ?? resolve(import.meta.dirname, '..', 'results')),
    childOut: stringFlag(argv, 'child-out') ?? null,
  };
}

const caseName = (c: Case) => (c.kind === 'conv' ? c.l.name : c.name);
const ratio = (peer: TimingStats | null | undefined, ours: TimingStats | null | undefined) => (peer && ours && ours.median > 0 ? peer.median / ours.median : null);

/** ORT and ours prepared for one (case, batch, threads); ours is checked against ORT's output. */
async function prepare(ort: OrtModuleLike, ours: OursHandle, c: Case, batch: number, threads: number, rng: Rng): Promise<{ ortP: Prep; oursP: Prep; mflop: number }> {
  let ortP: Prep;
  let ref: Float32Array | null = null;
  if (c.kind === 'conv') {
    const l = c.l;
    const weights = randomArray(l.outChannels * weightCols(l), rng, -0.1, 0.1);
    const bias = randomArray(l.outChannels, rng, -0.1, 0.1);
    const shape = [batch, l.inChannels, l.inH, l.inW];
    const input = randomArray(batch * l.inChannels * l.inH * l.inW, rng, 0, 1);
    try {
      const model = buildConvModel({ inputShape: [batch, l.inChannels, l.inH, l.inW], weightShape: [l.outChannels, l.inChannels / l.groups, l.kernel, l.kernel], weights, bias, stride: [l.stride, l.stride], pad: [l.pad, l.pad], groups: l.groups });
      const runner = await createOrtRunner(ort, model, input, shape, ortNodeOptions(threads));
      ref = (await runner.run()).slice();
      ortP = { run: () => runner.run(), maxAbsErr: null, maxRef: null, dispose: () => runner.dispose() };
    } catch (e) {
      ortP = skip(`onnxruntime-node: ${errorMessage(e)}`);
    }
    const wT = tensorOf(weights, [l.outChannels, l.inChannels / l.groups, l.kernel, l.kernel]);
    const oursP = oursDenseConv(ours, l, wT, bias, tensorOf(input, shape), ref);
    return { ortP, oursP, mflop: (2 * denseMacs(l) * batch) / 1e6 };
  }
  const weights = randomArray(c.O * c.K, rng, -0.05, 0.05);
  const bias = randomArray(c.O, rng, -0.1, 0.1);
  const input = randomArray(batch * c.K, rng, -1, 1);
  try {
    const model = buildGemmModel({ batch, weights, outFeatures: c.O, inFeatures: c.K, bias });
    const runner = await createOrtRunner(ort, model, input, [batch, c.K], ortNodeOptions(threads));
    ref = (await runner.run()).slice();
    ortP = { run: () => runner.run(), maxAbsErr: null, maxRef: null, dispose: () => runner.dispose() };
  } catch (e) {
    ortP = skip(`onnxruntime-node: ${errorMessage(e)}`);
  }
  const oursP = oursGemm(ours, tensorOf(weights, [c.O, c.K]), bias, tensorOf(input, [batch, c.K]), ref);
  return { ortP, oursP, mflop: (2 * c.O * c.K * batch) / 1e6 };
}

async function child(o: Opts): Promise<void> {
  const isa = process.env['SPARSECNN_ISA'] ?? 'native';
  const opts: MeasureOptions = o.quick ? QUICK_OPTIONS : FULL_OPTIONS;
  const rng = new Rng(o.seed);
  const ortMod = (await import('onnxruntime-node')) as unknown as OrtModuleLike & { default?: OrtModuleLike };
  const ort: OrtModuleLike = ortMod.default?.InferenceSession ? ortMod.default : ortMod;
  const rows: DenseRow[] = [];
  let backendIsa = 'unavailable';
  const cases = DENSE_CASES.filter((c) => !o.only || o.only.some((s) => caseName(c).includes(s)));
  for (const threads of o.threads) {
    const ours = await loadOursPatiently('native', { threads }, 60_000, (e) => log(`  native not loadable yet, retrying: ${e}`));
    if (ours.info) backendIsa = ours.info.isa;
    log(`-- ${isa}: ${threads} thread(s); ours ${ours.info ? `${ours.info.isa}, ${ours.info.threads} threads` : `UNAVAILABLE: ${ours.error}`}`);
    try {
      for (const c of cases) {
        for (const batch of c.batches) {
          const { ortP, oursP, mflop } = await prepare(ort, ours, c, batch, threads, rng);
          const live = [ortP, oursP].filter((p): p is Runnable => 'run' in p);
          let wall: TimingStats[] = [];
          let cpu: TimingStats[] = [];
          let failure: string | null = null;
          try {
            wall = await measureInterleaved(live.map((p) => p.run), opts);
            if (threads === 1) cpu = await measureInterleaved(live.map((p) => p.run), opts, { clock: cpuClock });
          } catch (e) {
            failure = errorMessage(e);
          } finally {
            for (const p of live) await p.dispose();
          }
          const statOf = (p: Prep, arr: TimingStats[]) => ('run' in p && !failure ? (arr[live.indexOf(p)] ?? null) : null);
          const ortWall = statOf(ortP, wall);
          const ortCpu = statOf(ortP, cpu);
          for (const [impl, p] of [['ort', ortP], ['ours', oursP]] as const) {
            const ms = statOf(p, wall);
            const cpuMs = statOf(p, cpu);
            const r: DenseRow = {
              isa,
              layer: caseName(c),
              batch,
              threads,
              impl,
              mflop,
              ms,
              gflops: ms ? mflop / ms.median : null,
              cpuMs,
              vsOrt: impl === 'ours' ? ratio(ortWall, ms) : null,
              cpuVsOrt: impl === 'ours' ? ratio(ortCpu, cpuMs) : null,
              maxAbsErr: 'run' in p ? p.maxAbsErr : null,
              maxRef: 'run' in p ? p.maxRef : null,
              ...('skipped' in p ? { skipped: p.skipped } : failure ? { skipped: `timing failed: ${failure}` } : {}),
            };
            rows.push(r);
          }
          const ourRow = rows[rows.length - 1]!;
          const bad = ourRow.maxAbsErr !== null && ourRow.maxRef !== null && !(ourRow.maxAbsErr <= tolerance(ourRow.maxRef));
          log(
            `  ${caseName(c).padEnd(22)} b${batch} t${threads}: ort ${fmt(ortWall?.median, 3)} ms, ours ${fmt(ourRow.ms?.median, 3)} ms ` +
              `(${fmt(ourRow.gflops, 1)} GF/s, ${fmt(ourRow.vsOrt, 2)}x)` +
              (threads === 1 ? `; cpu ort ${fmt(ortCpu?.median, 3)} ours ${fmt(ourRow.cpuMs?.median, 3)} (${fmt(ourRow.cpuVsOrt, 2)}x)` : '') +
              (ourRow.skipped ? ` SKIPPED ${ourRow.skipped}` : '') +
              (bad ? `  MISMATCH err ${ourRow.maxAbsErr}` : ''),
          );
        }
      }
    } finally {
      ours.backend?.dispose();
    }
  }
  writeFileSync(o.childOut!, JSON.stringify({ isa, backendIsa, info: machineInfo(), rows }));
}

function table(rows: readonly DenseRow[], isa: string, threads: readonly number[]): string {
  const t1 = threads.includes(1);
  const t2 = threads.includes(2);
  const head = ['layer', 'b', 'MFLOP'];
  for (const t of threads) head.push(`ort ms t${t}`, `ours ms t${t}`, `ours GF/s t${t}`, `vs ORT t${t}`);
  if (t1) head.push('ort cpu ms t1', 'ours cpu ms t1', 'cpu vs ORT t1');
  if (t1 && t2) head.push('ours t1/t2', 'ORT t1/t2');
  head.push('max abs err (max ref)');
  const lines = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`];
  const keys = [...new Set(rows.filter((r) => r.isa === isa).map((r) => `${r.layer}|${r.batch}`))];
  for (const key of keys) {
    const [layer, b] = key.split('|');
    const pick = (impl: string, t: number) => rows.find((r) => r.isa === isa && r.layer === layer && String(r.batch) === b && r.impl === impl && r.threads === t);
    const o1 = pick('ours', 1);
    const cells = [layer!, b!, fmt(o1?.mflop ?? pick('ours', threads[0]!)?.mflop, 1)];
    for (const t of threads) {
      const o = pick('ours', t);
      const p = pick('ort', t);
      cells.push(fmt(p?.ms?.median, 3), o?.skipped ? `skipped: ${o.skipped.replace(/\|/g, '/')}` : fmt(o?.ms?.median, 3), fmt(o?.gflops, 1), o?.vsOrt == null ? '-' : `${fmt(o.vsOrt, 2)}x`);
    }
    if (t1) {
      const p = pick('ort', 1);
      cells.push(fmt(p?.cpuMs?.median, 3), fmt(o1?.cpuMs?.median, 3), o1?.cpuVsOrt == null ? '-' : `${fmt(o1.cpuVsOrt, 2)}x`);
    }
    if (t1 && t2) {
      cells.push(fmt(ratio(pick('ours', 1)?.ms, pick('ours', 2)?.ms), 2), fmt(ratio(pick('ort', 1)?.ms, pick('ort', 2)?.ms), 2));
    }
    const err = (o1 ?? pick('ours', threads[0]!))?.maxAbsErr;
    cells.push(err == null ? '-' : `${err.toExponential(1)} (${fmt((o1 ?? pick('ours', threads[0]!))?.maxRef, 2)})`);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const o = parse(argv);
  if (o.childOut) return child(o);
  const dir = mkdtempSync(join(tmpdir(), 'bench-dense-'));
  const results: ChildResult[] = [];
  log(`bench:dense  isa=${o.isa.join(',')}  threads=${o.threads.join(',')}  seed=${o.seed}${o.quick ? '  (quick)' : ''}`);
  for (const isa of o.isa) {
    const out = join(dir, `${isa}.json`);
    const env = { ...process.env };
    if (isa === 'native') delete env['SPARSECNN_ISA'];
    else env['SPARSECNN_ISA'] = isa;
    const args = [process.argv[1]!, ...argv.filter((a, i) => a !== '--isa' && argv[i - 1] !== '--isa'), '--seed', String(o.seed), '--child-out', out];
    const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      log(`  ${isa}: child failed (status ${r.status})`);
      continue;
    }
    results.push(JSON.parse(readFileSync(out, 'utf8')) as ChildResult);
  }
  const rows = results.flatMap((r) => r.rows);
  const bad = rows.filter((r) => r.impl === 'ours' && r.maxAbsErr !== null && r.maxRef !== null && !(r.maxAbsErr <= tolerance(r.maxRef)));
  const info = machineInfo();
  const command = `node apps/bench/dist/dense.js ${argv.join(' ')}`.trim();
  const md = [
    `# bench:dense (${new Date().toISOString()})`,
    '',
    `Command: \`${command}\` (seed ${o.seed}). Ours = native backend dense conv / gemm; peer = onnxruntime-node (MLAS), intraOpNumThreads = threads, timed interleaved in the same process.`,
    `Machine: ${info['cores']} cores, ${String(info['cpuModel'])} (${String(info['cpuFlags'])}), load average at start ${JSON.stringify(info['loadAverageAtStart'])}, at end ${JSON.stringify(info['loadAverageAtEnd'])} (shared machine).`,
    'ms = wall median; cpu ms = process CPU time per call (1 thread, second interleaved pass); GF/s = 2 x MACs / wall median; vs ORT = ORT median / ours (> 1: ours faster); t1/t2 = speed-up from 1 to 2 threads.',
    '',
    ...results.flatMap((r) => [`## SPARSECNN_ISA=${r.isa === 'native' ? '(unset)' : r.isa}: backend ISA ${r.backendIsa}`, '', table(rows, r.isa, o.threads), '']),
    ...(bad.length ? ['## MISMATCHES', '', ...bad.map((r) => `- ${r.isa} ${r.layer} b${r.batch} t${r.threads}: max abs err ${r.maxAbsErr} (max ref ${r.maxRef})`), ''] : []),
  ].join('\n');
  const files = writeResults(o.outDir, 'dense', { machine: info, command, seed: o.seed, results }, md);
  process.stdout.write(md + '\n');
  log(`wrote ${files.json} and ${files.md}`);
  if (bad.length) process.exitCode = 1;
}

main().catch((e) => {
  log(`bench:dense failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
