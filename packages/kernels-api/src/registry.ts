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

/** A backend that is tried: a registered entry, or a requested name that is not registered. */
type Candidate = { readonly name: BackendName; readonly entry: Entry | null };

/**
 * The order in which backends are tried: the hints in the given order, or else every registered backend with a
 * priority >= 0, highest first. A hint that is not registered is kept (it fails with its reason), so that one list
 * such as ['native', 'wasm', 'js'] works in Node and in browsers (where native is not registered).
 */
function candidates(hints: readonly BackendName[] | undefined): Candidate[] {
  const entries = registry().entries;
  if (hints && hints.length > 0) return hints.map((h) => ({ name: h, entry: entries.get(h) ?? null }));
  return [...entries.values()]
    .filter((e) => e.provider.priority >= 0)
    .sort((a, b) => b.provider.priority - a.provider.priority)
    .map((e) => ({ name: e.provider.name, entry: e }));
}

async function loadCandidate(c: Candidate, options: BackendOptions | undefined): Promise<KernelBackend> {
  if (!c.entry) {
    const known = [...registry().entries.keys()].join(', ') || 'none';
    throw new SparseCnnError('E_BACKEND', `backend '${c.name}' is not registered (registered: ${known})`, { backend: c.name });
  }
  return load(c.entry, options);
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

function noneLoaded(failures: readonly BackendAttempt[], requested: readonly BackendName[] | null): SparseCnnError {
  const lines = failures.map((f) => `  - ${f.name}: ${f.reason ?? f.state}`);
  const what = requested
    ? `none of the requested backends (${requested.join(', ')}) could be loaded`
    : 'no kernel backend could be loaded';
  return new SparseCnnError(
    'E_BACKEND',
    `${what}:\n${lines.join('\n') || '  (no backend is registered)'}\n` +
      'Possible solutions:\n' +
      "  - import a platform entry ('@sparsecnn/runtime' registers native, wasm and js; '@sparsecnn/runtime/browser' " +
      'wasm and js) or call registerBackend()\n' +
      '  - native: install @sparsecnn/kernels-native on a platform it ships an addon for (linux x64), or point ' +
      'SPARSECNN_NATIVE_PATH or { nativeBinding } at a built sparsecnn.node\n' +
      "  - wasm: pass { wasmPath } or { wasmBinary } when a bundler moved the .wasm file, or import '@sparsecnn/kernels-wasm/inline'\n" +
      "  - leave out { backends } (or add 'js' to it) to let the runtime fall back to the JavaScript kernels",
    requested ? { backend: requested.join(',') } : {},
  );
}

/** How one backend fared when a chain was resolved. */
export interface BackendAttempt {
  readonly name: BackendName;
  readonly state: 'ready' | 'failed' | 'unsupported' | 'not-registered';
  /** Why it is not used (states other than 'ready'). */
  readonly reason?: string;
}

/** A fall from a preferred backend to a lower one: what `process.emitWarning` / `console.warn` / `onWarning` receive. */
export interface BackendFallbackWarning {
  readonly code: 'SPARSECNN_BACKEND_FALLBACK';
  /** The backend that could not be used. */
  readonly from: BackendName;
  /** The backend used instead. */
  readonly to: BackendName;
  readonly reason: string;
  /** For people: from, to and the reason. */
  readonly message: string;
}

/** What a resolution did (sessions keep it as `session.backendReport`). */
export interface BackendReport {
  /** The backends asked for by name (options.backends), or null: every registered backend by priority. */
  readonly requested: readonly BackendName[] | null;
  /** Every backend tried, in order, with its outcome. */
  readonly attempts: readonly BackendAttempt[];
  /** The loaded backends, in preference order. */
  readonly loaded: readonly BackendName[];
  /** Falls from a preferred backend to the first one that loaded (each one is also a warning). */
  readonly fallbacks: readonly BackendFallbackWarning[];
}

export interface ResolveOptions {
  /** 'chain' (default): load every candidate (per-op fallback); 'first': stop at the first that loads. */
  readonly mode?: 'chain' | 'first';
  /**
   * Receives each fallback of this resolution, instead of the default: once per process per (from, to, reason),
   * `process.emitWarning` (type 'SparseCnnWarning', code 'SPARSECNN_BACKEND_FALLBACK') in Node, `console.warn`
   * elsewhere. Pass `() => {}` to silence it.
   */
  readonly onWarning?: (warning: BackendFallbackWarning) => void;
}

function warnedKeys(): Set<string> {
  const g = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  const key = Symbol.for('@sparsecnn/kernels-api/warned');
  let s = g[key];
  if (!s) {
    s = new Set();
    g[key] = s;
  }
  return s;
}

type WarningProcess = { emitWarning?: (message: string, options: { type: string; code: string }) => void };

/** The default warning sink: once per process (realm) per (from, to, reason). */
export function emitBackendWarning(w: BackendFallbackWarning): void {
  const key = `${w.from}\u0000${w.to}\u0000${w.reason}`;
  const seen = warnedKeys();
  if (seen.has(key)) return;
  seen.add(key);
  const proc = (globalThis as { process?: WarningProcess }).process;
  if (proc && typeof proc.emitWarning === 'function') {
    proc.emitWarning(w.message, { type: 'SparseCnnWarning', code: w.code });
  } else if (typeof console !== 'undefined') {
    console.warn(`SparseCnnWarning: ${w.message}`);
  }
}

function fallbackWarning(from: BackendName, to: BackendName, reason: string): BackendFallbackWarning {
  return {
    code: 'SPARSECNN_BACKEND_FALLBACK', from, to, reason,
    message: `the '${from}' backend is not used, falling back to '${to}' (slower): ${reason}`,
  };
}

function withoutThreads(options: BackendOptions | undefined): BackendOptions | undefined {
  if (!options || options.threads === undefined) return options;
  const { threads: _threads, ...rest } = options;
  return rest;
}

/**
 * Load backends and say what happened: the hints in order (or every registered backend by priority), all of them
 * ('chain') or up to the first that loads ('first'). A backend that is unsupported or fails to load is skipped with
 * its reason (also kept in `backendStatus()`); each one skipped before the first that loads is a fallback warning
 * (see ResolveOptions.onWarning). When none loads, one E_BACKEND error lists every backend with its reason.
 * Instances are cached per backend and options.
 */
export async function resolveBackendsWithReport(
  hints?: readonly BackendName[],
  options?: BackendOptions,
  resolve: ResolveOptions = {},
): Promise<{ chain: KernelBackend[]; report: BackendReport }> {
  const requested = hints && hints.length > 0 ? [...hints] : null;
  const attempts: BackendAttempt[] = [];
  const chain: KernelBackend[] = [];
  for (const c of candidates(hints)) {
    try {
      // Backends after the first one only run the ops it lacks (per-op fallback): they get no `threads`, so a
      // wasm fallback behind native does not start worker threads that would sit idle.
      chain.push(await loadCandidate(c, chain.length === 0 ? options : withoutThreads(options)));
      attempts.push({ name: c.name, state: 'ready' });
      if (resolve.mode === 'first') break;
    } catch (err) {
      const state = !c.entry ? 'not-registered' : c.entry.status.state === 'unsupported' ? 'unsupported' : 'failed';
      attempts.push({ name: c.name, state, reason: errorText(err) });
    }
  }
  if (chain.length === 0) throw noneLoaded(attempts, requested);
  const first = chain[0]!.name;
  const fallbacks: BackendFallbackWarning[] = [];
  for (const a of attempts) {
    if (a.state === 'ready') break;
    fallbacks.push(fallbackWarning(a.name, first, a.reason ?? a.state));
  }
  const sink = resolve.onWarning ?? emitBackendWarning;
  for (const w of fallbacks) sink(w);
  return { chain, report: { requested, attempts, loaded: chain.map((b) => b.name), fallbacks } };
}

/**
 * Load the first backend that works: the hints in order, or by priority. Skips, warns and throws like
 * resolveBackendsWithReport.
 */
export async function resolveBackend(
  hints?: readonly BackendName[], options?: BackendOptions, resolve: Omit<ResolveOptions, 'mode'> = {},
): Promise<KernelBackend> {
  return (await resolveBackendsWithReport(hints, options, { ...resolve, mode: 'first' })).chain[0]!;
}

/** Load every backend that works, in preference order: the chain used for per-op fallback. */
export async function resolveBackendChain(
  hints?: readonly BackendName[], options?: BackendOptions, resolve: Omit<ResolveOptions, 'mode'> = {},
): Promise<KernelBackend[]> {
  return (await resolveBackendsWithReport(hints, options, { ...resolve, mode: 'chain' })).chain;
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
