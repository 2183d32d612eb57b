import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferIo } from '../src/lib/cli-io.js';
import { main } from '../src/main.js';

export { DATA, dataPath, dataTest } from '../../../tooling/test-data/index.js';

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
