/**
 * The browser build of @sparsecnn/kernels-native (the "browser" export condition): the same names as the Node entry,
 * without the addon or any Node module, so that a bundle that reaches this package pulls in nothing Node-only.
 * `nativeProvider.isSupported()` says why it does not run here; the other functions throw E_UNSUPPORTED.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import type { BackendOptions, BackendProvider, Isa, KernelBackend } from '@sparsecnn/kernels-api';
import type { BindingLocation, NativeAddon } from './binding.js';

export { createNativeBackend, toSparseCnnError, type NativeBackendOptions } from './backend.js';
export type { BindingLocation, NativeAddon, NativeContext, NativeHandle } from './binding.js';

const REASON = 'the native backend runs only in Node (this is the browser build of @sparsecnn/kernels-native): use wasm or js';

function unsupported(): never {
  throw new SparseCnnError('E_UNSUPPORTED', REASON, { backend: 'native' });
}

export const PREBUILD_STEM = '@sparsecnn+kernels-native';
export const ADDON_NAPI_VERSION = 8;

/** The native backend provider as browsers see it: never supported, with the reason. */
export const nativeProvider: BackendProvider = {
  name: 'native',
  priority: 30,
  isSupported: () => REASON,
  create: async (_options?: BackendOptions): Promise<KernelBackend> => unsupported(),
};

export const resolveThreads = (_options?: BackendOptions): number => unsupported();
export const resolveIsa = (_options?: BackendOptions): Isa | 'auto' => unsupported();
export const loadBinding = (_nativeBinding?: string | object): NativeAddon => unsupported();
export const defaultBindingPath = (): string => unsupported();
export const packageRoot = (): string => unsupported();
export const bindingExists = (_path?: string): boolean => false;
export const nativeDisabled = (): boolean => true;
export const nativeUnsupportedReason = (): string | null => REASON;
export const detectLibc = (): 'glibc' | 'musl' | null => null;
export const platformTag = (): string => 'browser';
export const runtimeDescription = (): string => 'a browser';
export const locateBinding = (_root?: string): BindingLocation | { reason: string } => ({ reason: REASON });
export const findPrebuild = (_root?: string): { path: string } | { reason: string } => ({ reason: REASON });
