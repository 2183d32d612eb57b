import { isSparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { expectSameBits, expectSameInts, randomDense, withSeed } from '../test/helpers.js';
import { csbToCoordinates, csbToCsr, csbToDense, csrToCsb, denseToCsb, validateCsb } from './csb.js';
import { csrToDense, denseToCsr } from './csr.js';
import type { CsbMatrix } from './types.js';

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    if (isSparseCnnError(e)) {
      expect(e.code).toBe(code);
      return;
    }
    throw e;
  }
  throw new Error(`expected a SparseCnnError ${code}, nothing was thrown`);
}

describe('CSB', () => {
  it('converts dense <-> CSR <-> CSB in every direction, bit-exactly (random shapes, blocks, densities)', () => {
    withSeed('csb-roundtrip', (rng) => {
      for (let trial = 0; trial < 60; trial++) {
        const rows = rng.int(0, 70);
        const cols = rng.int(0, 90);
        const density = rng.pick([0, 0.02, 0.3, 1]);
        const blocking = { blockRows: rng.int(1, 80), blockCols: rng.int(1, 100) };
        const dense = randomDense(rng, rows, cols, density);
        const csr = denseToCsr(dense, rows, cols);
        const viaDense = denseToCsb(dense, rows, cols, blocking);
        const viaCsr = csrToCsb(csr, blocking);
        validateCsb(viaDense);
        validateCsb(viaCsr);
        expectSameInts(viaDense.blockPtr, viaCsr.blockPtr, 'blockPtr');
        expectSameInts(viaDense.rowIdx, viaCsr.rowIdx, 'rowIdx');
        expectSameInts(viaDense.colIdx, viaCsr.colIdx, 'colIdx');
        expectSameBits(viaDense.values, viaCsr.values, 'values');
        expect(viaCsr.rowIdx).toBeInstanceOf(Uint16Array);
        expectSameBits(csbToDense(viaCsr), dense, `CSB -> dense (${rows}x${cols}, blocks ${blocking.blockRows}x${blocking.blockCols})`);
        const back = csbToCsr(viaCsr);
        expectSameInts(back.rowPtr, csr.rowPtr, 'rowPtr');
        expectSameInts(back.colIdx, csr.colIdx, 'colIdx');
        expectSameBits(back.values, csr.values, 'CSR values');
        expectSameBits(csrToDense(back), dense, 'CSB -> CSR -> dense');
      }
    });
  });

  it('csbToCoordinates gives each non-zero its global (row, col) in CSB order (random shapes, blocks, densities)', () => {
    withSeed('csb-coordinates', (rng) => {
      for (let trial = 0; trial < 60; trial++) {
        const rows = rng.int(0, 70);
        const cols = rng.int(0, 90);
        const dense = randomDense(rng, rows, cols, rng.pick([0, 0.02, 0.3, 1]));
        const csb = denseToCsb(dense, rows, cols, { blockRows: rng.int(1, 80), blockCols: rng.int(1, 100) });
        const { rows: r, cols: c } = csbToCoordinates(csb);
        expect(r.length).toBe(csb.values.length);
        expect(c.length).toBe(csb.values.length);
        const rebuilt = new Float32Array(rows * cols).fill(Number.NaN);
        for (let j = 0; j < r.length; j++) {
          rebuilt[r[j]! * cols + c[j]!] = csb.values[j]!;
        }
        // every stored entry lands on its dense position; the positions it does not cover are the zeros
        for (let i = 0; i < rebuilt.length; i++) if (Number.isNaN(rebuilt[i])) rebuilt[i] = 0;
        expectSameBits(rebuilt, dense, `coordinates of ${rows}x${cols}`);
        // CSB order: block index (row-major over the grid) never decreases along j
        let prev = -1;
        for (let j = 0; j < r.length; j++) {
          const b = Math.floor(r[j]! / csb.blockRows) * csb.gridCols + Math.floor(c[j]! / csb.blockCols);
          expect(b).toBeGreaterThanOrEqual(prev);
          prev = b;
        }
      }
    });
  });

  it('csbToCoordinates and csbToCsr reject a malformed CSB with the caller\'s name for it', () => {
    const good = denseToCsb(new Float32Array([1, 0, 2, 0, 3, 4]), 2, 3, { blockRows: 1, blockCols: 2 });
    for (const convert of [csbToCoordinates, csbToCsr]) {
      expectCode(() => convert({ ...good, colIdx: Uint16Array.from([0, 0, 1, 1]) }, 'fc6 weights'), 'E_RANGE');
      expect(() => convert({ ...good, gridCols: 3 }, 'fc6 weights')).toThrow(/^fc6 weights: grid/);
      expectCode(() => convert({ ...good, blockPtr: Int32Array.from([0, 2, 1, 3, 4]) }), 'E_FORMAT');
    }
  });

  it('treats -0 as zero (not stored), so dense -0 comes back as +0', () => {
    const dense = new Float32Array([-0, 1, 0, -2]);
    const csb = denseToCsb(dense, 2, 2, { blockRows: 1, blockCols: 2 });
    expect(csb.values.length).toBe(2);
    expectSameBits(csbToDense(csb), new Float32Array([0, 1, 0, -2]), '-0 normalised');
    expect(denseToCsr(dense, 2, 2).values.length).toBe(2);
  });

  it('keeps blocks row-major with local indices and a row-major grid', () => {
    // 3 x 5, blocks 2 x 2: grid 2 x 3
    const dense = new Float32Array([
      1, 0, 2, 0, 3,
      0, 4, 0, 5, 0,
      6, 0, 0, 0, 7,
    ]);
    const m = denseToCsb(dense, 3, 5, { blockRows: 2, blockCols: 2 });
    expect([m.gridRows, m.gridCols]).toEqual([2, 3]);
    expect([...m.blockPtr]).toEqual([0, 2, 4, 5, 6, 6, 7]);
    expect([...m.rowIdx]).toEqual([0, 1, 0, 1, 0, 0, 0]);
    expect([...m.colIdx]).toEqual([0, 1, 0, 1, 0, 0, 0]);
    expect([...m.values]).toEqual([1, 4, 2, 5, 3, 6, 7]);
  });

  it('uses Uint16 local indices up to 65536-wide blocks and Int32 beyond', () => {
    const dense = new Float32Array(3 * 70000);
    dense[69999] = 1.5;
    dense[2 * 70000 + 65536] = -2.25;
    dense[70000 + 3] = 7;
    const small = denseToCsb(dense, 3, 70000, { blockRows: 2, blockCols: 65536 });
    expect(small.colIdx).toBeInstanceOf(Uint16Array);
    expect(small.rowIdx).toBeInstanceOf(Uint16Array);
    expectSameBits(csbToDense(small), dense, '16-bit');
    const big = denseToCsb(dense, 3, 70000, { blockRows: 3, blockCols: 65537 });
    expect(big.colIdx).toBeInstanceOf(Int32Array);
    expect(big.rowIdx).toBeInstanceOf(Int32Array);
    expectSameBits(csbToDense(big), dense, '32-bit');
    expectSameBits(csrToDense(csbToCsr(big)), dense, '32-bit via CSR');
  });

  it('rejects bad block sizes and absurd grids with typed errors', () => {
    const csr = denseToCsr(new Float32Array(4), 2, 2);
    expectCode(() => csrToCsb(csr, { blockRows: 0, blockCols: 1 }), 'E_ARGUMENT');
    expectCode(() => csrToCsb(csr, { blockRows: 1.5, blockCols: 1 }), 'E_ARGUMENT');
    const wide = { format: 'csr', rows: 0x7ffffff0, cols: 0x7ffffff0, rowPtr: new Int32Array(1), colIdx: new Int32Array(0), values: new Float32Array(0) } as const;
    expectCode(() => csrToCsb(wide, { blockRows: 1, blockCols: 1 }), 'E_OVERFLOW');
    expectCode(() => csrToCsb(wide, { blockRows: 1 << 20, blockCols: 1 << 20 }), 'E_FORMAT'); // then rowPtr is too short
  });

  it('validateCsb names the broken invariant', () => {
    const good = denseToCsb(new Float32Array([1, 0, 2, 0, 3, 4]), 2, 3, { blockRows: 1, blockCols: 2 });
    validateCsb(good);
    const mutate = (patch: Partial<Record<keyof CsbMatrix, unknown>>): CsbMatrix => ({ ...good, ...patch }) as CsbMatrix;
    expectCode(() => validateCsb(mutate({ gridCols: 3 })), 'E_SHAPE');
    expectCode(() => validateCsb(mutate({ rowIdx: Int32Array.from(good.rowIdx) })), 'E_FORMAT');
    expectCode(() => validateCsb(mutate({ blockPtr: Int32Array.from([0, 2, 1, 3, 4]) })), 'E_FORMAT');
    expectCode(() => validateCsb(mutate({ blockPtr: Int32Array.from([1, 2, 2, 3, 4]) })), 'E_FORMAT');
    expectCode(() => validateCsb(mutate({ colIdx: Uint16Array.from([0, 0, 1, 1]) })), 'E_RANGE'); // block (0,1) is 1 wide
    expectCode(() => validateCsb(mutate({ values: Float32Array.from([1, NaN, 3, 4]) })), 'E_RANGE');
    expectCode(() => validateCsb(mutate({ values: Float32Array.from([1, 2, Infinity, 4]) })), 'E_RANGE');
    const twoInBlock = denseToCsb(new Float32Array([1, 2]), 1, 2, { blockRows: 1, blockCols: 2 });
    expectCode(() => validateCsb({ ...twoInBlock, colIdx: Uint16Array.from([1, 0]) }), 'E_FORMAT');
    expectCode(() => csbToCsr({ ...twoInBlock, colIdx: Uint16Array.from([1, 1]) }), 'E_FORMAT');
  });
});
