export * from './csr.js';
export * from './direct-conv.js';
export * from './types.js';
