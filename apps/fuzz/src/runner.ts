/**
 * The fuzz harness. A parent process runs each parser in a child process and watches it:
 *
 * - the child writes the index of the input it is on into a progress file before each input, and reports tallies
 *   and findings (non-SparseCnnError throws, lies, backend mismatches) over IPC;
 * - the parent polls the progress file and the child's RSS every 50 ms: an input that runs longer than `hangMs`
 *   (after a confirming re-run) or a child above `rssLimit` is killed and recorded; a child that dies (a native
 *   crash, an abort, an out-of-memory) is recorded at the input it was on; then the child restarts after it.
 *
 * Inputs are a pure function of (seed, parser, index), so a run is resumable (state.json per parser) and every
 * finding is saved (bytes + JSON with the repro command) under the corpus directory, which is replayed first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isSparseCnnError } from '@sparsecnn/tensor';
import { inputRng } from './mutate.js';
import { Finding, loadTarget, onParsed, TARGET_NAMES, targetAvailable, warmUp, type Target } from './targets.js';

export const DEFAULT_CORPUS = resolve(import.meta.dirname, '..', 'corpus');

export interface FuzzOptions {
  readonly parsers?: readonly string[];
  readonly seed: number;
  /** Total wall-clock budget; split evenly over the parsers (times `concurrency`). */
  readonly seconds: number;
  /** Stop a parser after this many new inputs (default: no cap). */
  readonly count?: number;
  readonly concurrency?: number;
  readonly corpus?: string;
  /** Continue a previous run with the same seed from where it stopped (default true). */
  readonly resume?: boolean;
  /** Start index (overrides resume). */
  readonly from?: number;
  /** Limit for the parser part of one input (default 2000 ms). */
  readonly hangMs?: number;
  /** Limit for the checks after a successful parse: planning and the js/native forwards (default 30000 ms). */
  readonly checkMs?: number;
  readonly rssLimit?: number;
  /** The compiled entry (dist/cli.js) that runs as the child. */
  readonly childScript: string;
  readonly log?: (line: string) => void;
}

export interface FindingRecord {
  readonly parser: string;
  readonly kind: 'throw' | 'lie' | 'mismatch' | 'hang' | 'crash' | 'rss';
  readonly seed: number | null;
  readonly index: number | null;
  readonly how: string;
  readonly message: string;
  readonly file: string;
  readonly repro: string;
}

export interface ParserReport {
  readonly parser: string;
  inputs: number;
  from: number;
  next: number;
  ok: number;
  forwards: number;
  codes: Record<string, number>;
  findings: FindingRecord[];
  /** Inputs that passed the hang limit once but not on the confirming re-run. */
  slow: number;
  restarts: number;
  replayed: number;
  replayFailures: FindingRecord[];
  seconds: number;
  skipped?: string;
}

type ChildMessage =
  | { type: 'tally'; next: number; inputs: number; ok: number; forwards: number; codes: Record<string, number> }
  | { type: 'finding'; record: FindingRecord }
  | { type: 'done'; next: number };

const HANG_MS = 2000;
const CHECK_MS = 30_000;
const RSS_LIMIT = 2 * 1024 ** 3;

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** [input index, phase] from a child's progress file ([-1, 0] before the first input). */
function readProgress(fd: number, buf: Buffer): [number, number] {
  try {
    readSync(fd, buf, 0, 8, 0);
    return [buf.readInt32LE(0), buf.readInt32LE(4)];
  } catch {
    return [-1, 0];
  }
}

