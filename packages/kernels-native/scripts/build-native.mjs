// Build the addon with node-gyp, offline. pnpm 12 does not pass `nodedir` to scripts, so node-gyp would try to
// download headers: point it at the local Node installation when its headers are there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
