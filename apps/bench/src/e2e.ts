/**
 * `pnpm bench:e2e`: whole networks through `createSession` against onnxruntime-node on the same weights (the bench
 * exports each network to ONNX itself, onnx-net.ts), interleaved in one process, outputs checked against ORT's.
 *   native: LeNet, pruned CaffeNet, Deep Compression SqueezeNet, GoogLeNet and ResNet-50 (random weights); batch 1 and 8 (LeNet 1
 *   and 100); 1 and 2 threads; ours 'auto' (dense/sparse per layer) and ours all-dense; per-layer times from
 *   session.profile().
 *   wasm: pruned CaffeNet, batch 1, 1 thread (ours also on 2 wasm threads when --threads has 2): our wasm backend against onnxruntime-web (wasm) and TensorFlow.js wasm
 *   (the same network ported to TF.js ops, tfjs-net.ts), all three checked against onnxruntime-web's output.
 * Timing: `run()` (the async API) of each, interleaved (timing.ts measureInterleaved), medians with min..max.
 * Flags: --quick --json --threads 1,2 --nets lenet,caffenet-pruned,squeezenet-dc,googlenet,resnet50 --batch N,.. (replaces the
 *   per-network batches) --no-wasm --seed N --out DIR
 */
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { Rng, type Tensor } from '@sparsecnn/tensor';
import { createSession, type LayerTiming, type Session } from '@sparsecnn/runtime';
import { errorMessage } from './backends.js';
import { createTfjsNet, initTfjs } from './tfjs-net.js';
import { loadBenchNet, NET_NAMES, type BenchNet, type NetName } from './nets.js';
import { netToOnnx } from './onnx-net.js';
import { createOrtRunner, ortNodeOptions, type OrtModuleLike, type OrtRunner } from './ort.js';
import { maxAbsDiff } from './reference.js';
import { fmt, log, machineInfo, writeResults } from './report.js';
import { FULL_OPTIONS, QUICK_OPTIONS, measureInterleaved, type MeasureOptions, type TimingStats } from './timing.js';
import { randomArray, sharedDataDir } from './workloads.js';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);

/** Output check: max |ours - ORT| <= E2E_TOLERANCE x max(1, max |ORT|). */
const E2E_TOLERANCE = 2e-5;

interface E2eRow {
  readonly net: NetName;
  readonly backend: 'native' | 'wasm';
  readonly batch: number;
  readonly threads: number;
  /** 'ort' (onnxruntime-node), 'ort-web', 'ours' (auto), 'ours-dense' */
  readonly impl: string;
  readonly ms: TimingStats | null;
  /** Peer median / this median (> 1: faster than the peer); null for the peer row. */
  readonly speedupVsPeer: number | null;
  /**
   * 1-thread cases: process CPU time per run (user + sys), interleaved like `ms`. On a shared machine the wall time
   * of a run is mostly the share of the CPU the process got; the CPU time is what a quiet machine would show.
   */
  readonly cpuMs?: TimingStats | null;
  readonly cpuSpeedupVsPeer?: number | null;
  readonly maxAbsErr: number | null;
  readonly maxRef: number | null;
  readonly ok: boolean;
  readonly skipped?: string;
  /** ours-wasm: TF.js wasm median / this median, wall clock and CPU time (same interleaving). */
  readonly vsTfjs?: number;
  readonly cpuVsTfjs?: number;
  /** ours: per-layer medians from session.profile() (layers that ran), ms. */
  readonly layers?: ReadonlyArray<{ name: string; type: string; kernel: string; ms: number }>;
}

interface Flags {
  quick: boolean;
  json: boolean;
  threads: number[];
  nets: NetName[];
  batch: number[] | null;
  wasm: boolean;
  seed: number | null;
  outDir: string;
}

