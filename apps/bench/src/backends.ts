/**
 * Loads "our" kernels through the kernels-api contract only: a package's BackendProvider, then `create()`.
 * A missing package, provider, binary or op is reported (never a crash), so the bench still measures the peers.
 */
import type { BackendInfo, BackendOptions, BackendProvider, KernelBackend, KernelTable } from '@sparsecnn/kernels-api';

export type OursName = 'native' | 'wasm' | 'js';

export interface OursHandle {
  readonly name: OursName;
  readonly backend: KernelBackend | null;
  readonly info: BackendInfo | null;
  /** Why the backend is unavailable (null when it loaded). */
  readonly error: string | null;
}

const PROVIDERS: Record<OursName, { pkg: string; exportName: string }> = {
  native: { pkg: '@sparsecnn/kernels-native', exportName: 'nativeProvider' },
  wasm: { pkg: '@sparsecnn/kernels-wasm', exportName: 'wasmProvider' },
  js: { pkg: '@sparsecnn/kernels-js', exportName: 'jsProvider' },
};

function message(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.split('\n')[0]!;
  return String(e);
}

async function importProvider(name: OursName): Promise<BackendProvider> {
  const { pkg, exportName } = PROVIDERS[name];
  let mod: Record<string, unknown>;
  switch (name) {
    // Literal specifiers so bundlers and vitest's alias see them.
    case 'native':
      mod = await import('@sparsecnn/kernels-native');
      break;
    case 'wasm':
      mod = await import('@sparsecnn/kernels-wasm');
      break;
    case 'js':
      mod = await import('@sparsecnn/kernels-js');
      break;
  }
  const provider = mod[exportName] as BackendProvider | undefined;
  if (!provider || typeof provider.create !== 'function') throw new Error(`${pkg} does not export ${exportName} (not implemented yet?)`);
  return provider;
}

export async function loadOurs(name: OursName, options: BackendOptions = {}): Promise<OursHandle> {
  try {
    const provider = await importProvider(name);
    const supported = await provider.isSupported();
    if (supported !== true) return { name, backend: null, info: null, error: `unsupported: ${supported === false ? 'isSupported() = false' : supported}` };
    const backend = await provider.create(options);
    return { name, backend, info: backend.info(), error: null };
  } catch (e) {
    return { name, backend: null, info: null, error: message(e) };
  }
}

/** The op, or a reason it cannot be used. */
export function opOf<K extends keyof KernelTable>(h: OursHandle, op: K): KernelTable[K] | string {
  if (!h.backend) return `backend ${h.name} unavailable: ${h.error}`;
  const fn = h.backend.kernels[op];
  if (typeof fn !== 'function') return `backend ${h.name} has no ${op}`;
  return fn.bind(h.backend.kernels) as KernelTable[K];
}

export { message as errorMessage };

/**
 * loadOurs, retried every 5 s for up to `waitMs` while it fails (a kernel package being rebuilt by another job on a
 * shared machine has its binary missing for a moment). The last failure is returned if it never loads.
 */
export async function loadOursPatiently(name: OursName, options: BackendOptions, waitMs: number, onRetry?: (error: string) => void): Promise<OursHandle> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const h = await loadOurs(name, options);
    if (h.backend || Date.now() >= deadline) return h;
    onRetry?.(h.error ?? 'unknown error');
    await new Promise((r) => setTimeout(r, 5000));
  }
}
