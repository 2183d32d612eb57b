import type { BackendOptions, BackendProvider } from '@sparsecnn/kernels-api';
import { wasmBase64 } from '../generated/wasm-base64.js';
import type { WasmKernelBackend } from './backend.js';
import { createWasmBackend, type WasmCreateOptions } from './provider.js';
import { wasmUnsupportedReason } from './simd.js';

let bytes: Uint8Array | undefined;

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

/** Create a wasm backend from the embedded module: no file, URL or bundler configuration needed. */
export function createInlineWasmBackend(options: WasmCreateOptions = {}): Promise<WasmKernelBackend> {
  return createWasmBackend({ ...options, wasmBinary: options.wasmBinary ?? inlineWasmBinary() });
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
