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
  /** Each convolution runs sparse exactly when its (random) density is at or below `t`. */
  const expectThreshold = (layers: readonly { type: string; name: string; kernel: string; weightDensity: number | null }[], t: number, seed: number) => {
    const convs = layers.filter((l) => l.type === 'Convolution');
    expect(convs.length).toBeGreaterThan(0);
    for (const l of convs) expect(l.kernel, `seed ${seed} ${l.name} density ${l.weightDensity}`).toBe(l.weightDensity! <= t ? 'sparse' : 'dense');
  };

  it("convolutions use 0.35 by default and 0.5 when the target backend is 'wasm'; an explicit threshold wins", () => {
    const seed = Rng.freshSeed();
    const net = alexNet(new Rng(seed), 1, 0.42);
    expectThreshold(planNetwork(net, 1, {}).layers, 0.35, seed);
    expectThreshold(planNetwork(net, 1, { targetBackend: 'wasm' }).layers, 0.5, seed);
    expectThreshold(planNetwork(net, 1, { targetBackend: 'wasm', sparseThreshold: 0.3 }).layers, 0.3, seed);
  });

  it('createSession plans for the backend that loaded first, named or not', async () => {
    const seed = Rng.freshSeed();
    const net = alexNet(new Rng(seed), 1, 0.42);
    const plan = async (o: Parameters<typeof createSession>[1]) => {
      const s = await createSession(net, o);
      const p = s.plan;
      s.dispose();
      return p;
    };
    expectThreshold(await plan({ backends: ['js', 'wasm'] }), 0.35, seed);
    const wasmFirst = await plan({ backends: ['wasm', 'js'] });
    expect(wasmFirst.find((l) => l.type === 'Convolution')!.backend).toBe('wasm');
    expectThreshold(wasmFirst, 0.5, seed);
    expectThreshold(await plan({ backends: ['js'], targetBackend: 'wasm' }), 0.5, seed);
    expect(() => planNetwork(net, 1, { targetBackend: 3 as unknown as string })).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
  });
});
