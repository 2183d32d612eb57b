import type { BackendOptions, BackendProvider } from '@sparsecnn/kernels-api';
import { wasmBase64, wasmThreadsBase64 } from '../generated/wasm-base64.js';
import type { WasmKernelBackend } from './backend.js';
import { createWasmBackend, type WasmCreateOptions } from './provider.js';
import { wasmUnsupportedReason } from './simd.js';

let bytes: Uint8Array | undefined;
let threadBytes: Uint8Array | undefined;

function decodeBase64(s: string): Uint8Array {
  if (typeof atob === 'function') {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** The kernels module embedded in this entry (decoded once). */
export function inlineWasmBinary(): Uint8Array {
  bytes ??= decodeBase64(wasmBase64);
  return bytes;
}

/** The shared-memory build embedded in this entry (wasm threads; decoded once). */
export function inlineWasmThreadsBinary(): Uint8Array {
  threadBytes ??= decodeBase64(wasmThreadsBase64);
  return threadBytes;
}

/** Create a wasm backend from the embedded modules: no file, URL or bundler configuration needed. */
export function createInlineWasmBackend(options: WasmCreateOptions = {}): Promise<WasmKernelBackend> {
  const threads = (options.threads ?? 1) > 1 && options.wasmThreadsBinary === undefined && options.wasmBinary === undefined;
  return createWasmBackend({
    ...options,
    wasmBinary: options.wasmBinary ?? inlineWasmBinary(),
    ...(threads ? { wasmThreadsBinary: inlineWasmThreadsBinary() } : {}),
  });
}

/** The wasm provider with the module embedded (same name and priority as the file-loading one). */
export const wasmProvider: BackendProvider = {
  name: 'wasm',
  priority: 20,
  isSupported() {
    return wasmUnsupportedReason() ?? true;
  },
  create(options?: BackendOptions) {
    return createInlineWasmBackend(options);
  },
};
