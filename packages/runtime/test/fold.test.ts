/**
 * BatchNorm / Scale folding (fold.ts): what folds and what must not, the caller's net untouched, zero weights kept
 * zero, and sessions with and without folding equal to the float64 reference of the unfolded net on every backend.
 */
import { Rng, compareClose, randomUniform, type LayerDescription, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createSession, foldBatchNorm } from '../src/index.js';
import { poisonSessionForTests } from '../src/session.js';
import { available } from './backends.js';
import { conv, ip, layer, relu } from './nets.js';
import { referenceForward } from './reference.js';

const TOL = { atol: 2e-4, rtol: 2e-3 };

function vec(rng: Rng, n: number, lo: number, hi: number): Tensor {
  return randomUniform([n], rng, lo, hi);
}

function bn(rng: Rng, name: string, bottom: string, top: string, c: number): LayerDescription {
  return layer('BatchNorm', name, [bottom], [top], { eps: 1e-5, useGlobalStats: true }, [
    vec(rng, c, -0.5, 0.5), vec(rng, c, 0.5, 2), { dtype: 'float32', shape: [1], data: Float32Array.of(rng.uniform(0.5, 4)) },
  ]);
}

function scale(rng: Rng, name: string, bottom: string, top: string, c: number, biasTerm = true): LayerDescription {
  const blobs = [vec(rng, c, 0.5, 1.5)];
  if (biasTerm) blobs.push(vec(rng, c, -0.3, 0.3));
  return layer('Scale', name, [bottom], [top], { axis: 1, numAxes: 1, biasTerm }, blobs);
}

/**
 * c1 -> BN -> Scale (in place; folds) -> ReLU; c2 (sparse, no bias) -> BN -> Scale into new blobs (folds);
 * c3 whose top an Eltwise also reads (BN not in place: must not fold); c4 -> ReLU (not in place, reads c4 between)
 * -> BN on c4 (must not fold); fc -> Scale without bias (folds).
 */
function net(rng: Rng, batch: number): NetDescription {
  return {
    name: 'fold',
    inputs: [{ name: 'data', shape: [batch, 3, 8, 8] }],
    layers: [
      conv(rng, 'c1', 'data', 'c1', 3, { numOutput: 6, pad: [1, 1] }),
      bn(rng, 'bn1', 'c1', 'c1', 6),
      scale(rng, 'sc1', 'c1', 'c1', 6),
      relu('r1', 'c1'),
      conv(rng, 'c2', 'c1', 'c2', 6, { numOutput: 6, pad: [1, 1], biasTerm: false }, 0.3),
      bn(rng, 'bn2', 'c2', 'bn2', 6),
      scale(rng, 'sc2', 'bn2', 'sc2', 6),
      conv(rng, 'c3', 'sc2', 'c3', 6, { numOutput: 6, kernel: [1, 1] }),
      bn(rng, 'bn3', 'c3', 'bn3', 6),
      layer('Eltwise', 'sum3', ['bn3', 'c3'], ['sum3'], { operation: 'sum', coeffs: [1, 0.5] }),
      conv(rng, 'c4', 'sum3', 'c4', 6, { numOutput: 4, kernel: [1, 1] }),
      relu('r4', 'c4', 'r4'),
      bn(rng, 'bn4', 'c4', 'c4', 4),
      layer('Eltwise', 'sum4', ['c4', 'r4'], ['sum4'], { operation: 'sum', coeffs: [] }),
      ip(rng, 'fc', 'sum4', 'fc', 4 * 8 * 8, { numOutput: 5 }),
      scale(rng, 'scfc', 'fc', 'fc', 5, false),
    ],
  };
}

describe('foldBatchNorm', () => {
  it('folds conv/IP + BatchNorm/Scale chains and only those, leaving the input net untouched', () => {
    const seed = Rng.freshSeed();
    const original = net(new Rng(seed), 2);
    const snapshot = original.layers.map((l) => l.blobs.map((b) => Float32Array.from(b.data)));
    const { net: folded, folds } = foldBatchNorm(original);
    expect(folds, `seed ${seed}`).toEqual([
      { into: 'c1', folded: ['bn1', 'sc1'] },
      { into: 'c2', folded: ['bn2', 'sc2'] },
      { into: 'fc', folded: ['scfc'] },
    ]);
    expect(folded.layers.map((l) => l.name)).toEqual(['c1', 'r1', 'c2', 'c3', 'bn3', 'sum3', 'c4', 'r4', 'bn4', 'sum4', 'fc']);
    const c2 = folded.layers.find((l) => l.name === 'c2')!;
    expect(c2.tops).toEqual(['sc2']);
    expect(c2.params).toMatchObject({ biasTerm: true });
    expect(c2.blobs[1]!.shape).toEqual([6]);
    // zero weights stay zero (the pruned layer keeps its sparsity)
    const w0 = original.layers.find((l) => l.name === 'c2')!.blobs[0]!.data;
    const w1 = c2.blobs[0]!.data;
    for (let k = 0; k < w0.length; k++) expect(w1[k] === 0, `weight ${k}`).toBe(w0[k] === 0);
    original.layers.forEach((l, i) => l.blobs.forEach((b, j) => expect(b.data, `${l.name} blob ${j}`).toEqual(snapshot[i]![j])));
  });

  it('returns the same net when nothing folds', () => {
    const rng = new Rng(Rng.freshSeed());
    const plain: NetDescription = { name: 'p', inputs: [{ name: 'data', shape: [1, 2, 4, 4] }], layers: [conv(rng, 'c', 'data', 'c', 2, { numOutput: 3 }), relu('r', 'c')] };
    expect(foldBatchNorm(plain)).toEqual({ net: plain, folds: [] });
  });
});

describe.each(available.map((b) => [b]))('backend %s', (backend) => {
  for (const fold of [true, false]) {
    it(`foldBatchNorm: ${fold}: outputs equal the float64 reference of the unfolded net`, async () => {
      const seed = Rng.freshSeed();
      const rng = new Rng(seed);
      const n = net(rng, 2);
      const feeds = { data: randomUniform([2, 3, 8, 8], rng, -1, 1) };
      const session = await createSession(n, { backends: [backend], fallback: 'none', foldBatchNorm: fold });
      try {
        const names = session.plan.map((l) => l.name);
        expect(names.includes('bn1')).toBe(!fold);
        expect(names.includes('bn3')).toBe(true);
        poisonSessionForTests(session);
        const out = await session.run(feeds);
        const ref = referenceForward(n, feeds);
        for (const name of session.outputNames) {
          const r = compareClose(out[name]!.data, ref.get(name)!.data, TOL);
          expect(r.ok, `${name}: ${r.message} (seed ${seed})`).toBe(true);
        }
      } finally {
        session.dispose();
      }
    });
  }

  it('rejects a non-boolean foldBatchNorm', async () => {
    const n = net(new Rng(1), 1);
    await expect(createSession(n, { backends: [backend], foldBatchNorm: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'E_ARGUMENT' });
  });
});