function parse(argv: readonly string[]): Flags {
  const f: Flags = { quick: false, json: false, threads: [1, 2], nets: [...NET_NAMES], batch: null, wasm: true, seed: null, outDir: resolve(import.meta.dirname, '..', 'results') };
  const ints = (v: string | undefined, flag: string): number[] => {
    const xs = (v ?? '').split(',').filter(Boolean).map(Number);
    if (xs.length === 0 || !xs.every((x) => Number.isInteger(x) && x > 0)) throw new Error(`${flag} needs a comma list of positive integers, got '${v}'`);
    return xs;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--quick': f.quick = true; break;
      case '--json': f.json = true; break;
      case '--threads': f.threads = ints(value(), '--threads'); break;
      case '--batch': f.batch = ints(value(), '--batch'); break;
      case '--no-wasm': f.wasm = false; break;
      case '--seed': f.seed = Number(value()); break;
      case '--out': f.outDir = resolve(value() ?? f.outDir); break;
      case '--nets': {
        const xs = (value() ?? '').split(',').filter(Boolean);
        for (const x of xs) if (!NET_NAMES.includes(x as NetName)) throw new Error(`--nets takes ${NET_NAMES.join(', ')}; got '${x}'`);
        f.nets = xs as NetName[];
        break;
      }
      case '--': break;
      default:
        throw new Error(`unknown flag ${a} (flags: --quick --json --threads 1,2 --nets ${NET_NAMES.join(',')} --batch N,.. --no-wasm --seed N --out DIR)`);
    }
  }
  return f;
}

interface Runner {
  run(): Promise<Float32Array>;
  dispose(): Promise<void> | void;
}

function oursRunner(session: Session, input: Tensor): Runner {
  const name = session.inputNames[0]!;
  const out = session.outputNames[0]!;
  return {
    async run() {
      const r = await session.run({ [name]: input });
      return r[out]!.data;
    },
    dispose: () => session.dispose(),
  };
}

function check(ours: Float32Array, ref: Float32Array | null): { maxAbsErr: number | null; maxRef: number | null; ok: boolean } {
  if (!ref) return { maxAbsErr: null, maxRef: null, ok: true };
  const { maxAbs, maxRef } = maxAbsDiff(ours, ref);
  return { maxAbsErr: maxAbs, maxRef, ok: maxAbs <= E2E_TOLERANCE * Math.max(1, maxRef) };
}

function layersOf(p: LayerTiming[]): E2eRow['layers'] {
  // a fused step is named after both layers (conv1+relu1, res2a+res2a_relu)
  return p.map((l) => ({ name: l.fusedWith ? `${l.name}+${l.fusedWith}` : l.name, type: l.type, kernel: l.kernel, ms: +l.medianMs.toFixed(4) }));
}

/** One (network, batch, threads) case: ORT, ours auto, ours all-dense, interleaved. */
async function nativeCase(ort: OrtModuleLike, b: BenchNet, batch: number, threads: number, input: Float32Array, opts: MeasureOptions, rows: E2eRow[]): Promise<void> {
  const base = { net: b.name, backend: 'native' as const, batch, threads };
  const { model, inputShape } = netToOnnx(b.net, batch);
  const x: Tensor = { dtype: 'float32', shape: inputShape, data: input };
  let ortRunner: OrtRunner | null = null;
  const ours: Array<{ impl: string; r: Runner | null; err?: string }> = [];
  try {
    ortRunner = await createOrtRunner(ort, model, input, inputShape, ortNodeOptions(threads));
  } catch (e) {
    rows.push({ ...base, impl: 'ort', ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: `onnxruntime-node: ${errorMessage(e)}` });
  }
  // At 1 thread the session's default thread count runs in the same interleaving too: the default must never be
  // slower than 1 thread (its `vs ORT` column next to the 1-thread `ours` row says so).
  const impls: Array<[string, 'auto' | 'never', number | undefined]> = [['ours', 'auto', threads], ['ours-dense', 'never', threads]];
  if (threads === 1) impls.push(['ours-default-threads', 'auto', undefined]);
  for (const [impl, sparse, t] of impls) {
    try {
      const s = await createSession(b.net, { backends: ['native'], fallback: 'none', ...(t === undefined ? {} : { threads: t }), batch, sparse });
      const r = oursRunner(s, x);
      profiles.set(r, () => s.profile());
      ours.push({ impl, r });
    } catch (e) {
      ours.push({ impl, r: null, err: errorMessage(e) });
    }
  }
  const ref = ortRunner ? (await ortRunner.run()).slice() : null;
  const checks = new Map<string, ReturnType<typeof check>>();
  for (const o of ours) if (o.r) checks.set(o.impl, check((await o.r.run()).slice(), ref));
  const timed = [ortRunner, ...ours.map((o) => o.r)].filter((r): r is Runner => r !== null);
  const stats = await measureInterleaved(timed.map((r) => () => r.run()), opts);
  const cpu = threads === 1 ? await measureInterleaved(timed.map((r) => () => r.run()), opts, { clock: cpuClock }) : null;
  let k = 0;
  const ortCpu = ortRunner && cpu ? cpu[0]! : null;
  const cpuOf = (i: number) => (cpu ? { cpuMs: cpu[i]!, cpuSpeedupVsPeer: ortCpu ? ortCpu.median / cpu[i]!.median : null } : {});
  const ortStats = ortRunner ? stats[k++]! : null;
  if (ortRunner) rows.push({ ...base, impl: 'ort', ms: ortStats, speedupVsPeer: null, ...cpuOf(0), cpuSpeedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: true });
  for (const o of ours) {
    if (!o.r) {
      rows.push({ ...base, impl: o.impl, ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: o.err ?? 'unavailable' });
      continue;
    }
    const st = stats[k]!;
    const c = checks.get(o.impl)!;
    rows.push({
      ...base, impl: o.impl, ms: st, speedupVsPeer: ortStats ? ortStats.median / st.median : null, ...cpuOf(k++), ...c,
      layers: layersOf(profileOf(o.r)),
    });
    await o.r.dispose();
  }
  await ortRunner?.dispose();
  const line = rows.slice(-(1 + ours.length)).map((r) => `${r.impl} ${fmt(r.ms?.median, 3)} ms${r.speedupVsPeer !== null ? ` (${fmt(r.speedupVsPeer, 2)}x)` : ''}${r.ok ? '' : ' MISMATCH'}`).join(' | ');
  log(`  ${b.name} b${batch} t${threads}: ${line}`);
}

