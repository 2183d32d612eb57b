import { isSparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { expectSameBits, expectSameInts, randomDense, resealSparse, withSeed } from '../test/helpers.js';
import { csbToDense, csrToCsb, denseToCsb } from './csb.js';
import { csrToDense, denseToCsr } from './csr.js';
import { SPARSE_HEADER_BYTES, deserializeSparse, serializeSparse } from './sparse-binary.js';
import type { CsbMatrix, CsrMatrix } from './types.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isSparseCnnError(e)) return e.code;
    throw e;
  }
  return 'ok';
}

function setU32(b: Uint8Array, offset: number, v: number): Uint8Array {
  const c = b.slice();
  new DataView(c.buffer).setUint32(offset, v, true);
  return c;
}

const small = denseToCsr(new Float32Array([0, 1.5, 0, -2, 0, 0, 3, 0, 0, 0, 0, 4.25]), 3, 4);

describe('compact sparse format', () => {
  it('round-trips random CSR and CSB matrices bit-exactly (u16 and u32 index widths)', () => {
    withSeed('binary-roundtrip', (rng) => {
      for (let trial = 0; trial < 40; trial++) {
        const rows = rng.int(0, 40);
        const cols = rng.pick([0, 1, 7, 300, 65536, 65537]);
        const sparseDensity = cols > 1000 ? 0.0005 : rng.pick([0, 0.05, 0.5, 1]);
        const dense = randomDense(rng, rows, cols, sparseDensity);
        const csr = denseToCsr(dense, rows, cols);
        const bytes = serializeSparse(csr);
        expect(bytes[7]! & 1, 'u16 flag').toBe(cols <= 65536 ? 1 : 0);
        const back = deserializeSparse(bytes) as CsrMatrix;
        expect(back.format).toBe('csr');
        expectSameInts(back.rowPtr, csr.rowPtr, 'rowPtr');
        expectSameInts(back.colIdx, csr.colIdx, 'colIdx');
        expectSameBits(back.values, csr.values, 'values');
        const blocking = { blockRows: rng.int(1, 50), blockCols: rng.pick([1, 13, 65536, 70000]) };
        const csb = csrToCsb(csr, blocking);
        const cb = deserializeSparse(serializeSparse(csb)) as CsbMatrix;
        expect(cb.format).toBe('csb');
        expect(cb.rowIdx.constructor).toBe(csb.rowIdx.constructor);
        expectSameInts(cb.blockPtr, csb.blockPtr, 'blockPtr');
        expectSameInts(cb.rowIdx, csb.rowIdx, 'rowIdx');
        expectSameInts(cb.colIdx, csb.colIdx, 'colIdx');
        expectSameBits(csbToDense(cb), dense, 'CSB dense');
      }
    });
  });

  it('keeps -0, denormals and extreme finite values bit for bit', () => {
    const vals = new Float32Array([-0, 1e-45, -3.4028234663852886e38, 1.1754942106924411e-38]);
    const m: CsrMatrix = { format: 'csr', rows: 1, cols: 4, rowPtr: Int32Array.from([0, 4]), colIdx: Int32Array.from([0, 1, 2, 3]), values: vals };
    const back = deserializeSparse(serializeSparse(m)) as CsrMatrix;
    expectSameBits(back.values, vals, 'special values');
  });

  it('uses 6 bytes per non-zero plus row pointers for narrow CSR', () => {
    const bytes = serializeSparse(small);
    expect(bytes.length).toBe(SPARSE_HEADER_BYTES + 4 * 4 + 4 * 6);
    expectSameBits(csrToDense(deserializeSparse(bytes) as CsrMatrix), csrToDense(small), 'small');
  });

  it('rejects corrupt input with the documented codes', () => {
    const good = serializeSparse(small);
    expect(codeOf(() => deserializeSparse(good.subarray(0, 2)))).toBe('E_TRUNCATED');
    expect(codeOf(() => deserializeSparse(new TextEncoder().encode('%%MatrixMarket matrix coordinate real general')))).toBe('E_FORMAT');
    const badVersion = good.slice();
    badVersion[4] = 2;
    expect(codeOf(() => deserializeSparse(badVersion))).toBe('E_VERSION');
    expect(codeOf(() => deserializeSparse(good.subarray(0, 20)))).toBe('E_TRUNCATED');
    expect(codeOf(() => deserializeSparse(good.subarray(0, good.length - 1)))).toBe('E_TRUNCATED');
    const extra = new Uint8Array(good.length + 1);
    extra.set(good);
    expect(codeOf(() => deserializeSparse(extra))).toBe('E_FORMAT');
    const flipped = good.slice();
    flipped[good.length - 3]! ^= 0x10;
    expect(codeOf(() => deserializeSparse(flipped))).toBe('E_CHECKSUM');
    const kind = good.slice();
    kind[6] = 9;
    expect(codeOf(() => deserializeSparse(kind))).toBe('E_FORMAT');
    // absurd sizes: never allocate, say E_OVERFLOW
    expect(codeOf(() => deserializeSparse(setU32(good, 8, 0xfffffff0)))).toBe('E_OVERFLOW');
    expect(codeOf(() => deserializeSparse(setU32(good, 8, 0x7fffffff)))).toBe('E_OVERFLOW');
    expect(codeOf(() => deserializeSparse(setU32(good, 16, 0x80000000)))).toBe('E_OVERFLOW');
    // sizes that fit but disagree with the declared payload length
    expect(codeOf(() => deserializeSparse(setU32(good, 8, 1000)))).toBe('E_FORMAT');
    // consistent header but a huge payload and a short buffer: truncated, checked before allocating
    const huge = setU32(setU32(setU32(good, 8, 1 << 24), 28, (1 << 24) * 4 + 4 + 4 * 6), 12, 4);
    expect(codeOf(() => deserializeSparse(huge))).toBe('E_TRUNCATED');
  });

  it('rejects structurally invalid matrices even with a valid checksum', () => {
    const good = serializeSparse(small);
    const rowPtrAt = SPARSE_HEADER_BYTES;
    const colAt = rowPtrAt + 4 * 4;
    const valAt = colAt + 4 * 2;
    const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
    const nonMono = good.slice();
    dv(nonMono).setUint32(rowPtrAt + 4, 3, true); // rowPtr = [0, 3, 2, ...]
    expect(codeOf(() => deserializeSparse(resealSparse(nonMono)))).toBe('E_FORMAT');
    const badEnd = good.slice();
    dv(badEnd).setUint32(rowPtrAt + 12, 3, true);
    expect(codeOf(() => deserializeSparse(resealSparse(badEnd)))).toBe('E_FORMAT');
    const badCol = good.slice();
    dv(badCol).setUint16(colAt, 4, true);
    expect(codeOf(() => deserializeSparse(resealSparse(badCol)))).toBe('E_RANGE');
    const unsorted = good.slice();
    dv(unsorted).setUint16(colAt + 2, 0, true); // row 0 columns become [1, 0]
    expect(codeOf(() => deserializeSparse(resealSparse(unsorted)))).toBe('E_FORMAT');
    for (const bad of [NaN, Infinity, -Infinity]) {
      const b = good.slice();
      dv(b).setFloat32(valAt + 4, bad, true);
      expect(codeOf(() => deserializeSparse(resealSparse(b)))).toBe('E_RANGE');
    }
  });

  it('validates CSB payloads (local indices inside edge blocks)', () => {
    const csb = denseToCsb(new Float32Array([1, 0, 0, 2, 0, 3]), 2, 3, { blockRows: 2, blockCols: 2 });
    const good = serializeSparse(csb);
    expect(codeOf(() => deserializeSparse(good))).toBe('ok');
    const blocks = csb.gridRows * csb.gridCols;
    const colAt = SPARSE_HEADER_BYTES + (blocks + 1) * 4 + csb.values.length * 2;
    const edge = good.slice();
    // the last entry (value 3, column 2) lives in the 1-wide edge block (0, 1): local column 1 is out of range
    new DataView(edge.buffer).setUint16(colAt + (csb.values.length - 1) * 2, 1, true);
    const err = (() => {
      try {
        deserializeSparse(resealSparse(edge), { file: 'w.spmx' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isSparseCnnError(err, 'E_RANGE')).toBe(true);
    expect((err as Error).message).toContain('w.spmx');
    const wrongFlag = good.slice();
    wrongFlag[7] = 0;
    expect(codeOf(() => deserializeSparse(resealSparse(wrongFlag)))).toBe('E_FORMAT');
  });

  it('refuses to serialize invalid matrices', () => {
    expect(codeOf(() => serializeSparse({ ...small, values: Float32Array.from([1, NaN, 3, 4]) }))).toBe('E_RANGE');
    expect(codeOf(() => serializeSparse({ format: 'coo' } as unknown as CsrMatrix))).toBe('E_ARGUMENT');
  });
});
