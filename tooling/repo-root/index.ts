/**
 * The monorepo root finder the apps share (the CLI's shared-data lookup, the demo's /data server). Imported by
 * relative path (bundled into each app's build; it is no workspace package) and free of dependencies.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The monorepo root (the nearest folder holding pnpm-workspace.yaml) at or above `from`, else undefined. */
export function findRepoRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
