/**
 * `pnpm fuzz [options]`: mutate the real inputs under ../shared/data and feed them to every parser.
 *
 *   --seconds <s>       total time budget, split over the parsers (default 60)
 *   --seed <n>          run seed (default: fresh, printed); inputs are a function of (seed, parser, index)
 *   --parsers <a,b>     subset of: prototxt, caffemodel, dcnet, mtx, sparse, scnn, mean, image
 *   --count <n>         at most n new inputs per parser
 *   --concurrency <n>   parsers fuzzed at the same time (default 1)
 *   --corpus <dir>      findings and resume state (default apps/fuzz/corpus, git-ignored)
 *   --from <i>          start index (default: resume the last run with the same seed, else 0)
 *   --no-resume         start at index 0
 *   --json <file>       write the reports as JSON
 *   --replay <file>     re-run one saved input (the parser is the name of its directory) and print the outcome
 *
 * Exit status 1 when a finding was made or a saved finding still fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@sparsecnn/tensor';
import { DEFAULT_CORPUS, formatReport, runChild, runFuzz } from './runner.js';
import { Finding, loadTarget, onParsed, TARGET_NAMES, warmUp } from './targets.js';

function parseArgs(argv: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const key = a.slice(2);
    const flag = ['child', 'no-resume'].includes(key);
    const v = flag ? '' : argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    m.set(key, [...(m.get(key) ?? []), v]);
  }
  return m;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const one = (k: string) => args.get(k)?.[args.get(k)!.length - 1];
  const num = (k: string, d?: number) => {
    const v = one(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${k} must be a number, got '${v}'`);
    return n;
  };
  if (args.has('child')) {
    const replay = args.get('replay-file');
    await runChild({
      parser: one('parser')!, seed: num('seed')!, from: num('from')!, to: num('to')!, deadline: num('deadline')!,
      progress: one('progress')!, corpus: one('corpus')!, rssLimit: num('rss-limit')!,
      ...(replay ? { replay } : {}),
    });
    return 0;
  }
  const replay = one('replay');
  if (replay !== undefined) {
    const file = resolve(replay);
    const parser = basename(dirname(file));
    const target = await loadTarget(parser);
    const bytes = new Uint8Array(readFileSync(file));
    await warmUp();
    let tParsed: number | undefined;
    onParsed(() => {
      tParsed ??= performance.now();
    });
    const t0 = performance.now();
    try {
      const r = await target.check(bytes);
      const t1 = performance.now();
      const split = tParsed !== undefined ? `parse ${(tParsed - t0).toFixed(0)} ms, checks ${(t1 - tParsed).toFixed(0)} ms` : `${(t1 - t0).toFixed(0)} ms`;
      console.log(`${parser} ${file}: ${r} (${split})`);
      return 0;
    } catch (e) {
      console.log(`${parser} ${file}: FINDING ${e instanceof Finding ? e.kind : 'throw'} after ${(performance.now() - t0).toFixed(0)} ms`);
      console.log(e instanceof Error ? e.stack : String(e));
      return 1;
    }
  }
  const seed = num('seed', Rng.freshSeed())!;
  const parsers = one('parsers')?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...TARGET_NAMES];
  for (const p of parsers) if (!(TARGET_NAMES as readonly string[]).includes(p) && !(p === 'selftest' && process.env['SPARSECNN_FUZZ_SELFTEST'] === '1')) throw new Error(`unknown parser '${p}' (one of ${TARGET_NAMES.join(', ')})`);
  const seconds = num('seconds', 60)!;
  const count = num('count');
  const from = num('from');
  console.log(`sparsecnn fuzz: seed ${seed}, ${seconds} s, parsers ${parsers.join(', ')}${count !== undefined ? `, at most ${count} inputs each` : ''}`);
  const reports = await runFuzz({
    parsers, seed, seconds, concurrency: num('concurrency', 1)!, corpus: resolve(one('corpus') ?? DEFAULT_CORPUS),
    childScript: fileURLToPath(import.meta.url), resume: !args.has('no-resume'),
    ...(count !== undefined ? { count } : {}), ...(from !== undefined ? { from } : {}),
  });
  console.log('\nsummary');
  for (const r of reports) console.log(`  ${r.parser.padEnd(10)} ${formatReport(r)}`);
  const json = one('json');
  if (json) writeFileSync(json, `${JSON.stringify({ seed, seconds, reports }, null, 2)}\n`);
  const bad = reports.reduce((a, r) => a + r.findings.length + r.replayFailures.length, 0);
  console.log(bad === 0 ? 'no findings' : `${bad} finding(s): see the repro commands above`);
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Native backends keep thread pools alive; the work is done.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
