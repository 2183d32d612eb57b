/**
 * caffe-io, and the runtime's browser entry, bundle for browsers: esbuild with platform 'browser' succeeds and the
 * output imports no Node built-in (fs, path, node:*). Node modules are only reached through computed import()
 * specifiers on Node-only branches, which bundlers leave alone.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** Resolve @sparsecnn/<pkg>[/<sub>] to the package's TypeScript sources, as the vitest config does. */
const workspaceSources: Plugin = {
  name: 'workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@sparsecnn\/[a-z0-9-]+(\/[a-z0-9-]+)?$/ }, (args) => {
      const [, pkg, sub] = /^@sparsecnn\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?$/.exec(args.path)!;
      const file = sub ? resolve(root, 'packages', pkg!, 'src', `${sub}.ts`) : resolve(root, 'packages', pkg!, 'src', 'index.ts');
      return existsSync(file) ? { path: file } : undefined;
    });
  },
};

/** Static imports, requires and literal dynamic imports of Node built-ins in bundled code. */
const NODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](?:node:[a-z_/]+|fs|fs\/promises|path|url|os|module|crypto|child_process|worker_threads)["']/;

async function bundle(entry: string, fromSources: boolean): Promise<{ text: string; imports: string[] }> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: fromSources ? [workspaceSources] : [],
    // The wasm module is an asset next to the bundle, as a bundler's asset handling would emit it.
    loader: { '.wasm': 'file' },
    outdir: resolve(root, 'node_modules/.cache/browser-bundle-test'),
  });
  expect(r.errors).toEqual([]);
  const js = r.outputFiles.find((f) => f.path.endsWith('.js'))!;
  const imports = Object.values(r.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  return { text: js.text, imports };
}

describe('browser bundles (esbuild, platform browser)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['caffe-io sources', resolve(root, 'packages/caffe-io/src/index.ts'), true],
    ['runtime browser entry sources', resolve(root, 'packages/runtime/src/browser.ts'), true],
  ];
  // The built packages, as a user's bundler sees them (CI builds before testing).
  for (const [name, file] of [['caffe-io dist', 'packages/caffe-io/dist/index.js'], ['runtime browser dist', 'packages/runtime/dist/browser.js']] as const) {
    const path = resolve(root, file);
    if (existsSync(path)) cases.push([name, path, false]);
    else if (process.env.CI === 'true') throw new Error(`${file} is missing: the CI builds before testing`);
  }

  for (const [name, entry, fromSources] of cases) {
    it(`${name} bundle without Node built-ins`, async () => {
      const { text, imports } = await bundle(entry, fromSources);
      expect(text.length).toBeGreaterThan(10_000);
      expect(imports.filter((p) => !p.endsWith('.wasm'))).toEqual([]);
      const hit = NODE_IMPORT.exec(text);
      expect(hit?.[0] ?? null).toBeNull();
    });
  }

  it('the check catches a Node import (the test can fail)', async () => {
    const r = await build({
      stdin: { contents: "import { readFile } from 'node:fs/promises'; export const f = readFile;", loader: 'ts', resolveDir: root },
      bundle: true, platform: 'browser', write: false, logLevel: 'silent',
    }).catch((e: { errors?: Array<{ text: string }> }) => e);
    expect('errors' in r && r.errors && r.errors.length > 0).toBe(true);
    const text = "import { readFile } from \"node:fs/promises\";";
    expect(NODE_IMPORT.test(text)).toBe(true);
  });
});
