/** Result rows, command-line flags, machine info, and the JSON + markdown writers shared by both benchmarks. */
import { cpus, loadavg, totalmem } from 'node:os';

/** 1/5/15-minute load averages when this module loaded (the run's start). */
export const LOAD_AT_START = loadavg().map((x) => +x.toFixed(2));
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TimingStats } from './timing.js';

export interface Row {
  readonly section: 'conv' | 'sweep' | 'fc';
  readonly layer: string;
  readonly batch: number;
  readonly threads: number;
  /** e.g. 'ours-sparse', 'ours-dense', 'ort-dense', 'ours-spmm-csr', 'ort-gemm', 'tfjs-wasm', 'ort-web' */
  readonly impl: string;
  readonly density: number;
  readonly nnz: number;
  readonly ms: TimingStats | null;
  /** 2 x dense MACs / median time (GFLOP/s). */
  readonly denseGflops: number | null;
  /** 2 x non-zero MACs / median time. */
  readonly realGflops: number | null;
  /** The row this one is compared with ('' for a peer row). */
  readonly peer: string;
  /** Peer median / this median (> 1: this is faster). */
  readonly speedupVsPeer: number | null;
  /** Max |this output - reference output| and the reference's max |value|. */
  readonly maxAbsErr: number | null;
  readonly maxRef: number | null;
  /** Reason when not measured. */
  readonly skipped?: string;
  readonly extra?: Record<string, number | string | null>;
}

export interface Flags {
  readonly quick: boolean;
  readonly json: boolean;
  readonly threads: number[];
  readonly batch: number[];
  readonly only: Set<'conv' | 'sweep' | 'fc'>;
  readonly ours: string | null;
  readonly seed: number | null;
  readonly outDir: string;
  /** Seconds to keep retrying an unloadable backend (a binary being rebuilt); default 60. */
  readonly waitBackend: number;
}

function list(v: string | undefined, flag: string): number[] {
  const xs = (v ?? '').split(',').filter(Boolean).map(Number);
  if (xs.length === 0 || !xs.every((x) => Number.isInteger(x) && x > 0)) throw new Error(`${flag} needs a comma list of positive integers, got '${v}'`);
  return xs;
}

export function parseFlags(argv: readonly string[], defaults: { threads: number[]; batch: number[] }): Flags {
  let quick = false;
  let json = false;
  let threads = defaults.threads;
  let batch = defaults.batch;
  const only = new Set<'conv' | 'sweep' | 'fc'>();
  let ours: string | null = null;
  let seed: number | null = null;
  let outDir = resolve(import.meta.dirname, '..', 'results');
  let waitBackend = 60;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--quick':
        quick = true;
        break;
      case '--json':
        json = true;
        break;
      case '--threads':
        threads = list(value(), '--threads');
        break;
      case '--batch':
        batch = list(value(), '--batch');
        break;
      case '--only':
        for (const s of (value() ?? '').split(',')) {
          if (s !== 'conv' && s !== 'sweep' && s !== 'fc') throw new Error(`--only takes conv, sweep or fc, got '${s}'`);
          only.add(s);
        }
        break;
      case '--ours':
        ours = value() ?? null;
        break;
      case '--seed':
        seed = Number(value());
        break;
      case '--out':
        outDir = resolve(value() ?? outDir);
        break;
      case '--wait-backend':
        waitBackend = Number(value());
        if (!(waitBackend >= 0)) throw new Error('--wait-backend takes seconds >= 0');
        break;
      case '--':
        break;
      default:
        throw new Error(`unknown flag ${a} (flags: --quick --json --threads 1,2 --batch 1,8 --only conv|sweep|fc --ours <backend> --seed N --out DIR --wait-backend S)`);
    }
  }
  if (only.size === 0) for (const s of ['conv', 'sweep', 'fc'] as const) only.add(s);
  return { quick, json, threads, batch, only, ours, seed, outDir, waitBackend };
}

/** The value after `--name` in `argv` (the training benchmarks' flags). */
export function stringFlag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
}

