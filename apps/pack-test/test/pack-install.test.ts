/**
 * The round trip an outside user takes: `pnpm pack` every publishable package (workspace:^ and catalog: become
 * versions), install the tarballs into EMPTY folders with npm and with pnpm (pnpm without hoisting, so an undeclared
 * dependency fails), then run the README library example as ESM, CommonJS and strict TypeScript against Caffe's LeNet,
 * make the native addon unloadable and check the single fallback warning, bundle a browser entry with esbuild and
 * check that nothing Node-only is pulled in, and run the `sparsecnn` command.
 *
 * Needs the workspace built (`pnpm build`), npm and pnpm on PATH, and the npm registry (or npm's cache) for the
 * third-party dependencies. LeNet comes from ../shared/data (or $SPARSECNN_DATA): missing is a failure under CI.
 * Sizes and times are printed, never asserted.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanEnv, describeRun, elfSectionNames, ensureChromium, parseExampleOutput, publishablePackages, run, serveStatic, sparsecnnWarnings, tarballName,
  type ExampleOutput, type Publishable,
} from './helpers.js';

const repo = resolve(import.meta.dirname, '../../..');
const fixtures = resolve(import.meta.dirname, '../fixtures');
const CI = process.env.CI === 'true';
const dataRoot = process.env.SPARSECNN_DATA ?? resolve(repo, '../shared/data');
const lenetDir = join(dataRoot, 'models', 'lenet_mnist');
const LENET = ['lenet.prototxt', 'lenet_iter_10000.caffemodel'] as const;
const haveLenet = LENET.every((f) => existsSync(join(lenetDir, f)));
const runModel = haveLenet || CI; // under CI a missing model fails the tests below instead of skipping them
const requireRepo = createRequire(join(repo, 'package.json'));
const CHROMIUM = process.env.SPARSECNN_CHROMIUM ?? '/usr/bin/chromium';

/** The native addon ships prebuilt for this platform only: elsewhere the examples must run on wasm. */
const glibc = Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime);
const nativePlatform = process.platform === 'linux' && process.arch === 'x64' && glibc;
const prebuildDir = `prebuilds/${process.platform}-${process.arch}`;

const work = mkdtempSync(join(tmpdir(), 'sparsecnn-pack-'));
const tgzDir = join(work, 'tarballs');
const npmDir = join(work, 'npm-app');
const pnpmDir = join(work, 'pnpm-app');
const packages: Publishable[] = publishablePackages(repo);
const sizes: Record<string, number> = {};
const times: Record<string, number> = {};
const nativeRuns: ExampleOutput[] = [];

function tarballs(): string[] {
  return packages.map((p) => join(tgzDir, tarballName(p)));
}

function requireLenet(): void {
  if (!haveLenet) throw new Error(`LeNet is missing: ${LENET.map((f) => join(lenetDir, f)).join(', ')} (see ../shared/data/MANIFEST.md)`);
}

