import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperProfile, predictLayer, usefulRange } from '@sparsecnn/perf-model';
import {
  AgpHook, DnsHook, IterativeHook, KernelChain, L1ThresholdHook, ParamStore, Solver, TrainNet, agpDensity, budgetPlan,
  densityOf, freezeMasks, guidedPlan, layerShapes, magnitudeMask, pruneGlobal, pruneLayerwise, restoreStuckLayers,
  runPruning, sensitivitySweep, weightParam,
} from '@sparsecnn/pruning';
import { Rng } from '@sparsecnn/tensor';
import { chains, sgdConfig, syntheticSet, tinyNet } from './helpers.js';

const SIZE = 12;
const CLASSES = 5;
let chain: KernelChain;
let all: Array<{ name: string; chain: KernelChain }> = [];
beforeAll(async () => {
  all = await chains();
  chain = all.at(-1)!.chain; // native when it loads
});
afterAll(() => {
  for (const c of all) for (const b of c.chain.backends) b.dispose();
});

function setup(seed: number, overrides = {}) {
  const store = new ParamStore();
  const net = TrainNet.build(tinyNet({ c1: 6, c2: 12, ip: 40 }), chain, { phase: 'TRAIN', dataShape: [1, SIZE, SIZE], store, seed });
  const test = TrainNet.build(tinyNet({ c1: 6, c2: 12, ip: 40 }), chain, { phase: 'TEST', dataShape: [1, SIZE, SIZE], store, seed });
  const solver = new Solver({
    config: sgdConfig({ baseLr: 0.02, testIter: 10, ...overrides }), train: net, test, store,
    trainData: syntheticSet(300, SIZE, CLASSES, seed), testData: syntheticSet(50, SIZE, CLASSES, seed + 1), seed,
  });
  return { store, solver, dispose: () => (net.dispose(), test.dispose()) };
}

function zerosStayZero(store: ParamStore, layers: readonly string[], before: Map<string, Float32Array>): void {
  for (const l of layers) {
    const p = weightParam(store, l);
    const b = before.get(l)!;
    for (let i = 0; i < b.length; i++) if (b[i] === 0 && p.data[i] !== 0) throw new Error(`${l}[${i}] grew back under a frozen mask`);
  }
}

describe('masks', () => {
  it('magnitudeMask keeps exactly round(d n) largest magnitudes, ties broken by position', () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const v = Float32Array.from({ length: 1000 }, () => rng.normal() * (rng.next() < 0.1 ? 0 : 1));
    for (const d of [0, 0.013, 0.25, 0.5, 0.999, 1]) {
      const m = magnitudeMask(v, d);
      const kept = m.reduce((a, b) => a + b, 0);
      expect(kept, `seed ${seed} d ${d}`).toBe(Math.round(d * v.length));
      let minKept = Infinity;
      let maxDropped = -Infinity;
      for (let i = 0; i < v.length; i++) {
        if (m[i]) minKept = Math.min(minKept, Math.abs(v[i]!));
        else maxDropped = Math.max(maxDropped, Math.abs(v[i]!));
      }
      if (kept > 0 && kept < v.length) expect(minKept).toBeGreaterThanOrEqual(maxDropped);
    }
    const ties = Float32Array.of(1, -1, 1, 0.5, -1);
    expect([...magnitudeMask(ties, 0.4)]).toEqual([1, 1, 0, 0, 0]);
  });

  it('layer-wise and global one-shot pruning, with the minimum-density guard', () => {
    const { store, dispose } = setup(3);
    const got = pruneLayerwise(store, { conv2: 0.25, ip1: 0.1 }, { minDensity: { ip1: 0.2 } });
    expect(got['conv2']).toBeCloseTo(0.25, 2);
    expect(got['ip1']).toBeCloseTo(0.2, 2);
    const { store: s2, dispose: d2 } = setup(4);
    const layers = ['conv1', 'conv2', 'ip1', 'ip2'];
    const sizes = layers.map((l) => weightParam(s2, l).data.length);
    const g = pruneGlobal(s2, layers, 0.1, { minDensity: 0.3 });
    // every layer has at least its floor; the total is at least the global density
    for (const l of layers) expect(g[l]!).toBeGreaterThanOrEqual(0.3 - 1e-9);
    const total = layers.reduce((s, l, i) => s + g[l]! * sizes[i]!, 0) / sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(0.1 - 1e-3);
    dispose();
    d2();
  });

  it('a frozen mask keeps pruned weights, gradients and momentum at zero through training', () => {
    const { store, solver, dispose } = setup(5);
    pruneLayerwise(store, { conv2: 0.3, ip1: 0.2 });
    const before = new Map(['conv2', 'ip1'].map((l) => [l, weightParam(store, l).data.slice()]));
    for (let i = 0; i < 15; i++) solver.stepOnce();
    zerosStayZero(store, ['conv2', 'ip1'], before);
    for (const l of ['conv2', 'ip1']) {
      const p = weightParam(store, l);
      for (let i = 0; i < p.data.length; i++) if (!p.mask![i]) expect(p.history[i]).toBe(0);
    }
    dispose();
  });
  it('masked layers’ gradients from the sparse backward ops equal the dense gradients at the kept weights', () => {
    const { store, solver, dispose } = setup(15);
    pruneLayerwise(store, { conv2: 0.1, ip1: 0.1 });
    const net = solver.train;
    const grads = (sparseDensity: number) => {
      net.sparseBackwardDensity = sparseDensity;
      solver.trainFeeder.cursor = 0;
      for (const p of store.list()) p.diff.fill(0);
      net.feed((_d, data, labels) => solver.trainFeeder.next(data, labels!));
      net.forward();
      net.backward();
      return new Map(['conv2', 'ip1'].map((l) => [l, weightParam(store, l).diff.slice()]));
    };
    const sparse = grads(1);
    const dense = grads(0);
    for (const l of ['conv2', 'ip1']) {
      const p = weightParam(store, l);
      const a = sparse.get(l)!;
      const b = dense.get(l)!;
      for (let i = 0; i < a.length; i++) {
        if (!p.mask![i]) continue;
        expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(b[i]!));
      }
    }
    dispose();
  });
});


