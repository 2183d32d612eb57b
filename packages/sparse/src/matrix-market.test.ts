import { isSparseCnnError, type SparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { expectSameBits, expectSameInts, randomDense, withSeed } from '../test/helpers.js';
import { csrToCsb } from './csb.js';
import { csrToDense, denseToCsr } from './csr.js';
import { formatFloat32, readMatrixMarket, writeMatrixMarket } from './matrix-market.js';

function errorOf(fn: () => unknown): SparseCnnError {
  try {
    fn();
  } catch (e) {
    if (isSparseCnnError(e)) return e;
    throw e;
  }
  throw new Error('expected a SparseCnnError, nothing was thrown');
}

const H = '%%MatrixMarket matrix coordinate real general\n';

describe('readMatrixMarket', () => {
  it('reads column-major 1-based entries into sorted CSR', () => {
    const m = readMatrixMarket(`${H}% comment\n\n3 4 4\n2 1 -2\n1 2 1.5\n3 3 3e0\n2 4 .25\n`);
    expect(m.rows).toBe(3);
    expect(m.cols).toBe(4);
    expect([...m.rowPtr]).toEqual([0, 1, 3, 4]);
    expect([...m.colIdx]).toEqual([1, 0, 3, 2]);
    expect([...m.values]).toEqual([1.5, -2, 0.25, 3]);
  });

  it('accepts CRLF, a BOM, case-insensitive banners, integer and pattern fields', () => {
    const m = readMatrixMarket('\ufeff%%MatrixMarket MATRIX Coordinate Integer General\r\n2 2 2\r\n1 1 7\r\n2 2 -3\r\n');
    expect([...m.values]).toEqual([7, -3]);
    const p = readMatrixMarket('%%MatrixMarket matrix coordinate pattern general\n2 3 2\n2 3\n1 1\n');
    expect([...p.colIdx]).toEqual([0, 2]);
    expect([...p.values]).toEqual([1, 1]);
  });

  it('expands symmetric and skew-symmetric lower triangles', () => {
    const s = readMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 1\n3 1 2\n3 2 4\n');
    expect([...csrToDense(s)]).toEqual([1, 0, 2, 0, 0, 4, 2, 4, 0]);
    const k = readMatrixMarket('%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 5\n');
    expect([...csrToDense(k)]).toEqual([0, -5, 5, 0]);
  });

  it('rejects duplicates by default and sums them on request', () => {
    const text = `${H}2 2 3\n1 1 1\n2 2 2\n1 1 0.5\n`;
    const e = errorOf(() => readMatrixMarket(text, { file: 'dup.mtx' }));
    expect(e.code).toBe('E_PARSE');
    expect(e.context).toMatchObject({ file: 'dup.mtx', line: 5 });
    expect(e.message).toContain('line 3');
    const m = readMatrixMarket(text, { duplicates: 'sum' });
    expect([...m.values]).toEqual([1.5, 2]);
    expect(m.values.length).toBe(2);
  });

  it('names file and line for every kind of malformed input', () => {
    const cases: Array<[string, number, string?]> = [
      ['', 1],
      ['%%MatrixMarket matrix\n', 1],
      ['%%MatrixMarket matrix coordinate real weird\n1 1 0\n', 1],
      ['%%MatrixMarket matrix coordinate quaternion general\n1 1 0\n', 1],
      ['%%MatrixMarket matrix array real general\n1 1\n1\n', 1, 'E_UNSUPPORTED'],
      ['%%MatrixMarket matrix coordinate complex general\n1 1 0\n', 1, 'E_UNSUPPORTED'],
      ['%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n', 1, 'E_UNSUPPORTED'],
      [H, 2],
      [`${H}2 2\n`, 2],
      [`${H}2 x 1\n1 1 1\n`, 2],
      [`${H}-2 2 1\n1 1 1\n`, 2],
      [`${H}2 2 5\n1 1 1\n1 2 1\n2 1 1\n2 2 1\n1 1 1\n`, 2], // more entries than cells
      [`${H}2 2 1000000000\n1 1 1\n`, 2], // absurd count: rejected before allocating
      [`${H}99999999999 2 1\n1 1 1\n`, 2],
      [`${H}2147483647 2 1\n1 1 1\n`, 2, 'E_OVERFLOW'], // rows beyond maxDimension: no 8 GB row pointer array
      [`${H}2 2 2\n1 1 1\n`, 4],
      [`${H}2 2 1\n1 1 1\n2 2 2\n`, 4],
      [`${H}2 2 1\n3 1 1\n`, 3],
      [`${H}2 2 1\n0 1 1\n`, 3],
      [`${H}2 2 1\n1 3 1\n`, 3],
      [`${H}2 2 1\n1 1\n`, 3],
      [`${H}2 2 1\n1 1 1 1\n`, 3],
      [`${H}2 2 1\n1.5 1 1\n`, 3],
      [`${H}2 2 1\n1 1 nan\n`, 3],
      [`${H}2 2 1\n1 1 Infinity\n`, 3],
      [`${H}2 2 1\n1 1 0x10\n`, 3],
      [`${H}2 2 1\n1 1 1e39\n`, 3],
      ['%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n', 3],
      ['%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 16777217\n', 3],
      ['%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 1 1\n', 2],
      ['%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n', 3],
      ['%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n', 3],
    ];
    for (const [text, line, code] of cases) {
      const e = errorOf(() => readMatrixMarket(text, { file: 'bad.mtx' }));
      expect(e.code, JSON.stringify(text)).toBe(code ?? 'E_PARSE');
      expect(e.context.file).toBe('bad.mtx');
      expect(e.context.line, JSON.stringify(text)).toBe(line);
    }
  });
});

describe('writeMatrixMarket', () => {
  it('round-trips random matrices bit-exactly (CSR and CSB input)', () => {
    withSeed('mtx-roundtrip', (rng) => {
      for (let trial = 0; trial < 25; trial++) {
        const rows = rng.int(0, 30);
        const cols = rng.int(0, 30);
        const dense = randomDense(rng, rows, cols, rng.pick([0, 0.1, 0.7]));
        const csr = denseToCsr(dense, rows, cols);
        const text = writeMatrixMarket(csr, { comments: ['written by a test', 'two lines'] });
        const back = readMatrixMarket(text);
        expectSameInts(back.rowPtr, csr.rowPtr, 'rowPtr');
        expectSameInts(back.colIdx, csr.colIdx, 'colIdx');
        expectSameBits(back.values, csr.values, 'values');
        expect(writeMatrixMarket(csrToCsb(csr, { blockRows: 4, blockCols: 7 }))).toBe(writeMatrixMarket(csr));
      }
    });
  });

  it('writes the shortest float32 text', () => {
    expect(formatFloat32(0.1)).toBe('0.1');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(formatFloat32(100)).toBe('1e2');
    for (const v of [1e-45, 3.4028234663852886e38, 1.1754942e-38, Math.fround(Math.PI), 16777216]) {
      expect(Math.fround(Number(formatFloat32(v)))).toBe(Math.fround(v));
    }
  });
});
