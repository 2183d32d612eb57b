export * from './allclose.js';
export * from './dtype.js';
export * from './errors.js';
export * from './geometry.js';
export * from './net.js';
export * from './random.js';
export * from './shape.js';
export * from './tensor.js';
