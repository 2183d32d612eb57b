import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'vitest';
import { bufferIo } from '../src/lib/cli-io.js';
import { main } from '../src/main.js';

/** ../shared/data next to the repository root (apps/cli/test -> ../../..). */
export const DATA = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');

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

/** Run the CLI in-process. */
export async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sparsecnn-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
