/**
 * The real-data test helper the apps share: `../shared/data` beside the checkout (SPARSECNN_DATA overrides), and
 * `dataTest`, which skips a test when one of its files is missing, except under CI=true, where that is a failure.
 * Imported by relative path from test helpers (vitest resolves it; it is no workspace package).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'vitest';

export const DATA = process.env['SPARSECNN_DATA'] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

export function dataPath(rel: string): string {
  return join(DATA, rel);
}

/**
 * A test that needs files under shared/data: skipped when one is missing, except under CI=true, where a missing
 * file is a failure.
 */
export function dataTest(name: string, files: readonly string[], fn: () => Promise<void> | void, timeout?: number): void {
  const missing = files.filter((f) => !existsSync(dataPath(f)));
  if (missing.length === 0) it(name, fn, timeout);
  else if (process.env['CI'] === 'true') {
    it(name, () => {
      throw new Error(`missing data file(s) under ${DATA}: ${missing.join(', ')}`);
    });
  } else it.skip(`${name} (missing ${missing.join(', ')})`, () => {});
}
