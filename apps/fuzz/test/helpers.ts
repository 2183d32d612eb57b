import { existsSync } from 'node:fs';
import { it } from 'vitest';
import { DATA, dataPath } from '../src/data.js';

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
