import { registerBackend, registeredBackends, type BackendProvider } from '@sparsecnn/kernels-api';

/**
 * Register the providers a platform entry ships, unless a provider of that name is already registered (a user's
 * own registration wins). A package that does not export its provider (yet) is skipped.
 */
export function registerProviders(candidates: ReadonlyArray<unknown>): void {
  const have = new Set(registeredBackends().map((p) => p.name));
  for (const c of candidates) {
    const p = c as Partial<BackendProvider> | undefined;
    if (!p || typeof p !== 'object' || typeof p.name !== 'string' || typeof p.create !== 'function') continue;
    if (have.has(p.name)) continue;
    registerBackend(p as BackendProvider);
    have.add(p.name);
  }
}
