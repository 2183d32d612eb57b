import { describe, expect, it } from 'vitest';
import { formatDensities, magnitudeMask, parseDensities, pruneByMagnitude } from '@sparsecnn/pruning';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';

function expectCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isSparseCnnError(caught) ? caught.code : caught).toBe(code);
}

describe('pruneByMagnitude', () => {
  it('keeps exactly the largest magnitudes in place and counts the non-zeros kept (random arrays, float64 reference)', () => {
    const seed = Number(process.env.PRUNING_SEED ?? Rng.freshSeed());
    const rng = new Rng(seed);
    console.log(`pruneByMagnitude: seed ${seed} (replay with PRUNING_SEED=${seed})`);
    for (let trial = 0; trial < 40; trial++) {
      const n = rng.int(0, 400);
      const data = new Float32Array(n);
      // a few exact zeros and repeated magnitudes (ties at the cut), both signs
      for (let i = 0; i < n; i++) data[i] = rng.next() < 0.1 ? 0 : Math.round((rng.next() * 2 - 1) * 20) / 4;
      const choices = [0, 0.05, 0.3, 0.5, 1, rng.next()];
      const density = choices[rng.int(0, choices.length - 1)]!;
      const original = Float64Array.from(data);
      // reference: stable sort of positions by |value| descending, keep the first round(density * n)
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(original[b]!) - Math.abs(original[a]!) || a - b);
      const keep = new Set(order.slice(0, Math.round(density * n)));
      let expectedKept = 0;
      for (const i of keep) if (original[i] !== 0) expectedKept++;
      const kept = pruneByMagnitude(data, density);
      expect(kept, `seed ${seed} trial ${trial}`).toBe(expectedKept);
      for (let i = 0; i < n; i++) expect(data[i], `seed ${seed} trial ${trial} at ${i}`).toBe(keep.has(i) ? original[i] : 0);
    }
  });

  it('agrees with magnitudeMask on which positions survive', () => {
    const rng = new Rng(7);
    const data = Float32Array.from({ length: 97 }, () => rng.next() - 0.5);
    const mask = magnitudeMask(data, 0.25);
    pruneByMagnitude(data, 0.25);
    for (let i = 0; i < data.length; i++) expect(data[i] !== 0).toBe(mask[i] === 1);
  });

  it('rejects a density outside [0, 1] with E_ARGUMENT and leaves the data alone', () => {
    for (const d of [-0.1, 1.5, Number.NaN]) {
      const data = Float32Array.from([1, -2, 3]);
      expectCode(() => pruneByMagnitude(data, d), 'E_ARGUMENT');
      expect(Array.from(data)).toEqual([1, -2, 3]);
    }
  });
});

describe('parseDensities / formatDensities', () => {
  it('reads a bare number or a layer=density list (in order)', () => {
    expect(parseDensities(' 0.25 ')).toBe(0.25);
    expect(parseDensities('1e-2')).toBe(0.01);
    const m = parseDensities('conv2=0.2, ip1 =0.1');
    expect(m).toBeInstanceOf(Map);
    expect([...(m as Map<string, number>)]).toEqual([['conv2', 0.2], ['ip1', 0.1]]);
  });

  it('returns NaN for a part without a name, and NaN densities for non-numbers (the caller range-checks)', () => {
    expect(parseDensities('conv2=0.2,0.1')).toBeNaN();
    expect(parseDensities('=0.1')).toBeNaN();
    expect((parseDensities('conv2=abc') as Map<string, number>).get('conv2')).toBeNaN();
  });

  it('formats one decimal from 10 %, two below', () => {
    expect(formatDensities({ conv1: 0.62, conv2: 0.081, ip1: 1 })).toBe('conv1 62.0% conv2 8.10% ip1 100.0%');
    expect(formatDensities({})).toBe('');
  });
});
