import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

/** Every workspace folder with tests becomes one vitest project, named after the folder. */
function projectDirs(): string[] {
  const dirs: string[] = [];
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      if (existsSync(join(base, name, 'package.json'))) dirs.push(`${group}/${name}`);
    }
  }
  return dirs;
}

/**
 * Tests import the workspace packages from their TypeScript sources (no stale dist/ between an edit and a test run).
 * `@sparsecnn/<pkg>` maps to `packages/<pkg>/src/index.ts`, `@sparsecnn/<pkg>/<sub>` to `packages/<pkg>/src/<sub>.ts`
 * (or `<sub>/index.ts`).
 */
const alias = [
  {
    find: /^@sparsecnn\/([a-z0-9-]+)$/,
    replacement: resolve(root, 'packages/$1/src/index.ts'),
  },
  {
    find: /^@sparsecnn\/([a-z0-9-]+)\/([a-z0-9-]+)$/,
    replacement: resolve(root, 'packages/$1/src/$2'),
  },
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: projectDirs().map((dir) => ({
      extends: true,
      test: {
        name: dir.split('/')[1]!,
        root: join(root, dir),
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 120_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
