/** The demo's pure helpers in Node: softmax, MNIST digit preprocessing, pruning, random CSR weights. */
import { describe, expect, it } from 'vitest';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import { softmax } from '../src/lib/softmax.js';
import { MNIST_SIZE, digitInput, mnistDigit } from '../src/lib/digit.js';
import { PRUNE_PRESETS, pruneByMagnitude } from '../src/lib/prune.js';

const SEED = Number(process.env['SPARSECNN_SEED'] ?? Date.now() % 2 ** 31);
const seedNote = `seed ${SEED} (rerun with SPARSECNN_SEED=${SEED})`;

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isSparseCnnError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected a ${code} error`);
}

describe('softmax', () => {
  it('matches float64 exp / sum, also for large scores', () => {
    const rng = new Rng(SEED + 3);
    const x = Array.from({ length: 50 }, () => rng.uniform(-30, 30));
    const p = softmax(x);
    const z = x.reduce((s, v) => s + Math.exp(v), 0);
    x.forEach((v, i) => expect(p[i]! / (Math.exp(v) / z), seedNote).toBeCloseTo(1, 10));
    const big = softmax([1000, 1000, 999]);
    expect(big[0]).toBeCloseTo(big[1]!, 15);
    expect(big[0]! + big[1]! + big[2]!).toBeCloseTo(1, 15);
  });
});

describe('MNIST-style digit preprocessing', () => {
  const W = 280;

  it('an empty pad is reported empty', () => {
    const r = mnistDigit(new Uint8Array(W * W), W, W);
    expect(r.empty).toBe(true);
    expect(r.pixels.every((v) => v === 0)).toBe(true);
    expectCode(() => mnistDigit(new Uint8Array(10), W, W), 'E_ARGUMENT');
  });

  it('fits the ink to 20 px (aspect kept) and centres it by mass', () => {
    const rng = new Rng(SEED + 4);
    for (let trial = 0; trial < 5; trial++) {
      const w = 10 + Math.floor(rng.next() * 60);
      const hgt = 80 + Math.floor(rng.next() * 150);
      const x0 = Math.floor(rng.next() * (W - w));
      const y0 = Math.floor(rng.next() * (W - hgt));
      const gray = new Uint8Array(W * W);
      for (let y = y0; y < y0 + hgt; y++) for (let x = x0; x < x0 + w; x++) gray[y * W + x] = 255;
      const r = mnistDigit(gray, W, W);
      let top = MNIST_SIZE;
      let bottom = -1;
      let mass = 0;
      let mx = 0;
      let my = 0;
      for (let y = 0; y < MNIST_SIZE; y++) {
        for (let x = 0; x < MNIST_SIZE; x++) {
          const v = r.pixels[y * MNIST_SIZE + x]!;
          if (v > 0) {
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
          }
          mass += v;
          mx += v * (x + 0.5);
          my += v * (y + 0.5);
        }
      }
      const note = `${seedNote}: ${w}x${hgt} bar at ${x0},${y0}`;
      expect(bottom - top + 1, note).toBe(20);
      expect(Math.abs(mx / mass - 14), note).toBeLessThanOrEqual(0.5 + 0.02);
      expect(Math.abs(my / mass - 14), note).toBeLessThanOrEqual(0.5 + 0.02);
      // area averaging of a uniform bar: every pixel of the round(w * 20 / height) x 20 result is full ink
      const expected = 255 * Math.max(1, Math.round((w * 20) / hgt)) * 20;
      expect(mass, note).toBe(expected);
    }
  });

  it('digitInput multiplies by the scale', () => {
    const px = new Uint8Array(784).map((_, i) => i % 256);
    const out = digitInput(px, 0.00390625);
    for (let i = 0; i < 784; i++) expect(out[i]).toBe((i % 256) / 256);
  });
});

describe('magnitude pruning', () => {
  it('keeps exactly round(density * n) weights, the largest magnitudes, zeroing the rest', () => {
    const rng = new Rng(SEED + 5);
    for (const density of [0, 0.08, 0.12, 0.5, 0.66, 1]) {
      const n = 1 + Math.floor(rng.next() * 3000);
      const w = new Float32Array(n).map(() => rng.uniform(-1, 1));
      const before = w.slice();
      const { data, kept } = pruneByMagnitude(w, density);
      expect(w, 'the input is not modified').toEqual(before);
      const keep = Math.round(density * n);
      expect(kept, `${seedNote}, density ${density}, n ${n}`).toBe(keep);
      let minKept = Infinity;
      let maxDropped = 0;
      for (let i = 0; i < n; i++) {
        if (data[i] !== 0) {
          expect(data[i]).toBe(w[i]);
          minKept = Math.min(minKept, Math.abs(w[i]!));
        } else maxDropped = Math.max(maxDropped, Math.abs(w[i]!));
      }
      if (keep > 0 && keep < n) expect(minKept, seedNote).toBeGreaterThanOrEqual(maxDropped);
    }
    expectCode(() => pruneByMagnitude(new Float32Array(4), 1.5), 'E_ARGUMENT');
    expectCode(() => pruneByMagnitude(new Float32Array(4), Number.NaN), 'E_ARGUMENT');
  });

  it('the presets name LeNet layers with densities in (0, 1]', () => {
    for (const p of Object.values(PRUNE_PRESETS)) {
      for (const [layer, d] of Object.entries(p.densities)) {
        expect(['conv1', 'conv2', 'ip1', 'ip2']).toContain(layer);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('random CSR weights for the measurements', () => {
  it('is a valid CSR matrix with about density * rows * cols non-zeros', async () => {
    const { randomCsr } = await import('../src/lib/random-csr.js');
    const { validateCsr } = await import('@sparsecnn/sparse');
    const rng = new Rng(SEED + 6);
    for (const [rows, cols, d] of [[256, 1200, 0.02], [64, 576, 0.35], [10, 500, 1], [33, 7, 0.5]] as const) {
      const m = randomCsr(rows, cols, d, rng);
      validateCsr(m);
      const n = rows * cols;
      // binomial: within 5 standard deviations of the mean
      const sd = Math.sqrt(n * d * (1 - d));
      expect(Math.abs(m.values.length - n * d), `${seedNote}: ${rows}x${cols} at ${d}`).toBeLessThanOrEqual(5 * sd + 1e-9);
      expect(m.values.every((v) => v !== 0 && v >= -1 && v < 1)).toBe(true);
      for (let r = 0; r < rows; r++) {
        for (let k = m.rowPtr[r]! + 1; k < m.rowPtr[r + 1]!; k++) expect(m.colIdx[k]!).toBeGreaterThan(m.colIdx[k - 1]!);
      }
    }
    expectCode(() => randomCsr(3, 3, 0, rng), 'E_ARGUMENT');
    expectCode(() => randomCsr(3, -1, 0.5, rng), 'E_ARGUMENT');
  });
});
