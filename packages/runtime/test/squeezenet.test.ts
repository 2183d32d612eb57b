/**
 * A real pruned model: Deep Compression SqueezeNet (.net + deploy prototxt, read by caffe-io; 1000 logits, no
 * softmax). Checks that the plan picks sparse for the ~1/3-dense expand-3x3 layers, that the arena is far smaller
 * than one buffer per blob, and that dense and sparse plans on every backend agree with the js dense result.
 * Accuracy on real images is the CLI's end-to-end test.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCaffeModel } from '@sparsecnn/caffe-io';
import { Rng, compareClose, randomUniform } from '@sparsecnn/tensor';
import { expect, it } from 'vitest';
import { createSession, planNetwork } from '../src/index.js';
import { available } from './backends.js';

const DIR = resolve(import.meta.dirname, '../../../../shared/data/models/squeezenet_deep_compression');
const PROTOTXT = join(DIR, 'SqueezeNet_deploy.prototxt');
const WEIGHTS = join(DIR, 'compressed_SqueezeNet.net');
const present = existsSync(PROTOTXT) && existsSync(WEIGHTS);
const CI = process.env.CI === 'true';

/** Logits of magnitude ~10-50 after 26 layers in float32 with different summation orders. */
const TOL = { atol: 2e-3, rtol: 1e-3 };

it.skipIf(!present && !CI)('SqueezeNet (Deep Compression): sparse and dense plans agree on every backend', async () => {
  expect(present, `missing ${PROTOTXT} or ${WEIGHTS}`).toBe(true);
  const net = await loadCaffeModel({ prototxt: PROTOTXT, weights: WEIGHTS });
  const plan = planNetwork(net);
  const byName = new Map(plan.layers.map((l) => [l.name, l]));
  expect(byName.get('fire2/conv3x3_2')!.kernel).toBe('sparse');
  expect(byName.get('conv_final')!.kernel).toBe('sparse');
  expect(byName.get('conv1')!.kernel).toBe('dense');
  expect(byName.get('fire2/conv3x3_2')!.fusedWith).not.toBeNull();
  expect(plan.outputs).toEqual([{ name: 'pool_final', shape: [1, 1000, 1, 1] }]);
  expect(plan.memory.arenaBytes).toBeLessThan(plan.memory.unsharedBytes / 2);
  expect(plan.totals.weightBytesPrepared).toBeLessThan(plan.totals.weightBytesDense);

  const seed = Rng.freshSeed();
  const x = randomUniform([1, 3, 227, 227], new Rng(seed), -120, 120);
  const js = await createSession(net, { backends: ['js'], sparse: 'never' });
  const ref = js.runSync({ data: x }).pool_final!.data;
  js.dispose();
  for (const backend of available) {
    for (const sparse of ['never', 'auto'] as const) {
      if (backend === 'js' && sparse === 'never') continue;
      const s = await createSession(net, { backends: [backend], sparse });
      const y = s.runSync({ data: x }).pool_final!.data;
      s.dispose();
      const r = compareClose(y, ref, TOL);
      console.log(`[squeezenet] ${backend} ${sparse}: ${r.message}`);
      expect(r.ok, `${backend} sparse '${sparse}': ${r.message} (seed ${seed})`).toBe(true);
    }
  }
}, 300_000);
