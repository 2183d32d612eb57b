/**
 * Graph fusions on real networks: a ReLU run by the Convolution / InnerProduct / Eltwise that produces its input
 * (ResNet-50's 16 residual sums are each followed by a ReLU) and batch-1 concats written in place (GoogLeNet,
 * SqueezeNet). A fused session (the default) must agree with the same network run as written (`fuse: false`) on every
 * backend, at batch 1 and 2, with the arenas NaN-poisoned before each run; the plan and profile() must name fused steps.
 * ResNet-50 (SkimCaffe's prototxt) and GoogLeNet (BVLC deploy) get seeded random weights; SqueezeNet is the real
 * Deep Compression model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCaffeModel, parameterShapes, parsePrototxt, toNetDescription } from '@sparsecnn/caffe-io';
import { Rng, compareClose, randomUniform, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createSession, foldBatchNorm, planNetwork, type Session } from '../src/index.js';
import { poisonSessionForTests } from '../src/session.js';
import { available } from './backends.js';
import { conv, layer } from './nets.js';
import { referenceForward } from './reference.js';

const MODELS = resolve(import.meta.dirname, '../../../../shared/data/models');
const CI = process.env.CI === 'true';
const RESNET = join(MODELS, 'skimcaffe', 'resnet50', 'ResNet-50-train-val-gesl.prototxt');
const GOOGLENET = join(MODELS, 'bvlc_googlenet', 'deploy.prototxt');
const SQUEEZE_DIR = join(MODELS, 'squeezenet_deep_compression');
const SQUEEZE = [join(SQUEEZE_DIR, 'SqueezeNet_deploy.prototxt'), join(SQUEEZE_DIR, 'compressed_SqueezeNet.net')] as const;

/** Fused and unfused runs compute the same values in the same order except for where a ReLU is applied. */
const TOL = { atol: 1e-4, rtol: 1e-4 };

function tensor(shape: number[], data: Float32Array): Tensor {
  return { dtype: 'float32', shape, data };
}

function uniform(n: number, rng: Rng, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(lo, hi);
  return a;
}

/** A prototxt with He-scaled random weights (activations stay O(1) through a deep net) and plausible BN / Scale. */
function randomNet(path: string, seed: number): NetDescription {
  const rng = new Rng(seed);
  const { net } = parsePrototxt(readFileSync(path, 'utf8'), { file: path });
  const blobs = new Map<string, Tensor[]>();
  for (const l of parameterShapes(net, { file: path })) {
    const s0 = l.shapes[0]!;
    const n0 = s0.reduce((a, b) => a * b, 1);
    switch (l.type) {
      case 'Convolution':
      case 'InnerProduct': {
        const fanIn = s0.slice(1).reduce((a, b) => a * b, 1);
        const scale = Math.sqrt(6 / fanIn);
        const w = [tensor(s0, uniform(n0, rng, -scale, scale))];
        if (l.shapes.length > 1) w.push(tensor([s0[0]!], uniform(s0[0]!, rng, -0.1, 0.1)));
        blobs.set(l.name, w);
        break;
      }
      case 'BatchNorm':
        blobs.set(l.name, [tensor([n0], uniform(n0, rng, -0.1, 0.1)), tensor([n0], uniform(n0, rng, 0.5, 1.5)), tensor([1], Float32Array.of(1))]);
        break;
      case 'Scale': {
        const w = [tensor([n0], uniform(n0, rng, 0.5, 1))];
        if (l.shapes.length > 1) w.push(tensor([n0], uniform(n0, rng, -0.1, 0.1)));
        blobs.set(l.name, w);
        break;
      }
      default:
        throw new Error(`no random weights for ${l.type} layer ${l.name}`);
    }
  }
  return toNetDescription(net, blobs, { file: path });
}

function runPoisoned(s: Session, feeds: Record<string, Tensor>): Record<string, Tensor> {
  poisonSessionForTests(s);
  return s.runSync(feeds);
}

