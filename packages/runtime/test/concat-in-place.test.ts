/**
 * Batch-1 concats along channels are views: the producers write straight into their slice of the concat output
 * (no copy). Checked against the float64 reference on every backend, with inputs that are also read after the
 * concat, a ReLU after it, a second batch size (where the concat copies) and the arena poisoned before each run.
 */
import { Rng, compareClose, randomUniform, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { expect, it } from 'vitest';
import { createSession, planNetwork, type BackendName } from '../src/index.js';
import { poisonSessionForTests } from '../src/session.js';
import { available } from './backends.js';
import { conv, layer, pool, relu } from './nets.js';
import { referenceForward } from './reference.js';

const TOL = { atol: 2e-4, rtol: 2e-3 };

function fireNet(rng: Rng): NetDescription {
  return {
    name: 'fire',
    inputs: [{ name: 'data', shape: [1, 3, 9, 9] }],
    layers: [
      layer('Input', 'data', [], ['data'], { shape: [1, 3, 9, 9] }),
      conv(rng, 'sq', 'data', 'sq', 3, { numOutput: 4, kernel: [1, 1] }),
      relu('sq_relu', 'sq'),
      conv(rng, 'e1', 'sq', 'e1', 4, { numOutput: 5, kernel: [1, 1] }),
      relu('e1_relu', 'e1'),
      conv(rng, 'e3', 'sq', 'e3', 4, { numOutput: 6, kernel: [3, 3], pad: [1, 1] }, 0.3),
      relu('e3_relu', 'e3'),
      layer('Concat', 'cat', ['e1', 'e3'], ['cat'], { axis: 1 }),
      relu('cat_relu', 'cat'),
      // e3 is read again after the concat: its slice must survive until here
      pool('p3', 'e3', 'p3', { kernel: [3, 3], stride: [2, 2] }),
      pool('pc', 'cat', 'pc', { kernel: [3, 3], stride: [2, 2] }),
      layer('Concat', 'out', ['pc', 'p3'], ['out'], { axis: 1 }),
    ],
  };
}

it('batch-1 concats write in place and match the reference on every backend (and at batch 3)', async () => {
  const seed = Rng.freshSeed();
  const rng = new Rng(seed);
  const net = fireNet(rng);
  const plan = planNetwork(net);
  expect(plan.layers.find((l) => l.name === 'cat')!.kernel, `seed ${seed}`).toBe('none');
  expect(planNetwork(net, 3).layers.find((l) => l.name === 'cat')!.kernel).toBe('op');
  for (const backend of available as BackendName[]) {
    const session = await createSession(net, { backends: [backend], fallback: 'none' });
    for (const batch of [1, 3, 1]) {
      const feeds: Record<string, Tensor> = { data: randomUniform([batch, 3, 9, 9], rng, -1, 1) };
      poisonSessionForTests(session);
      const out = session.runSync(feeds);
      const ref = referenceForward(net, feeds);
      const want = ref.get('out')!;
      expect(out['out']!.shape).toEqual(want.shape);
      const r = compareClose(out['out']!.data, want.data, TOL);
      expect(r.ok, `${backend} batch ${batch}: ${r.message} (seed ${seed})`).toBe(true);
    }
    session.dispose();
  }
});