/** Process CPU time (user + system) in ms, as a clock for measureInterleaved. */
function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const profiles = new WeakMap<Runner, () => LayerTiming[]>();
function profileOf(r: Runner): LayerTiming[] {
  return profiles.get(r)?.() ?? [];
}

async function wasmCase(b: BenchNet, input: Float32Array, opts: MeasureOptions, rows: E2eRow[], twoThreads = false): Promise<void> {
  const base = { net: b.name, backend: 'wasm' as const, batch: 1, threads: 1 };
  let ortWeb: OrtRunner | null = null;
  const { model, inputShape } = netToOnnx(b.net, 1);
  try {
    const mod = (await import('onnxruntime-web')) as unknown as OrtModuleLike & { env: { wasm: Record<string, unknown> } };
    mod.env.wasm['numThreads'] = 1;
    mod.env.wasm['simd'] = true;
    mod.env.wasm['wasmPaths'] = dirname(require.resolve('onnxruntime-web')) + '/';
    ortWeb = await createOrtRunner(mod, model, input, inputShape, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    rows.push({ ...base, impl: 'ort-web', ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: `onnxruntime-web: ${errorMessage(e)}` });
  }
  let ours: Runner | null = null;
  let err = '';
  try {
    const s = await createSession(b.net, { backends: ['wasm'], fallback: 'none', threads: 1, batch: 1 });
    ours = oursRunner(s, { dtype: 'float32', shape: inputShape, data: input });
    profiles.set(ours, () => s.profile());
  } catch (e) {
    err = errorMessage(e);
  }
  // wasm threads (SharedArrayBuffer + worker_threads): the same network on 2 threads, timed last in the interleaving.
  let ours2: Runner | null = null;
  let err2 = '';
  if (twoThreads) {
    try {
      const s2 = await createSession(b.net, { backends: ['wasm'], fallback: 'none', threads: 2, batch: 1 });
      ours2 = oursRunner(s2, { dtype: 'float32', shape: inputShape, data: input });
      profiles.set(ours2, () => s2.profile());
    } catch (e) {
      err2 = errorMessage(e);
    }
  }
  let tfjs: Runner | null = null;
  let tfErr = await initTfjs();
  if (tfErr === null) {
    try {
      const net = createTfjsNet(b.net, 1, input);
      tfjs = { run: () => Promise.resolve(net.run()), dispose: () => net.dispose() };
    } catch (e) {
      tfErr = errorMessage(e);
    }
  }
  const ref = ortWeb ? (await ortWeb.run()).slice() : null;
  const c = ours ? check((await ours.run()).slice(), ref) : null;
  const ct = tfjs ? check((await tfjs.run()).slice(), ref) : null;
  const c2 = ours2 ? check((await ours2.run()).slice(), ref) : null;
  const timed = [ortWeb, ours, tfjs, ours2].filter((r): r is Runner => r !== null);
  const stats = await measureInterleaved(timed.map((r) => () => r.run()), opts);
  const cpu = await measureInterleaved(timed.map((r) => () => r.run()), opts, { clock: cpuClock });
  const ortStats = ortWeb ? stats[0]! : null;
  if (ortWeb) rows.push({ ...base, impl: 'ort-web', ms: ortStats, speedupVsPeer: null, cpuMs: cpu[0]!, cpuSpeedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: true });
  const oursAt = ortWeb ? 1 : 0;
  const tfAt = oursAt + (ours ? 1 : 0);
  if (ours && c) {
    const st = stats[oursAt]!;
    const oc = cpu[oursAt]!;
    rows.push({
      ...base, impl: 'ours-wasm', ms: st, speedupVsPeer: ortStats ? ortStats.median / st.median : null,
      cpuMs: oc, cpuSpeedupVsPeer: ortWeb ? cpu[0]!.median / oc.median : null, ...c, layers: layersOf(profileOf(ours)),
      ...(tfjs ? { vsTfjs: stats[tfAt]!.median / st.median, cpuVsTfjs: cpu[tfAt]!.median / oc.median } : {}),
    });
    await ours.dispose();
  } else rows.push({ ...base, impl: 'ours-wasm', ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: err });
  if (tfjs && ct) {
    const st = stats[tfAt]!;
    rows.push({
      ...base, impl: 'tfjs-wasm', ms: st, speedupVsPeer: ortStats ? ortStats.median / st.median : null,
      cpuMs: cpu[tfAt]!, cpuSpeedupVsPeer: ortWeb ? cpu[0]!.median / cpu[tfAt]!.median : null, ...ct,
    });
    await tfjs.dispose();
  } else rows.push({ ...base, impl: 'tfjs-wasm', ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: `TF.js wasm: ${tfErr ?? 'unavailable'}` });
  if (ours2 && c2) {
    const at = tfAt + (tfjs ? 1 : 0);
    const st = stats[at]!;
    rows.push({
      ...base, threads: 2, impl: 'ours-wasm', ms: st, speedupVsPeer: ortStats ? ortStats.median / st.median : null,
      cpuMs: cpu[at]!, cpuSpeedupVsPeer: ortWeb ? cpu[0]!.median / cpu[at]!.median : null, ...c2, layers: layersOf(profileOf(ours2)),
      ...(tfjs ? { vsTfjs: stats[tfAt]!.median / st.median, cpuVsTfjs: cpu[tfAt]!.median / cpu[at]!.median } : {}),
    });
    await ours2.dispose();
  } else if (twoThreads) rows.push({ ...base, threads: 2, impl: 'ours-wasm', ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: err2 });
  await ortWeb?.dispose();
  log(`  ${b.name} wasm b1 t1${twoThreads ? ' (+ ours t2)' : ''}: ${rows.slice(twoThreads ? -4 : -3).map((r) => `${r.impl} ${fmt(r.ms?.median, 3)} ms${r.speedupVsPeer !== null ? ` (${fmt(r.speedupVsPeer, 2)}x)` : ''}${r.ok ? '' : ' MISMATCH'}`).join(' | ')}`);
}

function target(value: number | null, goal: number): { value: number | null; goal: number; met: boolean } {
  return { value: value === null ? null : +value.toFixed(3), goal, met: value !== null && value >= goal };
}

function ratioOf(rows: readonly E2eRow[], net: NetName, batch: number, threads: number, impl = 'ours'): number | null {
  return rows.find((r) => r.net === net && r.batch === batch && r.threads === threads && r.impl === impl && r.backend === 'native')?.speedupVsPeer ?? null;
}

function minOf(xs: ReadonlyArray<number | null | undefined>): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number');
  return v.length ? +Math.min(...v).toFixed(3) : null;
}

