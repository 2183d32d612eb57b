import { tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { randomDense, withSeed } from '../test/helpers.js';
import { csrToCsb } from './csb.js';
import { denseToCsr } from './csr.js';
import { serializeSparse } from './sparse-binary.js';
import { layerStats, sparseStats } from './stats.js';

describe('sparseStats', () => {
  it('computes counts, densities, blocks and bytes of a small matrix', () => {
    // 3 x 4:
    // [1 0 0 2]
    // [0 0 0 0]
    // [3 4 0 5]
    const csr = denseToCsr(new Float32Array([1, 0, 0, 2, 0, 0, 0, 0, 3, 4, 0, 5]), 3, 4);
    const s = sparseStats(csr, { blocking: { blockRows: 2, blockCols: 3 } });
    expect(s.nnz).toBe(5);
    expect(s.density).toBeCloseTo(5 / 12, 12);
    expect(s.rowNnz).toEqual({ min: 0, max: 3, mean: 5 / 3 });
    expect(s.rowDensity).toEqual({ min: 0, max: 0.75, mean: 5 / 12 });
    expect(s.emptyRows).toBe(1);
    expect(s.emptyCols).toBe(1);
    expect(s.colNnz).toEqual({ min: 0, max: 2, mean: 5 / 4 });
    // blocks 2x3: (0,0) rows 0-1 cols 0-2 -> 1; (0,1) rows 0-1 col 3 -> 1; (1,0) row 2 cols 0-2 -> 2; (1,1) -> 1
    expect(s.blocks.count).toBe(4);
    expect(s.blocks.nonEmpty).toBe(4);
    expect(s.blocks.nnz).toEqual({ min: 1, max: 2, mean: 5 / 4 });
    expect(s.blocks.density.max).toBe(1); // edge block (1,1) is 1 x 1
    expect(s.blocks.density.min).toBeCloseTo(1 / 6, 12);
    expect(s.bytes).toEqual({ dense: 48, csr: 5 * 8 + 16, csb: 5 * 8 + 5 * 4, compact: serializeSparse(csr).length });
    const fromCsb = sparseStats(csrToCsb(csr, { blockRows: 2, blockCols: 3 }));
    expect({ ...fromCsb, format: 'csr' }).toEqual(s);
  });

  it('agrees with brute force on random matrices, CSR and CSB alike', () => {
    withSeed('stats-random', (rng) => {
      for (let t = 0; t < 20; t++) {
        const rows = rng.int(1, 40);
        const cols = rng.int(1, 40);
        const dense = randomDense(rng, rows, cols, rng.uniform(0, 0.6));
        const csr = denseToCsr(dense, rows, cols);
        const blocking = { blockRows: rng.int(1, 16), blockCols: rng.int(1, 16) };
        const s = sparseStats(csr, { blocking });
        const rc = Array.from({ length: rows }, (_, r) => dense.subarray(r * cols, (r + 1) * cols).filter((v) => v !== 0).length);
        expect(s.rowNnz.max).toBe(Math.max(...rc));
        expect(s.rowNnz.min).toBe(Math.min(...rc));
        expect(s.emptyRows).toBe(rc.filter((c) => c === 0).length);
        expect(s.nnz).toBe(rc.reduce((a, b) => a + b, 0));
        expect(s.bytes.compact).toBe(serializeSparse(csr).length);
        expect(s.bytes.csb).toBe(s.nnz * 8 + (s.blocks.count + 1) * 4);
        expect(sparseStats(csrToCsb(csr, blocking)).rowNnz).toEqual(s.rowNnz);
        expect(sparseStats(csrToCsb(csr, blocking)).colNnz).toEqual(s.colNnz);
      }
    });
  });
});

describe('layerStats', () => {
  it('counts zero kernels and zero input/output channels of conv weights', () => {
    // O=3, C=2, 2x2 kernels
    const d = new Float32Array(3 * 2 * 4);
    d[0] = 1; // o0 c0
    d[2 * 4 + 3] = 2; // o1 c0
    // o1 c1, o0 c1 zero -> input channel 1 unused; o2 all zero
    const s = layerStats(tensor(d, [3, 2, 2, 2]), { name: 'conv' });
    expect(s.name).toBe('conv');
    expect(s.rows).toBe(3);
    expect(s.cols).toBe(8);
    expect(s.kernels).toEqual({ count: 6, zero: 4 });
    expect(s.zeroOutputChannels).toBe(1);
    expect(s.zeroInputChannels).toBe(1);
    expect(s.nnz).toBe(2);
  });
});
