export * from './cases.js';
export * from './describe.js';
export * from './oracles.js';