describe('schedules', () => {
  it('AGP follows the cubic schedule and reaches its targets', async () => {
    expect(agpDensity(1, 0.1, 0, 0, 100)).toBe(1);
    expect(agpDensity(1, 0.1, 50, 0, 100)).toBeCloseTo(0.1 + 0.9 * 0.125, 12);
    expect(agpDensity(1, 0.1, 100, 0, 100)).toBe(0.1);
    const { store, solver, dispose } = setup(6);
    solver.hooks = [new AgpHook({ targets: { conv2: 0.2, ip1: 0.05 }, start: 0, end: 20, every: 5 })];
    for (let i = 0; i <= 10; i++) solver.stepOnce();
    const mid = densityOf(weightParam(store, 'ip1'));
    expect(mid).toBeCloseTo(agpDensity(1, 0.05, 10, 0, 20), 2);
    for (let i = 0; i <= 12; i++) solver.stepOnce();
    expect(densityOf(weightParam(store, 'ip1'))).toBeCloseTo(0.05, 2);
    expect(densityOf(weightParam(store, 'conv2'))).toBeCloseTo(0.2, 2);
    dispose();
  });

  it('iterative pruning: round k prunes to target^(k / rounds)', () => {
    const { store, solver, dispose } = setup(7);
    const hook = new IterativeHook({ targets: { ip1: 0.04 }, rounds: 2, start: 0, every: 6 });
    solver.hooks = [hook];
    solver.stepOnce();
    expect(densityOf(weightParam(store, 'ip1'))).toBeCloseTo(0.2, 2);
    for (let i = 0; i < 6; i++) solver.stepOnce();
    expect(densityOf(weightParam(store, 'ip1'))).toBeCloseTo(0.04, 2);
    dispose();
  });

  it('iterative pruning, cubic schedule: AGP densities per round, the last step the smallest', () => {
    const { store, solver, dispose } = setup(15);
    const hook = new IterativeHook({ targets: { ip1: 0.05 }, rounds: 3, start: 0, every: 4, schedule: 'cubic' });
    const ds = [1, 2, 3].map((k) => hook.densityAt(0.05, k));
    expect(ds[0]).toBeCloseTo(0.05 + 0.95 * (2 / 3) ** 3, 12);
    expect(ds[2]).toBe(0.05);
    expect(ds[0]! / ds[1]!).toBeGreaterThan(ds[1]! / ds[2]!);
    solver.hooks = [hook];
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      solver.stepOnce();
      if (i % 4 === 0) seen.push(densityOf(weightParam(store, 'ip1')));
    }
    for (let k = 0; k < 3; k++) expect(seen[k]).toBeCloseTo(ds[k]!, 2);
    dispose();
  });

  it('Dynamic Network Surgery: dense shadow weights keep learning, masks splice, the target density is kept', () => {
    const { store, solver, dispose } = setup(8);
    solver.hooks = [new DnsHook({ targets: { ip1: 0.1 }, stopIter: 25, seed: 8, gamma: 0, power: 1 })];
    solver.stepOnce();
    const p = weightParam(store, 'ip1');
    expect(p.shadow).not.toBeNull();
    const pruned0 = p.mask!.slice();
    const shadow0 = p.shadow!.slice();
    for (let i = 0; i < 10; i++) solver.stepOnce();
    // pruned weights' shadows moved (they still get gradients), and some pruned weight was spliced back or some kept one pruned
    let moved = 0;
    let flipped = 0;
    for (let i = 0; i < pruned0.length; i++) {
      if (!pruned0[i] && p.shadow![i] !== shadow0[i]) moved++;
      if (pruned0[i] !== p.mask![i]) flipped++;
    }
    expect(moved).toBeGreaterThan(0);
    expect(flipped).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) solver.stepOnce();
    expect(p.shadow).toBeNull(); // frozen at stopIter
    const d = densityOf(p);
    expect(d).toBeGreaterThan(0.05);
    expect(d).toBeLessThan(0.2);
    dispose();
  });

  it('SkimCaffe L1 + adaptive threshold zeroes |w| <= 1 / (|u| / t0 + 1 / (f t0))', () => {
    const { store, solver, dispose } = setup(9, { weightDecay: 5e-3 });
    solver.hooks = [new L1ThresholdHook({ layers: ['ip1'], threshold: 5e-3, factor: 10 })];
    const before = densityOf(weightParam(store, 'ip1'));
    for (let i = 0; i < 20; i++) solver.stepOnce();
    const p = weightParam(store, 'ip1');
    expect(p.regularization).toBe('L1');
    expect(densityOf(p)).toBeLessThan(before);
    for (let i = 0; i < p.data.length; i++) {
      const th = 1 / (Math.abs(p.diff[i]!) / 5e-3 + 1 / (10 * 5e-3));
      if (p.data[i] !== 0) expect(Math.abs(p.data[i]!)).toBeGreaterThan(th);
    }
    freezeMasks(store, ['ip1']);
    const frozen = new Map([['ip1', p.data.slice()]]);
    solver.hooks = [];
    for (let i = 0; i < 5; i++) solver.stepOnce();
    zerosStayZero(store, ['ip1'], frozen);
    dispose();
  });
});