/** `--name <integer >= min>` in `argv`, or `def` without it. */
export function intFlag(argv: readonly string[], name: string, def: number, min = 0): number {
  const s = stringFlag(argv, name);
  if (s === undefined) return def;
  const v = Number(s);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} needs an integer >= ${min}`);
  return v;
}

/** `--out <dir>` in `argv`, or apps/bench/results. */
export function outDirFlag(argv: readonly string[]): string {
  return resolve(stringFlag(argv, 'out') ?? resolve(import.meta.dirname, '..', 'results'));
}

/** ../shared/data beside the checkout (SPARSECNN_DATA overrides). */
export const SHARED_DATA = process.env['SPARSECNN_DATA'] ?? resolve(import.meta.dirname, '../../../../shared/data');

/** SIMD-relevant CPU flags from /proc/cpuinfo (Linux), e.g. avx2 fma avx512f amx_tile. */
export function cpuFlags(): string[] {
  try {
    if (!existsSync('/proc/cpuinfo')) return [];
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags')) ?? '';
    const want = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx512_bf16', 'amx_tile'];
    const have = new Set(line.split(':')[1]?.trim().split(/\s+/) ?? []);
    return want.filter((w) => have.has(w));
  } catch {
    return [];
  }
}

export function machineInfo(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cores: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    cpuFlags: cpuFlags().join(' '),
    totalMemGiB: +(totalmem() / 2 ** 30).toFixed(1),
    loadAverageAtStart: LOAD_AT_START,
    loadAverageAtEnd: loadavg().map((x) => +x.toFixed(2)),
    note: 'shared machine; other jobs may have been running during the measurement (see the load averages)',
    ...extra,
  };
}

export function gflops(macsPerImage: number, batch: number, ms: TimingStats | null): number | null {
  if (!ms || !(ms.median > 0)) return null;
  return (2 * macsPerImage * batch) / (ms.median * 1e-3) / 1e9;
}

export function speedup(peer: TimingStats | null | undefined, ours: TimingStats | null | undefined): number | null {
  if (!peer || !ours || !(ours.median > 0)) return null;
  return peer.median / ours.median;
}

const f = (x: number | null | undefined, d = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
const e = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x === Infinity ? 'NaN/inf' : x.toExponential(1));

export function rowsTable(rows: readonly Row[]): string {
  const head = '| layer | batch | thr | impl | density | median ms | min | max | reps | dense-eq GFLOP/s | real GFLOP/s | vs peer | peer | max abs err (max ref) |';
  const sep = '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|';
  const lines = rows.map((r) =>
    r.skipped
      ? `| ${r.layer} | ${r.batch} | ${r.threads} | ${r.impl} | ${f(r.density * 100, 1)}% | skipped: ${r.skipped.replace(/\|/g, '/')} | | | | | | | | |`
      : `| ${r.layer} | ${r.batch} | ${r.threads} | ${r.impl} | ${f(r.density * 100, 1)}% | ${f(r.ms?.median, 3)} | ${f(r.ms?.min, 3)} | ${f(r.ms?.max, 3)} | ${r.ms?.reps ?? '-'} | ${f(r.denseGflops, 1)} | ${f(r.realGflops, 1)} | ${r.speedupVsPeer === null ? '-' : f(r.speedupVsPeer, 2) + 'x'} | ${r.peer || '-'} | ${e(r.maxAbsErr)} (${f(r.maxRef, 2)}) |`,
  );
  return [head, sep, ...lines].join('\n');
}

export function writeResults(outDir: string, base: string, json: unknown, markdown: string): { json: string; md: string } {
  mkdirSync(outDir, { recursive: true });
  const jp = join(outDir, `${base}.json`);
  const mp = join(outDir, `${base}.md`);
  writeFileSync(jp, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(mp, markdown);
  return { json: jp, md: mp };
}

/** Progress on stderr so that stdout stays the tables and, with --json, ends with the one JSON object. */
export function log(msg: string): void {
  process.stderr.write(msg + '\n');
}

export { f as fmt };
