import { describe, expect, it } from 'vitest';
import { paperProfile, type MachineProfile } from '@sparsecnn/perf-model';
import { Rng, randomUniform } from '@sparsecnn/tensor';
import { createSession, planNetwork } from '@sparsecnn/runtime';
import { alexNet } from './nets.js';

/** A profile in the paper's form (dense C/F, sparse alpha*x*C/F, bandwidth B) with a chosen alpha. */
const profileWithAlpha = (alpha: number): MachineProfile => paperProfile(1e10, alpha, 1e12, { backend: 'js', isa: 'js' });

describe('kernel choice from the perf-model', () => {
  it('follows the prediction: sparse wins below 1/alpha, and the plan carries the predicted times', () => {
    const seed = Rng.freshSeed();
    const net = alexNet(new Rng(seed), 2, 0.3); // every weighted layer at ~30% density
    const cheap = planNetwork(net, 2, { perfProfile: profileWithAlpha(2) }); // sparse if x < 0.5
    const costly = planNetwork(net, 2, { perfProfile: profileWithAlpha(5) }); // sparse if x < 0.2
    for (const l of cheap.layers.filter((x) => x.type === 'Convolution' || x.type === 'InnerProduct')) {
      expect(l.kernel, `seed ${seed} ${l.name}`).toBe('sparse');
      expect(l.predictedMs!.sparse).toBeLessThan(l.predictedMs!.dense);
      expect(l.reason).toMatch(/predicted sparse/);
    }
    for (const l of costly.layers.filter((x) => x.type === 'Convolution' || x.type === 'InnerProduct')) {
      expect(l.kernel, `seed ${seed} ${l.name}`).toBe('dense');
    }
  });

  it('per-layer overrides and sparseThreshold win over the prediction', () => {
    const net = alexNet(new Rng(Rng.freshSeed()), 1, 0.3);
    const p = planNetwork(net, 1, { perfProfile: profileWithAlpha(5), sparse: { conv1: 'sparse' } });
    expect(p.layers.find((l) => l.name === 'conv1')!.kernel).toBe('sparse');
    expect(p.layers.find((l) => l.name === 'conv2')!.kernel).toBe('dense');
    const t = planNetwork(net, 1, { perfProfile: profileWithAlpha(5), sparseThreshold: 0.5 });
    expect(t.layers.find((l) => l.name === 'conv2')!.kernel).toBe('sparse');
    expect(t.layers.find((l) => l.name === 'conv2')!.predictedMs).toBeNull();
  });

  it('profile() shows the predicted time next to the measured one', async () => {
    const net = alexNet(new Rng(Rng.freshSeed()), 1, 0.3);
    const s = await createSession(net, { backends: ['js'], perfProfile: profileWithAlpha(2) });
    await s.run({ data: randomUniform([1, 3, 17, 17], new Rng()) });
    const rows = s.profile();
    const conv2 = rows.find((r) => r.name === 'conv2')!;
    expect(conv2.kernel).toBe('sparse');
    expect(conv2.predictedMs).toBeGreaterThan(0);
    expect(conv2.medianMs).toBeGreaterThanOrEqual(0);
    expect(rows.find((r) => r.name === 'pool1')!.predictedMs).toBeNull();
    s.dispose();
  });

  it('rejects a malformed profile with a typed error', () => {
    const net = alexNet(new Rng(1), 1, 0.3);
    expect(() => planNetwork(net, 1, { perfProfile: { version: 0 } as unknown as MachineProfile })).toThrow(
      expect.objectContaining({ code: 'E_VERSION' }),
    );
  });
});

describe('density threshold per backend', () => {
  it("convolutions at 0.4 density run dense by default and sparse when options.backends starts with 'wasm'", () => {
    const seed = Rng.freshSeed();
    const net = alexNet(new Rng(seed), 1, 0.4);
    const convs = (o: Parameters<typeof planNetwork>[2]) => planNetwork(net, 1, o).layers.filter((l) => l.type === 'Convolution');
    for (const l of convs({})) expect(l.kernel, `seed ${seed} ${l.name}: ${l.reason}`).toBe('dense');
    for (const l of convs({ backends: ['wasm'] } as never)) expect(l.kernel, `seed ${seed} ${l.name}: ${l.reason}`).toBe('sparse');
    // An explicit threshold still wins.
    for (const l of convs({ backends: ['wasm'], sparseThreshold: 0.3 } as never)) expect(l.kernel).toBe('dense');
  });
});