function atomicWrite(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function reproCommand(file: string): string {
  return `pnpm fuzz --replay ${file}`;
}

/** Save a finding's input and description under corpus/<parser>/. */
export function saveFinding(corpus: string, parser: string, kind: FindingRecord['kind'], bytes: Uint8Array, info: { seed: number | null; index: number | null; how: string; message: string }, ext: string): FindingRecord {
  const dir = join(corpus, parser);
  mkdirSync(dir, { recursive: true });
  const stem = info.seed !== null && info.index !== null ? `${kind}-s${info.seed}-i${info.index}` : `${kind}-${Date.now()}`;
  const file = join(dir, `${stem}${ext}.bin`);
  atomicWrite(file, bytes);
  const record: FindingRecord = { parser, kind, seed: info.seed, index: info.index, how: info.how, message: info.message.slice(0, 4000), file, repro: reproCommand(file) };
  atomicWrite(`${file}.json`, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

// ---------------------------------------------------------------------------------------------------------------
// Child

export interface ChildArgs {
  readonly parser: string;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly deadline: number;
  readonly progress: string;
  readonly corpus: string;
  readonly rssLimit: number;
  /** Replay mode: these files instead of generated inputs (index = position). */
  readonly replay?: readonly string[];
}

/** The child's loop. Sends tallies and findings to the parent (or prints them when run by hand). */
export async function runChild(a: ChildArgs): Promise<void> {
  const send = (m: ChildMessage) => {
    if (process.send) process.send(m);
    else if (m.type === 'finding') console.log(`finding: ${m.record.kind} ${m.record.message}\n  ${m.record.repro}`);
  };
  const target = await loadTarget(a.parser);
  // One-time costs are paid before the first progress write (the watchdog only times inputs after it).
  if (a.parser !== 'selftest') await warmUp();
  const fd = openSync(a.progress, 'w');
  const pbuf = Buffer.alloc(8);
  // Progress file: [index, phase]; phase 0 = parsing (the hang limit applies), 1 = lie checks (a looser limit).
  const phase1 = Buffer.alloc(4);
  phase1.writeInt32LE(1, 0);
  onParsed(() => writeSync(fd, phase1, 0, 4, 4));
  const tally = { inputs: 0, ok: 0, forwards: 0, codes: {} as Record<string, number> };
  let lastSend = Date.now();
  const total = a.replay ? a.replay.length : a.to;
  let i = a.replay ? 0 : a.from;
  for (; i < total && Date.now() < a.deadline; i++) {
    pbuf.writeInt32LE(i, 0);
    pbuf.writeInt32LE(0, 4);
    writeSync(fd, pbuf, 0, 8, 0);
    let bytes: Uint8Array;
    let how: string;
    if (a.replay) {
      bytes = new Uint8Array(readFileSync(a.replay[i]!));
      how = `replay ${a.replay[i]}`;
    } else {
      const g = target.generate(inputRng(a.seed, a.parser, i), i);
      bytes = g.bytes;
      how = g.how;
    }
    try {
      const r = await target.check(bytes);
      if (r.startsWith('ok')) tally.ok++;
      else tally.codes[r] = (tally.codes[r] ?? 0) + 1;
      if (r === 'ok+forward') tally.forwards++;
    } catch (e) {
      const kind = isSparseCnnError(e) ? null : e instanceof Finding ? e.kind : 'throw';
      if (kind === null) tally.codes[(e as { code: string }).code] = (tally.codes[(e as { code: string }).code] ?? 0) + 1;
      else {
        const message = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
        if (a.replay) {
          const file = a.replay[i]!;
          send({ type: 'finding', record: { parser: a.parser, kind, seed: null, index: null, how, message, file, repro: reproCommand(file) } });
        } else {
          send({ type: 'finding', record: saveFinding(a.corpus, a.parser, kind, bytes, { seed: a.seed, index: i, how, message }, target.ext) });
        }
        tally.codes[`finding:${kind}`] = (tally.codes[`finding:${kind}`] ?? 0) + 1;
      }
    }
    tally.inputs++;
    if (process.memoryUsage.rss() > a.rssLimit) {
      const message = `RSS ${(process.memoryUsage.rss() / 1024 ** 2).toFixed(0)} MB after this input (limit ${(a.rssLimit / 1024 ** 2).toFixed(0)} MB)`;
      if (!a.replay) send({ type: 'finding', record: saveFinding(a.corpus, a.parser, 'rss', bytes, { seed: a.seed, index: i, how, message }, target.ext) });
      else send({ type: 'finding', record: { parser: a.parser, kind: 'rss', seed: null, index: null, how, message, file: a.replay[i]!, repro: reproCommand(a.replay[i]!) } });
      i++;
      break;
    }
    if (Date.now() - lastSend > 500) {
      send({ type: 'tally', next: i + 1, ...tally, codes: { ...tally.codes } });
      lastSend = Date.now();
    }
  }
  send({ type: 'tally', next: i, ...tally, codes: { ...tally.codes } });
  send({ type: 'done', next: i });
  closeSync(fd);
}

// ---------------------------------------------------------------------------------------------------------------
// Parent

interface ChildRun {
  /** Index after the last input run (or killed at). */
  next: number;
  done: boolean;
  /** Set when the child was killed or died on input `index`. */
  dead?: { index: number; kind: 'hang' | 'crash' | 'rss'; message: string };
}

function merge(report: ParserReport, base: { inputs: number; ok: number; forwards: number; codes: Record<string, number> }, t: { inputs: number; ok: number; forwards: number; codes: Record<string, number> }): void {
  report.inputs = base.inputs + t.inputs;
  report.ok = base.ok + t.ok;
  report.forwards = base.forwards + t.forwards;
  const codes = { ...base.codes };
  for (const [k, v] of Object.entries(t.codes)) codes[k] = (codes[k] ?? 0) + v;
  report.codes = codes;
}

/** Run one child over [from, to) (or a replay list) under the watchdog. */
function watch(
  o: Required<Pick<FuzzOptions, 'childScript' | 'hangMs' | 'checkMs' | 'rssLimit'>> & { corpus: string },
  args: Omit<ChildArgs, 'progress' | 'corpus' | 'rssLimit'>,
  onMessage: (m: ChildMessage) => void,
): Promise<ChildRun> {
  const progress = join(o.corpus, `.progress-${args.parser}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(progress, Buffer.alloc(8, 0xff));
  const argv = ['--child', '--parser', args.parser, '--seed', String(args.seed), '--from', String(args.from), '--to', String(args.to),
    '--deadline', String(args.deadline), '--progress', progress, '--corpus', o.corpus, '--rss-limit', String(o.rssLimit)];
  for (const f of args.replay ?? []) argv.push('--replay-file', f);
  const child: ChildProcess = fork(o.childScript, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=3072'] });
  const fd = openSync(progress, 'r');
  const buf = Buffer.alloc(8);
  const run: ChildRun = { next: args.from, done: false };
  return new Promise((resolveRun) => {
    let current = -1;
    let currentPhase = 0;
    let since = Date.now();
    let killedFor: ChildRun['dead'] | undefined;
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'done') {
        run.done = true;
        run.next = m.next;
      } else if (m.type === 'tally') run.next = Math.max(run.next, m.next);
      onMessage(m);
    });
    const timer = setInterval(() => {
      const [idx, phase] = readProgress(fd, buf);
      const now = Date.now();
      const limit = phase === 0 ? o.hangMs : o.checkMs;
      if (idx !== current || phase !== currentPhase) {
        current = idx;
        currentPhase = phase;
        since = now;
      } else if (idx >= 0 && !killedFor && now - since > limit) {
        killedFor = { index: idx, kind: 'hang', message: phase === 0 ? `the parser gave no result after ${limit} ms` : `the checks after parsing (plan, js/native forward) took over ${limit} ms` };
        child.kill('SIGKILL');
      }
      if (!killedFor && child.pid !== undefined) {
        const rss = rssOf(child.pid);
        if (rss > o.rssLimit) {
          killedFor = { index: Math.max(idx, 0), kind: 'rss', message: `RSS ${(rss / 1024 ** 2).toFixed(0)} MB > ${(o.rssLimit / 1024 ** 2).toFixed(0)} MB` };
          child.kill('SIGKILL');
        }
      }
    }, 50);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      const [idx] = readProgress(fd, buf);
      closeSync(fd);
      rmSync(progress, { force: true });
      if (!run.done) {
        const index = killedFor?.index ?? Math.max(idx, 0);
        run.dead = killedFor ?? { index, kind: 'crash', message: `child exited with ${signal ? `signal ${signal}` : `code ${code}`}` };
        run.next = index + 1;
      }
      resolveRun(run);
    });
  });
}

async function fuzzParser(parser: string, o: FuzzOptions, share: number, log: (s: string) => void): Promise<ParserReport> {
  const corpus = o.corpus ?? DEFAULT_CORPUS;
  const dir = join(corpus, parser);
  mkdirSync(dir, { recursive: true });
  const w = { childScript: o.childScript, hangMs: o.hangMs ?? HANG_MS, checkMs: o.checkMs ?? CHECK_MS, rssLimit: o.rssLimit ?? RSS_LIMIT, corpus };
  const report: ParserReport = { parser, inputs: 0, from: 0, next: 0, ok: 0, forwards: 0, codes: {}, findings: [], slow: 0, restarts: 0, replayed: 0, replayFailures: [], seconds: 0 };
  const missing = targetAvailable(parser);
  if (missing.length > 0) {
    report.skipped = `missing ${missing.join(', ')}`;
    return report;
  }
  const t0 = Date.now();
  const deadline = t0 + share * 1000;
  let target: Target | undefined;
  const targetOf = async () => (target ??= await loadTarget(parser));

  // 1. Replay saved findings first.
  const saved = readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => join(dir, f)).sort();
  if (saved.length > 0) {
    let pos = 0;
    while (pos < saved.length) {
      const run = await watch(w, { parser, seed: o.seed, from: 0, to: saved.length, deadline: Date.now() + 600_000, replay: saved.slice(pos) }, (m) => {
        if (m.type === 'finding') report.replayFailures.push(m.record);
      });
      if (run.dead) {
        const file = saved[pos + run.dead.index]!;
        report.replayFailures.push({ parser, kind: run.dead.kind, seed: null, index: null, how: 'replay', message: run.dead.message, file, repro: reproCommand(file) });
      }
      pos += run.dead ? run.dead.index + 1 : saved.length - pos;
      report.replayed = pos;
    }
    log(`[${parser}] replayed ${saved.length} saved input(s): ${report.replayFailures.length} still failing`);
  }

  // 2. New inputs, resuming a previous run with the same seed.
  const statePath = join(dir, 'state.json');
  let from = o.from ?? 0;
  if (o.from === undefined && o.resume !== false && existsSync(statePath)) {
    try {
      const s = JSON.parse(readFileSync(statePath, 'utf8')) as { seed: number; next: number };
      if (s.seed === o.seed) from = s.next;
    } catch {
      // a damaged state file: start at 0
    }
  }
  report.from = from;
  report.next = from;
  const to = o.count !== undefined ? from + o.count : 2 ** 31 - 1;
  const base = { inputs: 0, ok: 0, forwards: 0, codes: {} as Record<string, number> };
  let lastLog = Date.now();
  while (report.next < to && Date.now() < deadline) {
    const start = report.next;
    const run = await watch(w, { parser, seed: o.seed, from: start, to, deadline }, (m) => {
      if (m.type === 'tally') {
        merge(report, base, m);
        if (Date.now() - lastLog > 60_000) {
          lastLog = Date.now();
          const s = (lastLog - t0) / 1000;
          log(`[${parser}] ${report.inputs} inputs in ${s.toFixed(0)} s (${(report.inputs / s).toFixed(0)}/s), ${report.findings.length} finding(s)`);
        }
      }
      else if (m.type === 'finding') {
        report.findings.push(m.record);
        log(`[${parser}] FINDING ${m.record.kind}: ${m.record.message.split('\n')[0]}\n  input: ${m.record.how}\n  repro: ${m.record.repro}`);
      }
    });
    report.next = run.next;
    // Inputs run = indices covered (a child that died may not have reported its last tally).
    report.inputs = base.inputs + (run.next - start);
    Object.assign(base, { inputs: report.inputs, ok: report.ok, forwards: report.forwards, codes: { ...report.codes } });
    if (run.dead) {
      report.restarts++;
      const idx = run.dead.index;
      const g = (await targetOf()).generate(inputRng(o.seed, parser, idx), idx);
      let kind = run.dead.kind;
      let message = run.dead.message;
      if (kind === 'hang') {
        // Confirm on a fresh child (the machine is shared): a second timeout makes it a finding.
        const tmp = join(corpus, `.confirm-${process.pid}-${idx}${(await targetOf()).ext}.bin`);
        writeFileSync(tmp, g.bytes);
        const again = await watch(w, { parser, seed: o.seed, from: 0, to: 1, deadline: Date.now() + 600_000, replay: [tmp] }, () => {});
        rmSync(tmp, { force: true });
        if (!again.dead) {
          report.slow++;
          kind = 'hang';
          message = '';
        } else {
          kind = again.dead.kind;
          message = `${message}; again on a fresh process: ${again.dead.message}`;
        }
      }
      if (message !== '') {
        const rec = saveFinding(corpus, parser, kind, g.bytes, { seed: o.seed, index: idx, how: g.how, message }, (await targetOf()).ext);
        report.findings.push(rec);
        log(`[${parser}] FINDING ${kind} at input ${idx}: ${message}\n  input: ${g.how}\n  repro: ${rec.repro}`);
      }
      report.codes[`finding:${kind}`] = (report.codes[`finding:${kind}`] ?? 0) + (message !== '' ? 1 : 0);
    }
    atomicWrite(statePath, JSON.stringify({ seed: o.seed, next: report.next }));
    if (run.done && report.next >= to) break;
  }
  report.seconds = (Date.now() - t0) / 1000;
  return report;
}

/** Fuzz every parser; the reports in the parsers' order. */
export async function runFuzz(o: FuzzOptions): Promise<ParserReport[]> {
  const parsers: string[] = [...(o.parsers ?? TARGET_NAMES)];
  const log = o.log ?? ((s: string) => console.log(s));
  const concurrency = Math.max(1, Math.min(o.concurrency ?? 1, parsers.length));
  const end = Date.now() + o.seconds * 1000;
  let unfinished = parsers.length;
  mkdirSync(o.corpus ?? DEFAULT_CORPUS, { recursive: true });
  const reports: ParserReport[] = new Array(parsers.length);
  let nextJob = 0;
  const worker = async () => {
    while (nextJob < parsers.length) {
      const k = nextJob++;
      const p = parsers[k]!;
      // An even split of what is left (parsers that stop early, e.g. at --count, leave their time to the others).
      const share = Math.max(1, ((end - Date.now()) / 1000) * Math.min(concurrency, unfinished) / unfinished);
      log(`[${p}] fuzzing for up to ${share.toFixed(0)} s (seed ${o.seed})`);
      const r = await fuzzParser(p, o, share, log);
      unfinished--;
      reports[k] = r;
      log(`[${p}] ${formatReport(r)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return reports;
}

export function formatReport(r: ParserReport): string {
  if (r.skipped) return `skipped: ${r.skipped}`;
  const codes = Object.entries(r.codes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${r.inputs} inputs (indices ${r.from}..${r.next - 1}) in ${r.seconds.toFixed(0)} s (${(r.inputs / Math.max(r.seconds, 1e-9)).toFixed(0)}/s): ` +
    `${r.ok} parsed (${r.forwards} with a js/native forward compared), typed errors: ${codes || 'none'}; ` +
    `findings ${r.findings.length}, slow-but-confirmed-ok ${r.slow}, child restarts ${r.restarts}, replayed ${r.replayed} (${r.replayFailures.length} still failing)`;
}

