export { nativeProvider, resolveIsa, resolveThreads } from './provider.js';
export { createNativeBackend, toSparseCnnError, type NativeBackendOptions } from './backend.js';
export {
  ADDON_NAPI_VERSION, PREBUILD_STEM, bindingExists, defaultBindingPath, detectLibc, findPrebuild, loadBinding, locateBinding,
  nativeDisabled, nativeUnsupportedReason, packageRoot, platformTag, runtimeDescription,
  type BindingLocation, type NativeAddon, type NativeContext, type NativeHandle,
} from './binding.js';