function targetsOf(rows: readonly E2eRow[]): Record<string, unknown> {
  const mins = (impl: string): number | null => {
    const xs = rows.filter((r) => r.backend === 'native' && r.impl === impl && r.speedupVsPeer !== null).map((r) => r.speedupVsPeer!);
    return xs.length ? Math.min(...xs) : null;
  };
  const worst = (impl: string) => {
    const r = rows.filter((x) => x.backend === 'native' && x.impl === impl && x.speedupVsPeer !== null).sort((a, b) => a.speedupVsPeer! - b.speedupVsPeer!)[0];
    return r ? `${r.net} b${r.batch} t${r.threads}` : null;
  };
  return {
    caffenetB1T2VsOrt: target(ratioOf(rows, 'caffenet-pruned', 1, 2), 4),
    caffenetB1T1VsOrt: target(ratioOf(rows, 'caffenet-pruned', 1, 1), 4),
    caffenetB8T2VsOrt: target(ratioOf(rows, 'caffenet-pruned', 8, 2), 3),
    neverSlowerThanOrt: { ...target(mins('ours'), 1), worstCase: worst('ours') },
    allDenseVsOrt: { ...target(mins('ours-dense'), 0.9), worstCase: worst('ours-dense') },
    wasmCaffenetVsOrtWeb: rows.find((r) => r.backend === 'wasm' && r.impl === 'ours-wasm')?.speedupVsPeer ?? null,
    wasmCaffenetVsTfjsWasm: (() => {
      const r = rows.find((x) => x.backend === 'wasm' && x.impl === 'ours-wasm' && x.net === 'caffenet-pruned');
      return { ...target(r?.vsTfjs ?? null, 4), fromCpuTime: r?.cpuVsTfjs === undefined ? null : +r.cpuVsTfjs.toFixed(3) };
    })(),
    // From CPU time per run (1-thread cases only): the same comparisons as a quiet machine would show them.
    fromCpuTime1Thread: {
      caffenetB1VsOrt: rows.find((r) => r.net === 'caffenet-pruned' && r.batch === 1 && r.threads === 1 && r.impl === 'ours' && r.backend === 'native')?.cpuSpeedupVsPeer ?? null,
      minOursVsOrt: minOf(rows.filter((r) => r.backend === 'native' && r.impl === 'ours').map((r) => r.cpuSpeedupVsPeer)),
      minOursDenseVsOrt: minOf(rows.filter((r) => r.backend === 'native' && r.impl === 'ours-dense').map((r) => r.cpuSpeedupVsPeer)),
      wasmCaffenetVsOrtWeb: rows.find((r) => r.backend === 'wasm' && r.impl === 'ours-wasm')?.cpuSpeedupVsPeer ?? null,
    },
    // Default thread count vs 1 thread, same interleaving (wall-clock medians): >= 1 means the default is not slower.
    defaultThreadsVs1Thread: target(
      minOf(
        rows
          .filter((r) => r.backend === 'native' && r.impl === 'ours-default-threads' && r.ms)
          .map((r) => {
            const one = rows.find((x) => x.backend === 'native' && x.impl === 'ours' && x.net === r.net && x.batch === r.batch && x.threads === 1);
            return one?.ms ? one.ms.median / r.ms!.median : null;
          }),
      ),
      1,
    ),
    outputsVerified: rows.filter((r) => r.ms !== null && r.impl !== 'ort' && r.impl !== 'ort-web').every((r) => r.ok),
  };
}