/** Fused (default) vs `fuse: false` on each backend at batches 1 and 2; returns the fused sessions' profiles. */
async function checkAgree(label: string, net: NetDescription, backends: readonly string[], seed: number): Promise<void> {
  const input = net.inputs[0]!;
  for (const backend of backends) {
    const fused = await createSession(net, { backends: [backend] });
    const plain = await createSession(net, { backends: [backend], fuse: false });
    try {
      for (const batch of [1, 2]) {
        const x = randomUniform([batch, ...input.shape.slice(1)], new Rng(seed + batch), -1, 1);
        const a = runPoisoned(fused, { [input.name]: x });
        const b = runPoisoned(plain, { [input.name]: x });
        for (const name of Object.keys(b)) {
          const r = compareClose(a[name]!.data, b[name]!.data, TOL);
          expect(r.ok, `${label} ${backend} batch ${batch} output ${name}: ${r.message} (seed ${seed})`).toBe(true);
          expect(a[name]!.data.every(Number.isFinite), `${label} ${backend} batch ${batch}: non-finite output`).toBe(true);
        }
      }
      // profile(): the fused session has no ReLU rows for fused ReLUs and names them on their host; the plain one
      // times every ReLU on its own
      const fusedRows = fused.profile();
      const plainRows = plain.profile();
      const hosts = fusedRows.filter((r) => r.fusedWith !== null);
      expect(hosts.length).toBeGreaterThan(0);
      const fusedRelus = new Set(fused.plan.filter((l) => l.kernel === 'fused').map((l) => l.name));
      expect(new Set(hosts.map((r) => r.fusedWith))).toEqual(fusedRelus);
      expect(fusedRows.some((r) => fusedRelus.has(r.name))).toBe(false);
      expect(plainRows.every((r) => r.fusedWith === null)).toBe(true);
      for (const relu of fusedRelus) expect(plainRows.some((r) => r.name === relu && r.type === 'ReLU')).toBe(true);
    } finally {
      fused.dispose();
      plain.dispose();
    }
  }
}

describe('fusions on real networks', () => {
  it.skipIf(!existsSync(RESNET) && !CI)('ResNet-50: every residual Eltwise runs its ReLU; fused and unfused agree', async () => {
    expect(existsSync(RESNET), `missing ${RESNET}`).toBe(true);
    const seed = Rng.freshSeed();
    const net = randomNet(RESNET, seed);
    const plan = planNetwork(foldBatchNorm(net).net, 1); // what a session plans (it folds BatchNorm / Scale first)
    const eltwise = plan.layers.filter((l) => l.type === 'Eltwise');
    expect(eltwise.length).toBe(16);
    for (const l of eltwise) expect(l.fusedWith, l.name).toBe(`${l.name}_relu`);
    // after BatchNorm / Scale folding, every conv that feeds a ReLU runs it
    for (const l of plan.layers.filter((q) => q.type === 'ReLU')) expect(l.kernel, l.name).toBe('fused');
    // residual sums write over one of their inputs: no larger an arena than running every layer as written
    expect(plan.memory.arenaBytes).toBeLessThanOrEqual(planNetwork(foldBatchNorm(net).net, 1, { fuse: false }).memory.arenaBytes);
    expect(planNetwork(net, 1, { fuse: false }).layers.every((l) => l.fusedWith === null)).toBe(true);
    // js takes seconds per ResNet-50 run: the compiled backends only
    await checkAgree('resnet50', net, available.filter((b) => b !== 'js'), seed);
  }, 600_000);

  it.skipIf(!existsSync(GOOGLENET) && !CI)('GoogLeNet: concats in place and conv+ReLU; fused and unfused agree', async () => {
    expect(existsSync(GOOGLENET), `missing ${GOOGLENET}`).toBe(true);
    const seed = Rng.freshSeed();
    const net = randomNet(GOOGLENET, seed);
    const fusedPlan = planNetwork(net, 1);
    const plainPlan = planNetwork(net, 1, { fuse: false });
    expect(fusedPlan.memory.arenaBytes).toBeLessThan(plainPlan.memory.arenaBytes);
    expect(fusedPlan.layers.filter((l) => l.type === 'Concat').every((l) => l.kernel === 'none')).toBe(true);
    expect(plainPlan.layers.filter((l) => l.type === 'Concat').every((l) => l.kernel === 'op')).toBe(true);
    await checkAgree('googlenet', net, available.filter((b) => b !== 'js'), seed);
  }, 600_000);

  it.skipIf(!SQUEEZE.every((p) => existsSync(p)) && !CI)('SqueezeNet (Deep Compression): fused and unfused agree on every backend', async () => {
    for (const p of SQUEEZE) expect(existsSync(p), `missing ${p}`).toBe(true);
    const net = await loadCaffeModel({ prototxt: SQUEEZE[0], weights: SQUEEZE[1] });
    await checkAgree('squeezenet', net, available, Rng.freshSeed());
  }, 600_000);
});

