// The default entry is the Node one (registers native > wasm > js); bundlers pick ./browser via the "browser" condition.
export * from './node.js';