function emptyApp(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`);
}

/** Copy the model and the README examples into an installed app folder (the examples use relative paths). */
function stageExamples(dir: string): void {
  requireLenet();
  for (const f of LENET) copyFileSync(join(lenetDir, f), join(dir, f));
  for (const f of ['readme-example.mjs', 'readme-example.cjs', 'readme-example.ts', 'browser-entry.mjs']) copyFileSync(join(fixtures, f), join(dir, f));
}

/** A 10-way probability vector from `backend`. */
function expectProbabilities(out: ExampleOutput, backend: string, context: string): void {
  expect(out.backend, context).toBe(backend);
  expect(out.prob, context).toHaveLength(10);
  for (const p of out.prob) {
    expect(Number.isFinite(p), context).toBe(true);
    expect(p, context).toBeGreaterThanOrEqual(0);
    expect(p, context).toBeLessThanOrEqual(1);
  }
  expect(Math.abs(out.prob.reduce((s, p) => s + p, 0) - 1), context).toBeLessThan(1e-5);
}

function expectClose(a: readonly number[], b: readonly number[], tol: number, context: string): void {
  expect(a.length, context).toBe(b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
  expect(worst, `${context}: worst |difference| ${worst}`).toBeLessThanOrEqual(tol);
}

function expectedBackend(): string {
  return nativePlatform ? 'native' : 'wasm';
}

async function runExample(dir: string, args: readonly string[], what: string, env: Record<string, string> = {}): Promise<{ out: ExampleOutput; stderr: string }> {
  const r = await run(process.execPath, args, { cwd: dir, env: cleanEnv(env), timeoutMs: 90_000 });
  expect(r.code, describeRun(what, r)).toBe(0);
  return { out: parseExampleOutput(r.stdout), stderr: r.stderr };
}

beforeAll(() => {
  mkdirSync(tgzDir, { recursive: true });
});

afterAll(() => {
  const table = Object.entries(sizes).map(([f, b]) => `  ${f.padEnd(44)} ${String(b).padStart(9)} bytes`).join('\n');
  const total = Object.values(sizes).reduce((s, b) => s + b, 0);
  console.log(`[pack-test] tarballs (${Object.keys(sizes).length}):\n${table}\n  ${'total'.padEnd(44)} ${String(total).padStart(9)} bytes`);
  console.log(`[pack-test] times: ${Object.entries(times).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  if (process.env.SPARSECNN_KEEP_PACK_TEST) console.log(`[pack-test] kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

describe('pack, install and run the published packages', () => {
  it('finds the publishable packages: the libraries and the sparsecnn command', () => {
    const names = packages.map((p) => p.name);
    for (const n of ['@sparsecnn/tensor', '@sparsecnn/runtime', '@sparsecnn/caffe-io', '@sparsecnn/kernels-native', 'sparsecnn']) {
      expect(names).toContain(n);
    }
    expect(packages.find((p) => p.name === 'sparsecnn')?.dir).toBe('apps/cli');
  });

  it('packs every package with LICENSE, README, repository, resolved versions and no install scripts', async () => {
    const t0 = performance.now();
    // Three at a time: pnpm pack is mostly process start-up.
    const queue = [...packages];
    const failures: string[] = [];
    await Promise.all([0, 1, 2].map(async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const r = await run('pnpm', ['pack', '--pack-destination', tgzDir], { cwd: join(repo, p.dir), timeoutMs: 120_000 });
        if (r.code !== 0) failures.push(describeRun(`pnpm pack in ${p.dir}`, r));
      }
    }));
    times['pnpm pack (all)'] = performance.now() - t0;
    expect(failures.join('\n')).toBe('');

    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok) problems.push(what);
    };
    for (const p of packages) {
      const tgz = join(tgzDir, tarballName(p));
      if (!existsSync(tgz)) {
        problems.push(`${p.name}: no tarball ${tgz}`);
        continue;
      }
      sizes[tarballName(p)] = statSync(tgz).size;
      const list = await run('tar', ['-tzf', tgz], { cwd: work });
      const files = new Set(list.stdout.split('\n').filter(Boolean));
      for (const f of ['package/package.json', 'package/LICENSE', 'package/README.md']) check(files.has(f), `${p.name} lacks ${f}`);
      const m = JSON.parse((await run('tar', ['-xzOf', tgz, 'package/package.json'], { cwd: work })).stdout) as Record<string, any>;
      check(m.license === 'BSD-2-Clause', `${p.name}: license ${m.license}`);
      check(m.repository?.type === 'git' && typeof m.repository?.url === 'string', `${p.name}: repository ${JSON.stringify(m.repository)}`);
      check(m.repository?.directory === p.dir, `${p.name}: repository.directory ${m.repository?.directory}, expected ${p.dir}`);
      check(Boolean(m.engines?.node), `${p.name}: no engines.node`);
      if (p.name.startsWith('@')) check(m.publishConfig?.access === 'public', `${p.name}: publishConfig.access ${m.publishConfig?.access}`);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, spec] of Object.entries((m[field] ?? {}) as Record<string, string>)) {
          check(!/^(workspace|catalog|link|file):/.test(spec), `${p.name}: ${field}.${dep} is ${spec}`);
        }
      }
      for (const s of ['preinstall', 'install', 'postinstall']) check(m.scripts?.[s] === undefined, `${p.name} has a ${s} script`);
      // Every file the exports map and bin name is in the tarball.
      const targets: string[] = [];
      const walk = (x: unknown): void => {
        if (typeof x === 'string') targets.push(x);
        else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v);
      };
      walk(m.exports);
      walk(m.bin);
      for (const t of targets) if (!t.includes('*')) check(files.has(`package/${t.replace(/^\.\//, '')}`), `${p.name}: ${t} is not in the tarball`);
    }
    expect(problems).toEqual([]);

    const cli = packages.find((p) => p.name === 'sparsecnn')!;
    const cliManifest = JSON.parse((await run('tar', ['-xzOf', join(tgzDir, tarballName(cli)), 'package/package.json'], { cwd: work })).stdout);
    expect(cliManifest.bin).toEqual({ sparsecnn: './dist/bin.js' });
    expect(cliManifest.private).toBeUndefined();
    const bin = (await run('tar', ['-xzOf', join(tgzDir, tarballName(cli)), 'package/dist/bin.js'], { cwd: work })).stdout;
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
  }, 240_000);

  it.runIf(nativePlatform)('ships the native addon prebuilt for linux-x64, stripped', async () => {
    const native = packages.find((p) => p.name === '@sparsecnn/kernels-native')!;
    const tgz = join(tgzDir, tarballName(native));
    const list = (await run('tar', ['-tzf', tgz], { cwd: work })).stdout.split('\n');
    const addons = list.filter((f) => f.startsWith(`package/${prebuildDir}/`) && f.endsWith('.node'));
    expect(addons, 'one prebuilt addon for this platform').toHaveLength(1);
    expect(list.some((f) => f.startsWith('package/build/')), 'no build/ folder in the tarball').toBe(false);
    const dir = join(work, 'native-unpacked');
    mkdirSync(dir, { recursive: true });
    expect((await run('tar', ['-xzf', tgz, '-C', dir, addons[0]!], { cwd: work })).code).toBe(0);
    const shipped = readFileSync(join(dir, addons[0]!));
    const sections = elfSectionNames(shipped);
    expect(sections).toContain('.dynsym'); // still loadable
    expect(sections, 'stripped: no .symtab').not.toContain('.symtab');
    expect(sections.some((s) => s.startsWith('.debug')), 'stripped: no debug sections').toBe(false);
    const unstripped = join(repo, 'packages/kernels-native/build/Release/sparsecnn.node');
    if (existsSync(unstripped)) {
      console.log(`[pack-test] native addon: build/Release ${statSync(unstripped).size} bytes, shipped (stripped) ${shipped.length} bytes`);
    }
  });

  it('installs all tarballs into an empty folder with npm: exit 0, no warnings, a consistent tree', async () => {
    emptyApp(npmDir, 'pack-test-npm');
    const r = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs()], { cwd: npmDir, timeoutMs: 300_000 });
    times['npm install'] = r.ms;
    expect(r.code, describeRun('npm install', r)).toBe(0);
    const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^npm (warn|WARN|ERR)/.test(l));
    // A third-party package being deprecated is not ours to fix; anything else (install scripts, gyp, peers) is.
    const ours = warnings.filter((l) => !/^npm warn deprecated (?!@sparsecnn\/|sparsecnn@)/i.test(l));
    expect(ours, describeRun('npm install', r)).toEqual([]);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/node-gyp|install script|gyp (info|ERR)/i);
    const ls = await run('npm', ['ls', '--all'], { cwd: npmDir, timeoutMs: 120_000 });
    expect(ls.code, describeRun('npm ls --all', ls)).toBe(0);
    for (const p of packages) {
      const installed = join(npmDir, 'node_modules', p.name, 'package.json');
      expect(existsSync(installed), installed).toBe(true);
    }
  }, 360_000);

  it('installs all tarballs into an empty folder with pnpm (no hoisting): exit 0, no ignored builds', async () => {
    emptyApp(pnpmDir, 'pack-test-pnpm');
    // Before publishing, the tarballs' dependencies on each other (^0.1.0) must resolve to the tarballs, not the registry.
    const overrides = packages.map((p) => `  '${p.name}': 'file:${join(tgzDir, tarballName(p))}'`).join('\n');
    writeFileSync(join(pnpmDir, 'pnpm-workspace.yaml'), `hoist: false\noverrides:\n${overrides}\n`);
    const r = await run('pnpm', ['add', '--prefer-offline', ...tarballs()], { cwd: pnpmDir, timeoutMs: 300_000 });
    times['pnpm add'] = r.ms;
    expect(r.code, describeRun('pnpm add', r)).toBe(0);
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out, describeRun('pnpm add', r)).not.toMatch(/ERR_PNPM|IGNORED_BUILDS|Ignored build scripts|approve-builds/);
    // Warnings: none of ours (a third-party deprecation notice aside).
    const warnings = out.split('\n').filter((l) => /\bWARN\b/.test(l) && !(/deprecated/i.test(l) && !/sparsecnn/.test(l)));
    expect(warnings, describeRun('pnpm add', r)).toEqual([]);
  }, 300_000);

  it.runIf(runModel)('runs the README example as ESM and CommonJS (npm install) on the expected backend, silently', async () => {
    stageExamples(npmDir);
    const esm = await runExample(npmDir, ['readme-example.mjs'], 'node readme-example.mjs');
    expectProbabilities(esm.out, expectedBackend(), 'ESM');
    if (nativePlatform) expect(sparsecnnWarnings(esm.stderr), esm.stderr).toEqual([]);
    nativeRuns.push(esm.out);
    const cjs = await runExample(npmDir, ['readme-example.cjs'], 'node readme-example.cjs');
    expectProbabilities(cjs.out, expectedBackend(), 'CommonJS');
    expectClose(cjs.out.prob, esm.out.prob, 1e-6, 'CommonJS vs ESM');
  }, 180_000);

  it.runIf(runModel)('runs the README example in the pnpm folder and type-checks its TypeScript form strictly', async () => {
    stageExamples(pnpmDir);
    const esm = await runExample(pnpmDir, ['readme-example.mjs'], 'node readme-example.mjs (pnpm)');
    expectProbabilities(esm.out, expectedBackend(), 'ESM (pnpm)');
    // Strict, with the libraries' .d.ts checked too (skipLibCheck off): undeclared type dependencies fail here.
    const tsconfig = {
      compilerOptions: {
        strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false,
        types: ['node'], typeRoots: [join(dirname(requireRepo.resolve('@types/node/package.json')), '..')], outDir: 'out',
      },
      files: ['readme-example.ts'],
    };
    writeFileSync(join(pnpmDir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    const tsc = requireRepo.resolve('typescript/bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: pnpmDir, timeoutMs: 240_000 });
    times['tsc --strict'] = r.ms;
    expect(r.code, describeRun('tsc -p tsconfig.json (strict)', r)).toBe(0);
    const ts = await runExample(pnpmDir, ['out/readme-example.js'], 'node out/readme-example.js');
    expectProbabilities(ts.out, expectedBackend(), 'TypeScript');
    expectClose(ts.out.prob, esm.out.prob, 1e-6, 'TypeScript vs ESM');
  }, 300_000);

  it.runIf(runModel)('falls back to wasm with exactly one warning when native is disabled', async () => {
    requireLenet();
    const { out, stderr } = await runExample(npmDir, ['readme-example.mjs'], 'SPARSECNN_DISABLE_NATIVE=1 node readme-example.mjs', { SPARSECNN_DISABLE_NATIVE: '1' });
    expectProbabilities(out, 'wasm', 'native disabled');
    const warnings = sparsecnnWarnings(stderr);
    expect(warnings, stderr).toHaveLength(1);
    expect(warnings[0]).toMatch(/'native'.*'wasm'.*SPARSECNN_DISABLE_NATIVE=1/);
    if (nativeRuns[0]) expectClose(out.prob, nativeRuns[0].prob, 1e-4, 'wasm vs native');
  }, 120_000);

  it.runIf(runModel && nativePlatform)('falls back to wasm with exactly one warning naming the dlopen error when the prebuilt addon is broken', async () => {
    requireLenet();
    const dir = join(npmDir, 'node_modules/@sparsecnn/kernels-native', prebuildDir);
    const [addon] = readdirSync(dir).filter((f) => f.endsWith('.node'));
    expect(addon).toBeTruthy();
    const path = join(dir, addon!);
    renameSync(path, `${path}.bak`); // a new file below: npm's copy is never written through (pnpm's would be a store hard link)
    writeFileSync(path, 'not an ELF file\n');
    try {
      const { out, stderr } = await runExample(npmDir, ['readme-example.mjs'], 'node readme-example.mjs (broken addon)');
      expectProbabilities(out, 'wasm', 'broken addon');
      const warnings = sparsecnnWarnings(stderr);
      expect(warnings, stderr).toHaveLength(1);
      expect(warnings[0]).toContain(addon!);
      expect(warnings[0]).toMatch(/failed to load on linux-x64 \(glibc\), Node v\d+\.\d+\.\d+ \(ABI \d+, N-API \d+\): dlopen error: /);
    } finally {
      rmSync(path, { force: true });
      renameSync(`${path}.bak`, path);
    }
  });

  it.runIf(runModel)('bundles the browser entry, kernels-native and every library entry with esbuild (platform browser): no Node built-ins, no addon', async () => {
    requireLenet();
    // Every library's main entry at once (each must be browser-safe; Node-only code lives in ./node subpaths).
    const libraries = packages.filter((p) => p.name.startsWith('@sparsecnn/'));
    const everything = libraries.map((p, i) => `export * as m${i} from '${p.name}';`).join('\n');
    for (const [entry, contents] of [
      ['browser-entry.mjs', null],
      ['native-entry.mjs', "export { nativeProvider } from '@sparsecnn/kernels-native';\n"],
      ['all-entry.mjs', `${everything}\n`],
    ] as const) {
      if (contents) writeFileSync(join(npmDir, entry), contents);
      const result = await esbuild.build({
        entryPoints: [join(npmDir, entry)], absWorkingDir: npmDir, bundle: true, platform: 'browser', format: 'esm',
        write: false, metafile: true, logLevel: 'silent', outfile: join(npmDir, 'out', entry.replace('.mjs', '.js')),
      });
      expect(result.errors).toEqual([]);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => /\.node$|prebuilds\/|sharp|kernels-native\/dist\/index|runtime\/dist\/node|perf-model\/dist\/node/.test(i)), entry).toEqual([]);
      const text = result.outputFiles[0]!.text;
      const builtins = [...text.matchAll(/(?:require\(|from\s*|import\()\s*["'](node:[\w/]+|fs|fs\/promises|path|os|url|module|child_process|worker_threads)["']/g)].map((m) => m[1]);
      expect(builtins, entry).toEqual([]);
      if (entry === 'browser-entry.mjs') {
        expect(inputs.some((i) => i.endsWith('@sparsecnn/runtime/dist/browser.js')), 'the runtime resolves to its browser build').toBe(true);
        sizes['(browser bundle, unminified)'] = text.length;
      } else {
        expect(inputs.some((i) => i.endsWith('@sparsecnn/kernels-native/dist/browser.js')), `${entry}: kernels-native resolves to its browser build`).toBe(true);
      }
    }
  }, 120_000);

  it.runIf(runModel)('runs the bundled browser entry in headless Chromium on wasm', async () => {
    requireLenet();
    const unavailable = ensureChromium();
    if (unavailable) {
      if (CI) throw new Error(unavailable);
      console.log(`[pack-test] browser run skipped: ${unavailable}`);
      return;
    }
    // What a page ships: the esbuild bundle, the kernels' .wasm next to it (esbuild does not copy `new URL()` assets;
    // Vite and webpack 5 do), the page and the model files.
    const site = join(work, 'site');
    mkdirSync(site, { recursive: true });
    await esbuild.build({
      entryPoints: [join(npmDir, 'browser-entry.mjs')], absWorkingDir: npmDir, bundle: true, platform: 'browser',
      format: 'esm', outfile: join(site, 'browser-entry.js'), logLevel: 'silent',
    });
    copyFileSync(join(npmDir, 'node_modules/@sparsecnn/kernels-wasm/dist/sparsecnn-kernels.simd.wasm'), join(site, 'sparsecnn-kernels.simd.wasm'));
    copyFileSync(join(fixtures, 'browser-page.html'), join(site, 'index.html'));
    for (const f of LENET) copyFileSync(join(lenetDir, f), join(site, f));
    const { server, url } = await serveStatic(site);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 60_000 });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(url);
      await page.waitForFunction('window.__result !== undefined || window.__error !== undefined', undefined, { timeout: 90_000 });
      const error = await page.evaluate('window.__error');
      expect(error, String(error)).toBeUndefined();
      const result = await page.evaluate<{ backend: string; prob: number[] }>('window.__result');
      expectProbabilities({ backend: result.backend, prob: result.prob }, 'wasm', 'browser');
      if (nativeRuns[0]) expectClose(result.prob, nativeRuns[0].prob, 1e-4, 'browser wasm vs native');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
    }
  }, 180_000);

  it.runIf(runModel)('runs the sparsecnn command from the npm install', async () => {
    requireLenet();
    const bin = join(npmDir, 'node_modules/.bin/sparsecnn');
    const help = await run(bin, ['--help'], { cwd: npmDir });
    expect(help.code, describeRun('sparsecnn --help', help)).toBe(0);
    expect(help.stdout).toMatch(/Usage: sparsecnn <command>/);
    const inspect = await run(bin, ['inspect', LENET[0], LENET[1], '--json'], { cwd: npmDir, timeoutMs: 90_000 });
    expect(inspect.code, describeRun('sparsecnn inspect --json', inspect)).toBe(0);
    expect(inspect.stdout).toContain('conv1');
  }, 120_000);
});
