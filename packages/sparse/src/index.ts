export * from './crc32.js';
export * from './csb.js';
export * from './csr.js';
export * from './direct-conv.js';
export * from './matrix-market.js';
export * from './sparse-binary.js';
export * from './stats.js';
export * from './types.js';
