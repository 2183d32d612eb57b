import { isSparseCnnError, tensor, type SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { expectSameBits, expectSameInts, randomDense, withSeed } from '../test/helpers.js';
import { BUNDLE_HEADER_BYTES, decodeBundle, encodeBundle } from './bundle.js';
import { crc32 } from './crc32.js';
import { csrToCsb, csbToDense } from './csb.js';
import { denseToCsr } from './csr.js';
import type { CsbMatrix, CsrMatrix } from './types.js';

function errorOf(fn: () => unknown): SparseCnnError | 'ok' {
  try {
    fn();
  } catch (e) {
    if (isSparseCnnError(e)) return e;
    throw e;
  }
  return 'ok';
}

function codeOf(fn: () => unknown): string {
  const e = errorOf(fn);
  return e === 'ok' ? e : e.code;
}

/** Recompute the bundle CRC after a deliberate edit. */
function reseal(b: Uint8Array): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint32(20, crc32(b, BUNDLE_HEADER_BYTES, b.length, crc32(b, 0, 20)), true);
  return b;
}

describe('bundle', () => {
  it('round-trips named dense tensors, CSR and CSB matrices and meta bit-exactly', () => {
    withSeed('bundle-roundtrip', (rng) => {
      const w = randomDense(rng, 16, 75, 0.2);
      const csr = denseToCsr(w, 16, 75);
      const csb = csrToCsb(csr, { blockRows: 8, blockCols: 32 });
      const bias = tensor(randomDense(rng, 1, 16, 1), [16]);
      const scalar = tensor(new Float32Array([-0]), []);
      const empty = tensor(new Float32Array(0), [0, 3]);
      const meta = new TextEncoder().encode(JSON.stringify({ model: 'test', pruned: true }));
      const bytes = encodeBundle({
        meta,
        entries: [
          { name: 'conv2/0', value: csr },
          { name: 'conv2/1', value: bias },
          { name: 'fc/0', value: csb },
          { name: 'scalar', value: scalar },
          { name: 'empty', value: empty },
          { name: 'ünïcode/名前', value: bias },
        ],
      });
      const back = decodeBundle(bytes, { file: 'model.spbn' });
      expect(back.meta && new TextDecoder().decode(back.meta)).toBe(new TextDecoder().decode(meta));
      expect(back.entries.map((e) => e.name)).toEqual(['conv2/0', 'conv2/1', 'fc/0', 'scalar', 'empty', 'ünïcode/名前']);
      const c = back.entries[0]!.value as CsrMatrix;
      expectSameInts(c.rowPtr, csr.rowPtr, 'rowPtr');
      expectSameInts(c.colIdx, csr.colIdx, 'colIdx');
      expectSameBits(c.values, csr.values, 'values');
      const b = back.entries[1]!.value as Tensor;
      expect(b.shape).toEqual([16]);
      expectSameBits(b.data, bias.data, 'bias');
      expectSameBits(csbToDense(back.entries[2]!.value as CsbMatrix), w, 'csb');
      expect((back.entries[3]!.value as Tensor).shape).toEqual([]);
      expectSameBits((back.entries[3]!.value as Tensor).data, scalar.data, '-0 scalar');
      expect((back.entries[4]!.value as Tensor).shape).toEqual([0, 3]);
      expect(decodeBundle(encodeBundle({ entries: [] }))).toEqual({ entries: [] });
      expect(decodeBundle(encodeBundle({ meta: new Uint8Array(0), entries: [] })).meta).toEqual(new Uint8Array(0));
    });
  });

  it('refuses bad input on encode', () => {
    const t = tensor(new Float32Array([1, 2]), [2]);
    expect(codeOf(() => encodeBundle({ entries: [{ name: '', value: t }] }))).toBe('E_ARGUMENT');
    expect(codeOf(() => encodeBundle({ entries: [{ name: 'a', value: t }, { name: 'a', value: t }] }))).toBe('E_ARGUMENT');
    expect(codeOf(() => encodeBundle({ entries: [{ name: 'a', value: { ...t, shape: [3] } }] }))).toBe('E_SHAPE');
    expect(codeOf(() => encodeBundle({ entries: [{ name: 'a', value: tensor(new Float32Array([NaN]), [1]) }] }))).toBe('E_RANGE');
    const bad: CsrMatrix = { format: 'csr', rows: 1, cols: 1, rowPtr: Int32Array.from([0, 1]), colIdx: Int32Array.from([1]), values: Float32Array.from([1]) };
    expect(codeOf(() => encodeBundle({ entries: [{ name: 'a', value: bad }] }))).toBe('E_RANGE');
  });

  it('rejects corrupt bundles with typed errors naming file, offset and entry', () => {
    const csr = denseToCsr(new Float32Array([0, 1, 2, 0]), 2, 2);
    const good = encodeBundle({ entries: [{ name: 'w', value: csr }, { name: 'b', value: tensor(new Float32Array([1, 2]), [2]) }] });
    expect(codeOf(() => decodeBundle(good.subarray(0, 3)))).toBe('E_TRUNCATED');
    expect(codeOf(() => decodeBundle(good.subarray(0, 10)))).toBe('E_TRUNCATED');
    expect(codeOf(() => decodeBundle(good.subarray(0, good.length - 1)))).toBe('E_TRUNCATED');
    const magic = good.slice();
    magic[0] = 0x50;
    expect(codeOf(() => decodeBundle(magic))).toBe('E_FORMAT');
    const version = good.slice();
    version[4] = 7;
    expect(codeOf(() => decodeBundle(version))).toBe('E_VERSION');
    const flip = good.slice();
    flip[good.length - 2]! ^= 1;
    const e = errorOf(() => decodeBundle(flip, { file: 'm.spbn' }));
    expect(e !== 'ok' && e.code).toBe('E_CHECKSUM');
    expect(e !== 'ok' && e.message).toContain('m.spbn');
    // structural errors behind a valid checksum
    const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
    const nameLen = reseal(good.slice());
    dv(nameLen).setUint16(BUNDLE_HEADER_BYTES, 0, true);
    expect(codeOf(() => decodeBundle(reseal(nameLen)))).toBe('E_FORMAT');
    const badUtf8 = good.slice();
    badUtf8[BUNDLE_HEADER_BYTES + 2] = 0xff;
    expect(codeOf(() => decodeBundle(reseal(badUtf8)))).toBe('E_FORMAT');
    const dup = good.slice();
    dup[good.length - 8 - 4 - 2 - 1 - 1] = 'w'.charCodeAt(0); // rename 'b' to 'w'
    expect(codeOf(() => decodeBundle(reseal(dup)))).toBe('E_FORMAT');
    const nan = good.slice();
    dv(nan).setFloat32(good.length - 4, NaN, true);
    const ne = errorOf(() => decodeBundle(reseal(nan), { file: 'm.spbn' }));
    expect(ne !== 'ok' && ne.code).toBe('E_RANGE');
    expect(ne !== 'ok' && ne.context.layer).toBe('b');
    const hugeDim = good.slice();
    dv(hugeDim).setUint32(good.length - 8 - 4, 0x7fffffff, true);
    expect(codeOf(() => decodeBundle(reseal(hugeDim)))).toBe('E_FORMAT'); // runs past the end: never allocated
    const overflowDims = good.slice();
    dv(overflowDims).setUint32(good.length - 8 - 4, 0xffffffff, true);
    expect(codeOf(() => decodeBundle(reseal(overflowDims)))).toBe('E_OVERFLOW');
    const count = good.slice();
    dv(count).setUint32(8, 3, true);
    expect(codeOf(() => decodeBundle(reseal(count)))).toBe('E_FORMAT');
    const innerSparse = good.slice();
    innerSparse[BUNDLE_HEADER_BYTES + 2 + 1 + 1 + 4 + 30]! ^= 0x40; // inside the embedded matrix header
    const se = errorOf(() => decodeBundle(reseal(innerSparse), { file: 'm.spbn' }));
    expect(se !== 'ok' && se.context.layer).toBe('w');
    expect(se !== 'ok' && se.context.file).toBe('m.spbn');
  });
});
