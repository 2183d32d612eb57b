export * from './calibrate.js';
export * from './evaluate.js';
export * from './layer.js';
export * from './linear.js';
export * from './model.js';
export * from './profile.js';
export * from './timing.js';
