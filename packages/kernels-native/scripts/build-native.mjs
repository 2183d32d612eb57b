// Build the addon with node-gyp, offline. pnpm 12 does not pass `nodedir` to scripts, so node-gyp would try to
// download headers: point it at the local Node installation when its headers are there.
//
// Then the prebuilt copy that the package ships: prebuilds/<platform>-<arch>/@sparsecnn+kernels-native.napi[.glibc|.musl].node
// (node-gyp-build / prebuildify naming; `napi`: one N-API binary serves every Node version), stripped
// (`strip --strip-unneeded`; `strip -x` on macOS), written atomically (temp file + rename) so that a process loading
// it never sees half a file. build/Release/sparsecnn.node stays as built (the loader's source-build fallback).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const pkgDir = resolve(import.meta.dirname, '..');
const require = createRequire(join(pkgDir, 'package.json'));
const prefix = resolve(dirname(process.execPath), '..');
const candidates = [prefix, '/usr', '/usr/local'];
const nodedir = candidates.find((p) => existsSync(join(p, 'include', 'node', 'node_api.h')));
const gyp = join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');
const common = [...(nodedir ? [`--nodedir=${nodedir}`] : []), ...(process.argv.includes('--debug') ? ['--debug'] : [])];
// configure + build (not `rebuild`, which deletes build/ first: the previous addon stays loadable while compiling)
let r = { status: 0 };
for (const step of [['configure', ...common], ['build', '-j', 'max', ...common]]) {
  console.log(`[kernels-native] node-gyp ${step.join(' ')}`);
  r = spawnSync(process.execPath, [gyp, ...step], { cwd: pkgDir, stdio: 'inherit', env: process.env });
  if (r.status !== 0) break;
}
if (r.status !== 0) {
  console.error(
    `[kernels-native] node-gyp failed (exit ${r.status}). Needs g++ (C++17), make and python3; ` +
      (nodedir ? `headers from ${nodedir}` : 'no local Node headers found (install nodejs-dev / libnode-dev)'),
  );
  process.exit(r.status ?? 1);
}

if (!process.argv.includes('--debug')) makePrebuild();

function detectLibc() {
  if (process.platform !== 'linux') return null;
  try {
    const ldd = readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return 'musl';
    if (ldd.includes('GNU C Library') || ldd.includes('glibc')) return 'glibc';
  } catch {
    // fall through to the process report
  }
  return process.report?.getReport()?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

function makePrebuild() {
  const built = join(pkgDir, 'build', 'Release', 'sparsecnn.node');
  const libc = detectLibc();
  const dir = join(pkgDir, 'prebuilds', `${process.platform}-${process.arch}`);
  const name = `@sparsecnn+kernels-native.napi${libc ? `.${libc}` : ''}.node`;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  copyFileSync(built, tmp);
  const stripArgs = process.platform === 'darwin' ? ['-x', tmp] : process.platform === 'win32' ? null : ['--strip-unneeded', tmp];
  let stripped = false;
  if (stripArgs) {
    const s = spawnSync('strip', stripArgs, { stdio: 'inherit' });
    stripped = s.status === 0;
    if (!stripped) console.warn(`[kernels-native] strip ${stripArgs.join(' ')} failed (${s.error?.message ?? `exit ${s.status}`}): the prebuilt addon stays unstripped`);
  }
  renameSync(tmp, join(dir, name));
  // Older file names in this platform's folder would compete with the new one in the loader.
  for (const f of readdirSync(dir)) if (f.endsWith('.node') && f !== name) rmSync(join(dir, f), { force: true });
  const before = statSync(built).size;
  const after = statSync(join(dir, name)).size;
  console.log(`[kernels-native] prebuilds/${process.platform}-${process.arch}/${name}: ${after} bytes${stripped ? ` stripped (build/Release: ${before} bytes)` : ''}`);
}
