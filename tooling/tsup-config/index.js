// @ts-check
/**
 * The one tsup configuration every sparsecnn package uses: ESM + CJS + .d.ts, ES2022, sourcemaps,
 * no minification (users' bundlers minify), the workspace's own packages kept external.
 * @param {import('./index.d.ts').LibConfigOptions} options
 * @returns {import('tsup').Options}
 */
export function defineLibConfig(options) {
  const format = options.format ?? ['esm', 'cjs'];
  return {
    entry: options.entry,
    format,
    platform: options.platform ?? 'neutral',
    target: 'es2022',
    dts: options.dts ?? true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    shims: format.includes('cjs'),
    outDir: 'dist',
    external: [/^@sparsecnn\//, /^node:/, ...(options.external ?? [])],
    banner: options.shebang ? { js: '#!/usr/bin/env node' } : undefined,
    outExtension({ format: f }) {
      return { js: f === 'cjs' ? '.cjs' : '.js' };
    },
  };
}
