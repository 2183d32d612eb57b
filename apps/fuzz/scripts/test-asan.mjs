// `pnpm test:asan`: build the addon with AddressSanitizer + UndefinedBehaviorSanitizer (-O1, its own directory,
// packages/kernels-native/build-asan/) and run, on it, the native conformance suite (vitest project kernels-native),
// the fuzz project (mutated real inputs: parsed sparse matrices and models go through the native backend; the lying
// inputs sent straight to the native kernels) and the runtime's concurrency and soak tests (native worker threads,
// dispose while runs are queued).
//
// node runs with LD_PRELOAD=libasan (+ libubsan), ASAN_OPTIONS=detect_leaks=0 (V8's own allocations look like leaks)
// and UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1; SPARSECNN_NATIVE_PATH points the loader at the sanitizer
// build. A sanitizer report aborts the process, which fails the run.
//
// Options: --report <file.json> merges the vitest JSON reports into one (for .ci/run's pass/fail count);
//          --skip-build uses an existing build-asan addon.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..', '..');
const native = join(root, 'packages', 'kernels-native');
const addon = join(native, 'build-asan', 'build', 'Release', 'sparsecnn.node');
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const reportPath = arg('report');

function lib(name) {
  const r = spawnSync('gcc', [`-print-file-name=${name}`], { encoding: 'utf8' });
  const p = (r.stdout ?? '').trim();
  return r.status === 0 && p.startsWith('/') && existsSync(p) ? p : undefined;
}

function writeFailure(message) {
  console.error(`[test:asan] ${message}`);
  if (reportPath) writeFileSync(reportPath, JSON.stringify({ numPassedTests: 0, numFailedTests: 1, testResults: [] }));
  process.exit(1);
}

const asan = lib('libasan.so');
const ubsan = lib('libubsan.so');
if (!asan || !ubsan) writeFailure('gcc does not provide libasan.so / libubsan.so (install gcc with its sanitizer runtimes)');

if (!process.argv.includes('--skip-build')) {
  const b = spawnSync(process.execPath, [join(native, 'scripts', 'build-asan.mjs')], { cwd: native, stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) writeFailure(`the sanitizer build failed (exit ${b.status})`);
}
if (!existsSync(addon)) writeFailure(`${addon} is missing`);

const env = {
  ...process.env,
  LD_PRELOAD: [asan, ubsan, process.env.LD_PRELOAD].filter(Boolean).join(' '),
  ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1:allocator_may_return_null=1',
  UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  SPARSECNN_NATIVE_PATH: addon,
};

// Preflight: the sanitizer runtime is in the process and the loader takes the sanitizer build.
const probe = spawnSync(process.execPath, ['--input-type=module', '-e', `
  import { readFileSync } from 'node:fs';
  import { createRequire } from 'node:module';
  const require = createRequire(${JSON.stringify(join(native, 'package.json'))});
  const { defaultBindingPath, loadBinding } = await import(${JSON.stringify(join(native, 'dist', 'index.js'))});
  const a = loadBinding();
  const maps = readFileSync('/proc/self/maps', 'utf8');
  console.log(JSON.stringify({ path: defaultBindingPath(), asan: /libasan/.test(maps), ubsan: /libubsan/.test(maps), loaded: maps.includes(${JSON.stringify(addon)}), isa: new a.Context(1, 'scalar').info().isa }));
`], { env, encoding: 'utf8' });
let info;
try {
  info = JSON.parse(probe.stdout.trim().split('\n').pop());
} catch {
  writeFailure(`preflight failed (exit ${probe.status}): ${probe.stderr.slice(0, 2000)}`);
}
if (info.path !== addon || !info.asan || !info.ubsan || !info.loaded) writeFailure(`preflight: the sanitizer build is not what loads: ${JSON.stringify(info)}`);
console.log(`[test:asan] ${addon} loads under ${asan} + ${ubsan}`);

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const runs = [
  { name: 'kernels-native + fuzz', args: ['--project', 'kernels-native', '--project', 'fuzz'] },
  { name: 'runtime concurrency + soak', args: ['--project', 'runtime', 'test/concurrency.test.ts', 'test/soak.test.ts'] },
];
let failed = false;
const merged = { numPassedTests: 0, numFailedTests: 0, numRuntimeErrorTestSuites: 0, testResults: [] };
runs.forEach((r, k) => {
  const out = join(root, `.vitest-asan-${k}.tmp`);
  rmSync(out, { force: true });
  console.log(`[test:asan] vitest run ${r.args.join(' ')}`);
  const v = spawnSync(process.execPath, [vitest, 'run', ...r.args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { cwd: root, env, stdio: 'inherit' });
  if (v.status !== 0) failed = true;
  try {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    merged.numPassedTests += j.numPassedTests ?? 0;
    merged.numFailedTests += j.numFailedTests ?? 0;
    merged.numRuntimeErrorTestSuites += j.numRuntimeErrorTestSuites ?? 0;
    merged.testResults.push(...(j.testResults ?? []));
  } catch {
    // No report: vitest itself died (e.g. a sanitizer abort in its main process).
    merged.numFailedTests += 1;
    failed = true;
  }
  rmSync(out, { force: true });
  if (v.status !== 0 && v.signal) console.error(`[test:asan] ${r.name}: vitest killed by ${v.signal}`);
});
if (reportPath) writeFileSync(reportPath, JSON.stringify(merged));
console.log(`[test:asan] ${merged.numPassedTests} passed, ${merged.numFailedTests + merged.numRuntimeErrorTestSuites} failed under ASan + UBSan`);
process.exit(failed || merged.numFailedTests > 0 ? 1 : 0);
