export * from './data.js';
export * from './fillers.js';
export * from './guided.js';
export * from './kernels.js';
export * from './net.js';
export * from './prune.js';
export * from './solver.js';
export * from './solver-config.js';
