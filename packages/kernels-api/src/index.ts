export * from './backend.js';
export * from './ops.js';
export * from './registry.js';
export * from './validate.js';
