import { SparseCnnError } from '@sparsecnn/tensor';
import type { BackendName, BackendOptions, BackendProvider, BackendStatus, KernelBackend } from './backend.js';
import type { KernelName, KernelTable } from './ops.js';

interface Entry {
  provider: BackendProvider;
  status: BackendStatus;
  /** Loaded instances by options key; a pending promise is shared by concurrent callers. */
  instances: Map<string, Promise<KernelBackend>>;
}

interface Registry {
  entries: Map<string, Entry>;
}

const REGISTRY_KEY = Symbol.for('@sparsecnn/kernels-api/registry');

/** One registry per realm, even if two copies of this package are installed (pnpm can do that). */
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (!r) {
    r = { entries: new Map() };
    g[REGISTRY_KEY] = r;
  }
  return r;
}

/** Register (or replace) a backend provider. Registration loads nothing. */
export function registerBackend(provider: BackendProvider): void {
  if (!provider || typeof provider.name !== 'string' || provider.name === '' || typeof provider.create !== 'function') {
    throw new SparseCnnError('E_ARGUMENT', 'registerBackend needs a provider with a name and a create() function');
  }
  if (!Number.isFinite(provider.priority)) {
    throw new SparseCnnError('E_ARGUMENT', `backend '${provider.name}' has a non-numeric priority`);
  }
  registry().entries.set(provider.name, {
    provider,
    status: { name: provider.name, priority: provider.priority, state: 'registered' },
    instances: new Map(),
  });
}

/** Remove a provider (tests). Loaded instances are not disposed. */
export function unregisterBackend(name: BackendName): boolean {
  return registry().entries.delete(name);
}

export function registeredBackends(): readonly BackendProvider[] {
  return [...registry().entries.values()].map((e) => e.provider);
}

/** State of every registered backend, highest priority first. */
export function backendStatus(): readonly BackendStatus[] {
  return [...registry().entries.values()].map((e) => e.status).sort((a, b) => b.priority - a.priority);
}

function optionsKey(options: BackendOptions | undefined): string {
  if (!options) return '{}';
  const { wasmBinary, nativeBinding, ...rest } = options;
  return JSON.stringify({
    ...rest,
    wasmPath: rest.wasmPath?.toString(),
    wasmBinary: wasmBinary ? `bytes:${wasmBinary.byteLength}` : undefined,
    nativeBinding: typeof nativeBinding === 'string' ? nativeBinding : nativeBinding ? 'object' : undefined,
  });
}

/**
 * The order in which backends are tried: the hints in the given order (each must be registered), or else every
 * registered backend with a priority >= 0, highest first.
 */
function candidates(hints: readonly BackendName[] | undefined): Entry[] {
  const entries = registry().entries;
  if (hints && hints.length > 0) {
    return hints.map((h) => {
      const e = entries.get(h);
      if (!e) {
        const known = [...entries.keys()].join(', ') || 'none';
        throw new SparseCnnError('E_BACKEND', `backend '${h}' is not registered (registered: ${known})`, { backend: h });
      }
      return e;
    });
  }
  return [...entries.values()].filter((e) => e.provider.priority >= 0).sort((a, b) => b.provider.priority - a.provider.priority);
}

async function load(entry: Entry, options: BackendOptions | undefined): Promise<KernelBackend> {
  const key = optionsKey(options);
  const cached = entry.instances.get(key);
  if (cached) return cached;
  const name = entry.provider.name;
  const pending = (async () => {
    entry.status = { name, priority: entry.provider.priority, state: 'initializing' };
    const supported = await entry.provider.isSupported();
    if (supported !== true) {
      const reason = typeof supported === 'string' ? supported : 'not supported on this platform';
      entry.status = { name, priority: entry.provider.priority, state: 'unsupported', error: reason };
      throw new SparseCnnError('E_BACKEND', reason, { backend: name });
    }
    const backend = await entry.provider.create(options);
    entry.status = { name, priority: entry.provider.priority, state: 'ready' };
    return backend;
  })();
  entry.instances.set(key, pending);
  try {
    return await pending;
  } catch (err) {
    entry.instances.delete(key); // a later call may retry (e.g. after the user builds the addon)
    if (entry.status.state !== 'unsupported') {
      entry.status = { name, priority: entry.provider.priority, state: 'failed', error: errorText(err) };
    }
    throw err;
  }
}

function errorText(err: unknown): string {
  if (err instanceof SparseCnnError) return err.bareMessage();
  return err instanceof Error ? err.message : String(err);
}

function noneLoaded(failures: ReadonlyArray<readonly [string, string]>): SparseCnnError {
  const lines = failures.map(([n, why]) => `  - ${n}: ${why}`);
  return new SparseCnnError(
    'E_BACKEND',
    `no kernel backend could be loaded:\n${lines.join('\n') || '  (no backend is registered)'}\n` +
      'Possible solutions:\n' +
      '  - import a platform entry (@sparsecnn/runtime registers native, wasm and js) or call registerBackend()\n' +
      '  - for native: build the addon (pnpm --filter @sparsecnn/kernels-native build) on a machine with g++\n' +
      '  - for wasm: pass wasmPath or wasmBinary if the .wasm file was moved by a bundler',
  );
}

/**
 * Load the first backend that works: the hints in order, or by priority. A backend that is unsupported or fails to
 * load is skipped (its reason is kept in `backendStatus()`); when none loads, one error lists every backend with its
 * reason. Instances are cached per backend and options.
 */
export async function resolveBackend(hints?: readonly BackendName[], options?: BackendOptions): Promise<KernelBackend> {
  const failures: Array<readonly [string, string]> = [];
  for (const entry of candidates(hints)) {
    try {
      return await load(entry, options);
    } catch (err) {
      failures.push([entry.provider.name, errorText(err)]);
    }
  }
  throw noneLoaded(failures);
}

/**
 * Load every backend that works, in preference order: the chain used for per-op fallback. Throws like
 * resolveBackend when none loads.
 */
export async function resolveBackendChain(hints?: readonly BackendName[], options?: BackendOptions): Promise<KernelBackend[]> {
  const failures: Array<readonly [string, string]> = [];
  const loaded: KernelBackend[] = [];
  for (const entry of candidates(hints)) {
    try {
      loaded.push(await load(entry, options));
    } catch (err) {
      failures.push([entry.provider.name, errorText(err)]);
    }
  }
  if (loaded.length === 0) throw noneLoaded(failures);
  return loaded;
}

/** The first backend in the chain that implements `op`, with the kernel bound to it. */
export function kernelFor<K extends KernelName>(
  chain: readonly KernelBackend[],
  op: K,
): { backend: KernelBackend; kernel: KernelTable[K] } {
  for (const backend of chain) {
    const k = backend.kernels[op];
    if (typeof k === 'function') return { backend, kernel: k.bind(backend.kernels) as KernelTable[K] };
  }
  throw new SparseCnnError(
    'E_UNSUPPORTED',
    `no loaded backend implements '${op}' (tried ${chain.map((b) => b.name).join(', ') || 'none'})`,
    { op },
  );
}
