import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperProfile, profileFileName, type MachineProfile } from '@sparsecnn/perf-model';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

const LENET = ['models/lenet_mnist/lenet.prototxt', 'models/lenet_mnist/lenet_iter_10000.caffemodel'];
const CAFFENET = ['models/bvlc_reference_caffenet/deploy.prototxt', 'models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx/coo_conv3.weight.mtx'];

/** A js-backend profile (alpha 1.5) written into a temporary cache, so the tests do not spend time calibrating. */
const jsProfile = (): MachineProfile => paperProfile(2e9, 1.5, 5e9, { backend: 'js', isa: 'js' });

describe('perf and bench commands', () => {
  const tmp = tempDir();
  const saved = process.env['SPARSECNN_CACHE_DIR'];
  beforeAll(() => {
    process.env['SPARSECNN_CACHE_DIR'] = tmp.dir;
    writeFileSync(join(tmp.dir, profileFileName('js', 'js', 1)), JSON.stringify(jsProfile()));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['SPARSECNN_CACHE_DIR'];
    else process.env['SPARSECNN_CACHE_DIR'] = saved;
    tmp.cleanup();
  });

  dataTest('perf predicts every weighted LeNet layer with bounds and a choice', LENET, async () => {
    const r = await run('perf', dataPath(LENET[0]!), dataPath(LENET[1]!), '--backend', 'js', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { layers: Array<{ layer: string; density: number; prediction: { denseMs: number; sparseMs: number; choice: string }; range: { maxUsefulDensity: number; minUsefulDensity: number } }>; network: { speedup: number } };
    expect(out.layers.map((l) => l.layer)).toEqual(['conv1', 'conv2', 'ip1', 'ip2']);
    for (const l of out.layers) {
      expect(l.density).toBe(1); // LeNet is dense
      expect(l.prediction.denseMs).toBeGreaterThan(0);
      expect(l.prediction.choice).toBe('dense'); // alpha 1.5 > 1: sparse never wins at density 1
      expect(l.range.minUsefulDensity).toBeLessThanOrEqual(l.range.maxUsefulDensity);
    }
    expect(out.network.speedup).toBeCloseTo(1, 5);
  });

  dataTest('perf reads SkimCaffe MatrixMarket weights and prints a table', CAFFENET, async () => {
    const dir = dataPath('models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');
    const r = await run('perf', dataPath(CAFFENET[0]!), '--mtx-dir', dir, '--backend', 'js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/conv3 +299\.0 +4\.9%/);
    expect(r.stdout).toMatch(/predicted network/);
  });

  dataTest('bench measures a layer next to the prediction', LENET, async () => {
    const r = await run('bench', dataPath(LENET[0]!), dataPath(LENET[1]!), '--backend', 'js', '--layers', 'conv2', '--sweep', '0.1', '--budget-ms', '5', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { choiceAccuracy: number; cases: Array<{ layer: string; denseMs: number; sparseMs: number; predictedSparseMs: number; density: number }> };
    expect(out.cases).toHaveLength(2);
    expect(out.cases[1]!.density).toBeGreaterThan(0.05);
    for (const c of out.cases) {
      expect(c.layer).toBe('conv2');
      expect(c.denseMs).toBeGreaterThan(0);
      expect(c.sparseMs).toBeGreaterThan(0);
      expect(c.predictedSparseMs).toBeGreaterThan(0);
    }
    expect(out.choiceAccuracy).toBeGreaterThanOrEqual(0);
  });

  it('usage errors exit 2', async () => {
    expect((await run('perf')).code).toBe(2);
    expect((await run('bench', 'x.prototxt', '--sweep', '2')).code).toBe(2);
  });
});
