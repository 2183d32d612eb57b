import { registerBackend, registeredBackends, type BackendProvider } from '@sparsecnn/kernels-api';

/**
 * Register the providers a platform entry ships, unless a provider of that name is already registered (a user's
 * own registration wins).
 */
export function registerProviders(providers: readonly BackendProvider[]): void {
  const have = new Set(registeredBackends().map((p) => p.name));
  for (const p of providers) {
    if (have.has(p.name)) continue;
    registerBackend(p);
    have.add(p.name);
  }
}
