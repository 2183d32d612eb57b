// Types of the module scripts/build-wasm.mjs generates (committed so that typechecking needs no build).
/** The kernels module, base64. */
export declare const wasmBase64: string;
/** First 16 hex digits of its SHA-256. */
export declare const wasmSha256: string;
/** The shared-memory build (wasm threads), base64. */
export declare const wasmThreadsBase64: string;
/** First 16 hex digits of its SHA-256. */
export declare const wasmThreadsSha256: string;
