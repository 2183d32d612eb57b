import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trainer } from '@sparsecnn/pruning/node';
import { HAVE_LENET, LENET_DIR, MUST_HAVE_DATA } from './helpers.js';

const solver = join(LENET_DIR, 'lenet_solver.prototxt');

describe('LeNet on MNIST (CI smoke test: one epoch over a 10,000-image subset)', () => {
  const test = HAVE_LENET ? it : MUST_HAVE_DATA ? it : it.skip;
  test('trains from scratch with the shared solver to > 85% test accuracy (Caffe’s LeNet log: loss ~0.2 at iteration 100) on native (JS fallback per op)', async () => {
    if (!existsSync(solver)) throw new Error(`missing ${solver} (../shared/data)`);
    const t = await Trainer.create({
      solver, backend: 'auto', threads: 2, trainSubset: 10000, testSubset: 2000,
      overrides: { maxIter: 157, testIter: 20, testInterval: 0, display: 0, snapshot: 0, snapshotAfterTrain: false },
    });
    try {
      if (MUST_HAVE_DATA) expect(t.kernels.backends[0]!.name).toBe('native');
      await t.solver.solve();
      expect(t.solver.iter).toBe(157);
      const r = t.solver.runTest();
      expect(r.accuracy).toBeGreaterThan(0.85);
      expect(r.loss).toBeLessThan(0.45);
    } finally {
      t.dispose();
    }
  }, 300_000);
});
