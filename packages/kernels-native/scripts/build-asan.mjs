// Build the addon with AddressSanitizer + UndefinedBehaviorSanitizer into its own directory, build-asan/, leaving the
// normal build (build/Release/sparsecnn.node, its flags and binding.gyp) alone. node-gyp always writes to
// <dir>/build, so build-asan/ gets a copy of binding.gyp and a link to native/; the sanitizer flags come from
// CFLAGS / CXXFLAGS / LDFLAGS, which the gyp Makefile places after binding.gyp's own flags (so -O1 wins over -O3).
//
// Output: packages/kernels-native/build-asan/build/Release/sparsecnn.node (printed on the last line).
// Load it with SPARSECNN_NATIVE_PATH=<that path> and node run under LD_PRELOAD of libasan + libubsan (see
// tooling in apps/fuzz/scripts/test-asan.mjs, `pnpm test:asan`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const pkgDir = resolve(import.meta.dirname, '..');
const outDir = join(pkgDir, 'build-asan');
const require = createRequire(join(pkgDir, 'package.json'));
const prefix = resolve(dirname(process.execPath), '..');
const nodedir = [prefix, '/usr', '/usr/local'].find((p) => existsSync(join(p, 'include', 'node', 'node_api.h')));
const gyp = join(dirname(require.resolve('node-gyp/package.json')), 'bin', 'node-gyp.js');

mkdirSync(outDir, { recursive: true });
// Never committed: the directory ignores itself.
writeFileSync(join(outDir, '.gitignore'), '*\n');
copyFileSync(join(pkgDir, 'binding.gyp'), join(outDir, 'binding.gyp'));
const link = join(outDir, 'native');
let linked = false;
try {
  linked = readlinkSync(link) === '../native';
} catch {
  linked = false;
}
if (!linked) {
  let present = false;
  try {
    present = lstatSync(link) !== undefined;
  } catch {
    present = false;
  }
  if (present) {
    console.error(`[kernels-native asan] ${link} exists and is not the link to ../native; remove it`);
    process.exit(1);
  }
  symlinkSync('../native', link);
}

const SAN = '-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g';
const env = {
  ...process.env,
  CFLAGS: SAN,
  CXXFLAGS: SAN,
  LDFLAGS: '-fsanitize=address,undefined',
};
const common = [...(nodedir ? [`--nodedir=${nodedir}`] : [])];
let r = { status: 0 };
for (const step of [['configure', ...common], ['build', '-j', 'max', ...common]]) {
  console.log(`[kernels-native asan] node-gyp ${step.join(' ')} (CXXFLAGS=${SAN})`);
  r = spawnSync(process.execPath, [gyp, ...step], { cwd: outDir, stdio: 'inherit', env });
  if (r.status !== 0) break;
}
if (r.status !== 0) {
  console.error(`[kernels-native asan] node-gyp failed (exit ${r.status}); needs g++ with libasan and libubsan`);
  process.exit(r.status ?? 1);
}
console.log(join(outDir, 'build', 'Release', 'sparsecnn.node'));