/**
 * An Eltwise may write over an input only when nothing reads that input afterwards: here `a` is read again after the
 * sum (by the second sum), `b` is not, and `x + x` reads one buffer twice. Every backend against the float64
 * reference, arenas poisoned.
 */
it('Eltwise in place: over an input that is dead afterwards only; fused ReLU; every backend', async () => {
  const seed = Rng.freshSeed();
  const rng = new Rng(seed);
  const net: NetDescription = {
    name: 'residual',
    inputs: [{ name: 'data', shape: [1, 3, 9, 9] }],
    layers: [
      layer('Input', 'data', [], ['data'], { shape: [1, 3, 9, 9] }),
      conv(rng, 'ca', 'data', 'a', 3, { numOutput: 4, kernel: [3, 3], pad: [1, 1] }),
      conv(rng, 'cb', 'data', 'b', 3, { numOutput: 4, kernel: [1, 1] }),
      layer('Eltwise', 's1', ['b', 'a'], ['s1'], { operation: 'sum', coeffs: [] }),
      layer('ReLU', 's1_relu', ['s1'], ['s1'], { negativeSlope: 0 }),
      layer('Eltwise', 's2', ['s1', 'a'], ['s2'], { operation: 'sum', coeffs: [1, -0.5] }),
      layer('Eltwise', 's3', ['s2', 's2'], ['s3'], { operation: 'max', coeffs: [] }),
      layer('ReLU', 's3_relu', ['s3'], ['s3'], { negativeSlope: 0 }),
      // written over `s3`, which is both inputs, with coefficients: every input element is read before it is written
      layer('Eltwise', 's4', ['s3', 's3'], ['s4'], { operation: 'sum', coeffs: [0.5, 2] }),
      // written over `cb2`, its second input (the first, `s4`, is read again below)
      conv(rng, 'cb2', 's4', 'cb2', 4, { numOutput: 4, kernel: [1, 1] }),
      layer('Eltwise', 's5', ['s4', 'cb2'], ['s5'], { operation: 'sum', coeffs: [-1, 3] }),
      layer('Eltwise', 's6', ['s5', 's4'], ['s6'], { operation: 'prod', coeffs: [] }),
    ],
  };
  const plan = planNetwork(net, 1);
  expect(plan.layers.find((l) => l.name === 's1')!.fusedWith).toBe('s1_relu');
  expect(plan.layers.find((l) => l.name === 's3')!.fusedWith).toBe('s3_relu');
  expect(plan.memory.arenaBytes).toBeLessThan(planNetwork(net, 1, { fuse: false }).memory.arenaBytes);
  for (const batch of [1, 3]) {
    const x = randomUniform([batch, 3, 9, 9], rng, -1, 1);
    const want = referenceForward({ ...net, inputs: [{ name: 'data', shape: [batch, 3, 9, 9] }] }, { data: x }).get('s6')!;
    for (const backend of available) {
      const s = await createSession(net, { backends: [backend] });
      const got = runPoisoned(s, { data: x }).s6!.data;
      s.dispose();
      const r = compareClose(got, want.data, { atol: 1e-5, rtol: 1e-4 });
      expect(r.ok, `${backend} batch ${batch}: ${r.message} (seed ${seed})`).toBe(true);
    }
  }
});
