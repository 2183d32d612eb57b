export * from './crc32.js';
export * from './csb.js';
export * from './csr.js';
export * from './direct-conv.js';
export * from './sparse-binary.js';
export * from './types.js';