describe('sensitivity, GSL and the latency budget', () => {
  it('the sweep restores the weights and its targets stay within the accuracy drop', () => {
    const { store, solver, dispose } = setup(10);
    for (let i = 0; i < 30; i++) solver.stepOnce();
    const saved = new Map(store.list().map((p) => [p.key, p.data.slice()]));
    const sweep = sensitivitySweep(solver, ['conv2', 'ip1'], { batches: 10, densities: [1, 0.5, 0.2, 0.05], maxDrop: 0.05 });
    for (const p of store.list()) expect(Buffer.from(p.data.buffer).equals(Buffer.from(saved.get(p.key)!.buffer))).toBe(true);
    for (const l of ['conv2', 'ip1']) {
      expect(sweep.layers[l]!.map((x) => x.density)).toEqual([1, 0.5, 0.2, 0.05]);
      expect(sweep.layers[l]![0]!.accuracy).toBeCloseTo(sweep.baseline, 12);
      const t = sweep.targets[l]!;
      const acc = sweep.layers[l]!.find((x) => x.density === t)!.accuracy;
      expect(acc).toBeGreaterThanOrEqual(sweep.baseline - 0.05);
    }
    dispose();
  });

  it('GSL: conv layers without a predicted speedup stay dense, the others stop at the upper bound; stuck layers are restored', () => {
    const { store, solver, dispose } = setup(11);
    const shapes = layerShapes(solver.train);
    // The paper's Xeon (alpha 3): sparse wins below density 1/3.
    const profile = paperProfile(2150e9, 3, 122e9);
    // minSpeedup 1: every layer with any predicted gain is pruned (the default 1.1 keeps near-break-even layers dense).
    const plan = guidedPlan(profile, shapes, { conv1: 0.01, conv2: 0.5, ip1: 0.05 }, { minSpeedup: 1 });
    const byName = Object.fromEntries(plan.layers.map((l) => [l.layer, l]));
    for (const l of plan.layers) {
      if (l.kind !== 'conv') continue;
      const r = usefulRange(profile, shapes.find((s) => s.name === l.layer)!, 1);
      if (r.maxUsefulDensity <= 0 || predictLayer(profile, shapes.find((s) => s.name === l.layer)!, r.minUsefulDensity, 1).speedup < 1) expect(l.prune).toBe(false);
      else expect(l.target).toBeGreaterThanOrEqual(r.minUsefulDensity);
    }
    // A minimum speedup above every layer's best predicted one keeps every conv layer dense, the fc ones are pruned.
    const best = Math.max(...plan.layers.map((l) => (l.range ? predictLayer(profile, shapes.find((s) => s.name === l.layer)!, l.range.minUsefulDensity, 1).speedup : 0)));
    const strict = guidedPlan(profile, shapes, { conv1: 0.01, conv2: 0.5, ip1: 0.05 }, { minSpeedup: best * 1.01 });
    for (const l of strict.layers) expect(l.prune).toBe(l.kind === 'fc');
    expect(byName['ip1']!.target).toBe(0.05);
    // conv2 asked for 0.5 > its lower bound (1/3): pruned to 0.5 it is stuck below the useful range and restored
    const dense = new Map(store.weights().map((p) => [p.layer, p.data.slice()]));
    pruneLayerwise(store, { conv2: 0.5 });
    const restored = restoreStuckLayers(store, plan, dense);
    expect(restored).toContain('conv2');
    expect(densityOf(weightParam(store, 'conv2'))).toBe(1);
    dispose();
  });

  it('weight averaging: the run ends with the mean of the sampled fine-tuning weights, pruned weights stay zero', async () => {
    const { store, solver, dispose } = setup(14);
    const samples: Float32Array[] = [];
    // One-shot magnitude pruning, 6 fine-tuning iterations, the weights after each of the last 3 averaged.
    const r = await runPruning(solver, {
      method: 'magnitude', targets: { conv2: 0.3, ip1: 0.2 }, pruneIters: 0, finetuneIters: 6, averageFrom: 3, averageEvery: 1, testEvery: 100, testBatches: 2,
      onIteration: (info) => {
        if (info.phase === 'finetune' && info.iter >= 3) samples.push(weightParam(store, 'ip1').data.slice());
      },
    });
    expect(r.averaged).toBe(3);
    expect(samples.length).toBe(3);
    const w = weightParam(store, 'ip1').data;
    let worst = 0;
    for (let i = 0; i < w.length; i++) {
      const mean = (samples[0]![i]! + samples[1]![i]! + samples[2]![i]!) / 3;
      worst = Math.max(worst, Math.abs(w[i]! - mean) / (Math.abs(mean) + 1e-6));
      if (samples[0]![i] === 0) expect(w[i]).toBe(0);
    }
    // float64 sums of float32 samples, rounded once: within float32 rounding of the float64 mean
    expect(worst).toBeLessThan(1e-6);
    expect(densityOf(weightParam(store, 'ip1'))).toBeCloseTo(0.2, 2);
    expect(r.history.at(-1)!.phase).toBe('end');
    dispose();
  });

  it('GSL run: every pruned conv layer ends inside its predicted useful range', async () => {
    const { solver, dispose } = setup(12);
    const profile = paperProfile(2150e9, 3, 122e9);
    const r = await runPruning(solver, { method: 'gsl', profile, targets: { conv2: 0.1, ip1: 0.1 }, pruneIters: 30, finetuneIters: 10, every: 5, testEvery: 20, testBatches: 5 });
    const shapes = r.gsl!.shapes;
    for (const l of r.gsl!.plan.layers) {
      if (l.kind !== 'conv' || !l.prune || r.gsl!.restored.includes(l.layer)) continue;
      const d = r.layers.find((x) => x.layer === l.layer)!.density;
      const range = usefulRange(profile, shapes.find((s) => s.name === l.layer)!, 1);
      expect(d).toBeLessThanOrEqual(range.maxUsefulDensity);
      expect(d).toBeGreaterThanOrEqual(range.minUsefulDensity - 1e-2);
    }
    expect(r.history.length).toBeGreaterThanOrEqual(3);
    expect(r.after.compression).toBeGreaterThan(1);
    dispose();
  });

  it('latency budget: greedy by predicted ms saved per accuracy lost until the budget is met', () => {
    const { solver, dispose } = setup(13);
    const shapes = layerShapes(solver.train);
    const profile = paperProfile(5e9, 1.5, 20e9);
    const sweep = {
      format: 'sparsecnn-sensitivity' as const, version: 1 as const, baseline: 0.9, images: 50, maxDrop: 0.01,
      targets: {},
      layers: {
        conv1: [{ density: 1, accuracy: 0.9 }, { density: 0.5, accuracy: 0.6 }, { density: 0.1, accuracy: 0.2 }],
        conv2: [{ density: 1, accuracy: 0.9 }, { density: 0.5, accuracy: 0.9 }, { density: 0.1, accuracy: 0.89 }],
        ip1: [{ density: 1, accuracy: 0.9 }, { density: 0.1, accuracy: 0.9 }],
      },
    };
    const dense = budgetPlan(profile, shapes, sweep, 1e9);
    expect(dense.steps.length).toBe(0);
    const target = dense.denseMs * 0.7;
    const plan = budgetPlan(profile, shapes, sweep, target);
    expect(plan.met).toBe(true);
    expect(plan.predictedMs).toBeLessThanOrEqual(target);
    // the cheap-in-accuracy layers go first; conv1 (costly) only if needed
    expect(plan.steps[0]!.layer).not.toBe('conv1');
    dispose();
  });
});
