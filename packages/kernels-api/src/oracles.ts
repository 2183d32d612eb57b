/**
 * The conformance suite's float64 oracles without the suite itself (no vitest import): for benchmarks that verify
 * their outputs and for other packages' tests.
 */
export * from './conformance/oracles.js';
