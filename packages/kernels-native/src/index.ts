export { nativeProvider, resolveIsa, resolveThreads } from './provider.js';
export { createNativeBackend, toSparseCnnError, type NativeBackendOptions } from './backend.js';
export { bindingExists, defaultBindingPath, loadBinding, type NativeAddon, type NativeContext, type NativeHandle } from './binding.js';
