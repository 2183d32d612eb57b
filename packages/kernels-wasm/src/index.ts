export * from './backend.js';
export * from './conv.js';
export * from './heap.js';
export * from './loader.js';
export * from './provider.js';
export * from './simd.js';
export * from './version.js';
export * from './threads.js';
