/**
 * The addon loader: which file it picks from prebuilds/ (node-gyp-build / prebuildify tags), the source-build fallback,
 * SPARSECNN_NATIVE_PATH / SPARSECNN_DISABLE_NATIVE, and the reasons it gives when nothing fits or dlopen fails.
 * Uses fake package folders in a temporary directory; only the last cases touch the real addon.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { isSparseCnnError } from '@sparsecnn/tensor';
import {
  PREBUILD_STEM, detectLibc, findPrebuild, loadBinding, locateBinding, nativeDisabled, nativeProvider, nativeUnsupportedReason,
  platformTag, runtimeDescription,
} from '../src/index.js';
import * as browser from '../src/browser.js';

const base = mkdtempSync(join(tmpdir(), 'sparsecnn-binding-'));
let n = 0;
const tag = platformTag();
const libc = detectLibc();
const savedEnv = { path: process.env['SPARSECNN_NATIVE_PATH'], disable: process.env['SPARSECNN_DISABLE_NATIVE'] };

/** A fake package folder holding the given files (relative paths), each with placeholder bytes. */
function fakePackage(files: readonly string[]): string {
  const root = join(base, `pkg${n++}`);
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'placeholder');
  }
  mkdirSync(root, { recursive: true });
  return root;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

afterEach(() => {
  restoreEnv('SPARSECNN_NATIVE_PATH', savedEnv.path);
  restoreEnv('SPARSECNN_DISABLE_NATIVE', savedEnv.disable);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('findPrebuild', () => {
  it('says which platforms the package ships when none is this one', () => {
    expect(findPrebuild(fakePackage([]))).toEqual({ reason: `no prebuilt native addon for ${tag} in @sparsecnn/kernels-native (it ships: none)` });
    const other = tag === 'win32-arm64' ? 'darwin-arm64' : 'win32-arm64';
    const r = findPrebuild(fakePackage([`prebuilds/${other}/${PREBUILD_STEM}.napi.node`]));
    expect(r).toEqual({ reason: `no prebuilt native addon for ${tag} in @sparsecnn/kernels-native (it ships: ${other})` });
  });

  it('takes an untagged or napi file, and prefers the most specific fitting one', () => {
    const root = fakePackage([`prebuilds/${tag}/${PREBUILD_STEM}.node`, `prebuilds/${tag}/README.txt`]);
    expect(findPrebuild(root)).toEqual({ path: join(root, 'prebuilds', tag, `${PREBUILD_STEM}.node`) });
    const files = [`${PREBUILD_STEM}.napi.node`, ...(libc ? [`${PREBUILD_STEM}.napi.${libc}.node`] : [])];
    const root2 = fakePackage(files.map((f) => `prebuilds/${tag}/${f}`));
    expect(findPrebuild(root2)).toEqual({ path: join(root2, 'prebuilds', tag, files[files.length - 1]!) });
  });

  it.runIf(libc !== null)('rejects a file built for the other C library, naming both', () => {
    const other = libc === 'glibc' ? 'musl' : 'glibc';
    const r = findPrebuild(fakePackage([`prebuilds/${tag}/${PREBUILD_STEM}.napi.${other}.node`]));
    expect(r).toEqual({
      reason: `no prebuilt native addon in prebuilds/${tag} fits: ${PREBUILD_STEM}.napi.${other}.node is built for ${other}, this system uses ${libc}`,
    });
  });

  it('matches abi<N> tags against this Node unless the file is napi', () => {
    const abi = process.versions.modules;
    const wrong = fakePackage([`prebuilds/${tag}/${PREBUILD_STEM}.abi1.node`]);
    expect(findPrebuild(wrong)).toEqual({
      reason: `no prebuilt native addon in prebuilds/${tag} fits: ${PREBUILD_STEM}.abi1.node is built for Node ABI 1, this Node has ABI ${abi}`,
    });
    const right = fakePackage([`prebuilds/${tag}/${PREBUILD_STEM}.abi1.node`, `prebuilds/${tag}/${PREBUILD_STEM}.abi${abi}.node`]);
    expect(findPrebuild(right)).toEqual({ path: join(right, 'prebuilds', tag, `${PREBUILD_STEM}.abi${abi}.node`) });
  });

  it('reports an empty platform folder', () => {
    const root = fakePackage([`prebuilds/${tag}/notes.txt`]);
    expect(findPrebuild(root)).toEqual({ reason: `prebuilds/${tag} of @sparsecnn/kernels-native holds no .node file` });
  });
});

describe('locateBinding', () => {
  it('order: SPARSECNN_NATIVE_PATH, then the prebuild, then build/Release', () => {
    // `pnpm test:asan` runs this suite with SPARSECNN_NATIVE_PATH set (the sanitizer build): start without it, and
    // put it back afterwards.
    const saved = process.env['SPARSECNN_NATIVE_PATH'];
    delete process.env['SPARSECNN_NATIVE_PATH'];
    onTestFinished(() => {
      if (saved === undefined) delete process.env['SPARSECNN_NATIVE_PATH'];
      else process.env['SPARSECNN_NATIVE_PATH'] = saved;
    });
    const both = fakePackage([`prebuilds/${tag}/${PREBUILD_STEM}.napi.node`, 'build/Release/sparsecnn.node']);
    expect(locateBinding(both)).toEqual({ path: join(both, 'prebuilds', tag, `${PREBUILD_STEM}.napi.node`), kind: 'prebuild' });
    const buildOnly = fakePackage(['build/Release/sparsecnn.node']);
    expect(locateBinding(buildOnly)).toEqual({ path: join(buildOnly, 'build', 'Release', 'sparsecnn.node'), kind: 'build' });
    const none = fakePackage([]);
    expect(locateBinding(none)).toEqual({ reason: `no prebuilt native addon for ${tag} in @sparsecnn/kernels-native (it ships: none)` });
    const override = join(buildOnly, 'build', 'Release', 'sparsecnn.node');
    process.env['SPARSECNN_NATIVE_PATH'] = override;
    expect(locateBinding(none)).toEqual({ path: override, kind: 'override' });
    process.env['SPARSECNN_NATIVE_PATH'] = join(base, 'nope.node');
    expect(locateBinding(both)).toEqual({ reason: `SPARSECNN_NATIVE_PATH names ${join(base, 'nope.node')}, which does not exist` });
  });
});

describe('reasons', () => {
  it('a file that is not a shared library: E_BACKEND with the dlopen error, the platform and the Node ABI', () => {
    const root = fakePackage(['junk.node']);
    process.env['SPARSECNN_NATIVE_PATH'] = join(root, 'junk.node');
    let err: unknown;
    try {
      loadBinding();
    } catch (e) {
      err = e;
    }
    expect(isSparseCnnError(err, 'E_BACKEND')).toBe(true);
    const msg = (err as Error).message;
    expect(msg).toContain(`${join(root, 'junk.node')} failed to load on ${runtimeDescription()}: dlopen error: `);
    expect(msg).toMatch(/ABI \d+, N-API \d+/);
    expect(msg).not.toMatch(/pnpm|--filter/); // no monorepo commands for npm users
    let again: unknown;
    try {
      loadBinding();
    } catch (e) {
      again = e;
    }
    expect(again).toBe(err); // the failed load is cached, not retried
    const reason = nativeUnsupportedReason();
    expect(reason).toContain('dlopen error');
    expect(nativeProvider.isSupported()).toBe(reason);
  });

  it('SPARSECNN_DISABLE_NATIVE turns the backend off with that reason; 0 / false / empty do not', () => {
    for (const v of ['0', 'false', '']) {
      process.env['SPARSECNN_DISABLE_NATIVE'] = v;
      expect(nativeDisabled()).toBe(false);
    }
    process.env['SPARSECNN_DISABLE_NATIVE'] = '1';
    expect(nativeDisabled()).toBe(true);
    expect(nativeProvider.isSupported()).toBe('disabled by SPARSECNN_DISABLE_NATIVE=1');
  });

  it('loadBinding rejects a path that does not exist and an object that is not the addon', () => {
    expect(() => loadBinding(join(base, 'missing.node'))).toThrow(/options\.nativeBinding names .*missing\.node, which does not exist/);
    expect(() => loadBinding({ cpu: {} })).toThrow(/not the sparsecnn addon/);
  });

  it('the browser build says why native does not run there and exports the same names', async () => {
    const reason = browser.nativeProvider.isSupported();
    expect(reason).toMatch(/runs only in Node/);
    await expect(browser.nativeProvider.create()).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    const node = await import('../src/index.js');
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });
});
