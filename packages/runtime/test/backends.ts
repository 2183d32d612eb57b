/** Which registered backends load on this machine (the node entry registers native, wasm and js). */
import { resolveBackend } from '@sparsecnn/kernels-api';
import '../src/index.js';

export const BACKENDS = ['js', 'wasm', 'native'] as const;

async function probe(): Promise<string[]> {
  const ok: string[] = [];
  for (const name of BACKENDS) {
    try {
      await resolveBackend([name]);
      ok.push(name);
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n').slice(0, 2).join(' ') : String(e);
      console.warn(`[runtime tests] backend '${name}' not available, its cases are skipped: ${why}`);
    }
  }
  return ok;
}

export const available: readonly string[] = await probe();