function markdown(rows: readonly E2eRow[], meta: Record<string, unknown>, targets: Record<string, unknown>, command: string): string {
  const lines: string[] = [];
  lines.push('# bench:e2e: whole networks, sparsecnn vs onnxruntime on the same weights', '');
  lines.push(`Command: \`${command}\`  `);
  lines.push(`Machine: ${String(meta['cpuModel'])}, ${String(meta['cores'])} cores, ${String(meta['cpuFlags'])}; Node ${String(meta['node'])}; load average at start ${JSON.stringify(meta['loadAverageAtStart'])}, at end ${JSON.stringify(meta['loadAverageAtEnd'])}  `);
  lines.push(`Outputs: ours vs onnxruntime, max |diff| <= ${E2E_TOLERANCE} x max(1, max |ORT output|). Times: \`run()\` medians [min..max], interleaved in one process.`, '');
  lines.push('| network | backend | batch | threads | impl | median ms | min | max | reps | vs ORT | CPU ms/run | vs ORT (CPU) | max abs err (max ref) | ok |');
  lines.push('|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of rows) {
    if (r.skipped) {
      lines.push(`| ${r.net} | ${r.backend} | ${r.batch} | ${r.threads} | ${r.impl} | skipped: ${r.skipped.replace(/\|/g, '/')} | | | | | | | | |`);
      continue;
    }
    const err = r.maxAbsErr === null ? '-' : `${r.maxAbsErr.toExponential(1)} (${fmt(r.maxRef, 2)})`;
    lines.push(`| ${r.net} | ${r.backend} | ${r.batch} | ${r.threads} | ${r.impl} | ${fmt(r.ms?.median, 3)} | ${fmt(r.ms?.min, 3)} | ${fmt(r.ms?.max, 3)} | ${r.ms?.reps ?? '-'} | ${r.speedupVsPeer === null ? '-' : fmt(r.speedupVsPeer, 2) + 'x'} | ${fmt(r.cpuMs?.median, 3)} | ${r.cpuSpeedupVsPeer == null ? '-' : fmt(r.cpuSpeedupVsPeer, 2) + 'x'} | ${err} | ${r.ok ? 'yes' : 'NO'} |`);
  }
  lines.push('', '## Targets', '', '```json', JSON.stringify(targets, null, 2), '```', '');
  lines.push('## Per-layer medians (ours, session.profile(), ms)', '');
  for (const r of rows) {
    if (!r.layers || r.layers.length === 0) continue;
    const top = [...r.layers].sort((a, b) => b.ms - a.ms);
    const total = r.layers.reduce((a, l) => a + l.ms, 0);
    const heavy = r.layers.filter((l) => l.kernel === 'dense' || l.kernel === 'sparse').reduce((a, l) => a + l.ms, 0);
    lines.push(`- **${r.net} ${r.backend} b${r.batch} t${r.threads} ${r.impl}**: layers sum ${fmt(total, 3)} ms (conv/fc ${fmt(heavy, 3)}, other ${fmt(total - heavy, 3)}; run median ${fmt(r.ms?.median, 3)}): ` +
      top.slice(0, 8).map((l) => `${l.name} ${l.kernel} ${fmt(l.ms, 3)}`).join(', '));
  }
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const flags = parse(process.argv.slice(2));
  const opts = flags.quick ? QUICK_OPTIONS : FULL_OPTIONS;
  const seed = flags.seed ?? Rng.freshSeed();
  const rng = new Rng(seed);
  const command = `pnpm bench:e2e ${process.argv.slice(2).join(' ')}`.trim();
  log(`bench:e2e  nets=${flags.nets.join(',')}  threads=${flags.threads.join(',')}  seed=${seed}  data=${sharedDataDir()}${flags.quick ? '  (quick)' : ''}`);
  const ort = (await import('onnxruntime-node')) as unknown as OrtModuleLike;
  const rows: E2eRow[] = [];
  for (const name of flags.nets) {
    const b = await loadBenchNet(name, rng);
    const batches = flags.batch ?? (flags.quick ? b.batches.slice(0, 1).concat(name === 'lenet' ? [100] : []) : b.batches);
    for (const batch of batches) {
      const perImage = b.net.inputs[0]!.shape.slice(1).reduce((a, c) => a * c, 1);
      const input = randomArray(batch * perImage, rng, 0, 1);
      for (const threads of flags.threads) {
        try {
          await nativeCase(ort, b, batch, threads, input, opts, rows);
        } catch (e) {
          log(`  ${name} b${batch} t${threads}: FAILED ${errorMessage(e)}`);
          rows.push({ net: name, backend: 'native', batch, threads, impl: 'ours', ms: null, speedupVsPeer: null, maxAbsErr: null, maxRef: null, ok: false, skipped: errorMessage(e) });
        }
      }
    }
    if (flags.wasm && name === 'caffenet-pruned') {
      const perImage = b.net.inputs[0]!.shape.slice(1).reduce((a, c) => a * c, 1);
      await wasmCase(b, randomArray(perImage, rng, 0, 1), opts, rows, flags.threads.includes(2));
    }
  }
  const targets = targetsOf(rows);
  const meta = machineInfo({ seed, quick: flags.quick, tolerance: E2E_TOLERANCE });
  const md = markdown(rows, meta, targets, command);
  const json = { bench: 'e2e', command, machine: meta, targets, rows };
  const paths = writeResults(flags.outDir, flags.quick ? 'e2e-quick' : 'e2e', json, md);
  log(`wrote ${paths.md} and ${paths.json}`);
  process.stdout.write(flags.json ? JSON.stringify(json) + '\n' : md);
  const bad = rows.filter((r) => r.ms !== null && !r.ok);
  if (bad.length > 0) {
    log(`OUTPUT MISMATCH in ${bad.length} case(s): ${bad.map((r) => `${r.net} b${r.batch} t${r.threads} ${r.impl}`).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  log(`bench:e2e failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
