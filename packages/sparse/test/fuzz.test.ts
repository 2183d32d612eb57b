import { isSparseCnnError, type Rng } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { BUNDLE_HEADER_BYTES, decodeBundle, encodeBundle } from '../src/bundle.js';
import { crc32 } from '../src/crc32.js';
import { csrToCsb, validateCsb } from '../src/csb.js';
import { validateCsr } from '../src/csr.js';
import { readMatrixMarket } from '../src/matrix-market.js';
import { deserializeSparse, serializeSparse } from '../src/sparse-binary.js';
import type { CsrMatrix, SparseMatrix } from '../src/types.js';
import { readDataText, resealSparse, withSeed } from './helpers.js';
import { MTX_FILES } from './real-files.js';

const FUZZ_FILES = ['lenet 0.9846 conv1', 'lenet 0.9846 conv2', 'lenet 0.9865 conv2', 'caffenet conv1'];

function loadReal(): Array<{ label: string; text: string; m: CsrMatrix }> | undefined {
  const out: Array<{ label: string; text: string; m: CsrMatrix }> = [];
  for (const label of FUZZ_FILES) {
    const f = MTX_FILES.find((x) => x.label === label)!;
    const text = readDataText(f.path);
    if (text === undefined) return undefined;
    out.push({ label, text, m: readMatrixMarket(text, { file: f.path }) });
  }
  return out;
}

/** Run `fn`; a SparseCnnError or a successful result that passes `check` is fine, anything else fails the test. */
function outcome(fn: () => unknown, check: (v: unknown) => void, what: () => string): string {
  let v: unknown;
  try {
    v = fn();
  } catch (e) {
    if (isSparseCnnError(e)) return e.code;
    throw new Error(`${what()}: threw a non-SparseCnnError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  check(v);
  return 'ok';
}

function checkSparse(v: unknown): void {
  const m = v as SparseMatrix;
  if (m.format === 'csr') validateCsr(m);
  else validateCsb(m);
}

function mutateBytes(rng: Rng, src: Uint8Array, headerBytes: number): Uint8Array {
  let b = src.slice();
  const op = rng.int(0, 6);
  const dv = () => new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (op) {
    case 0: // flip a few random bits anywhere
      for (let n = rng.int(1, 4); n > 0; n--) b[rng.int(0, b.length - 1)]! ^= 1 << rng.int(0, 7);
      break;
    case 1: // truncate
      b = b.slice(0, rng.int(0, b.length - 1));
      break;
    case 2: // a header u32 field gets an edge or random value
      if (b.length >= headerBytes) {
        const off = 4 * rng.int(1, headerBytes / 4 - 1);
        dv().setUint32(off, rng.pick([0, 1, 2, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, rng.nextUint32(), dv().getUint32(off, true) + rng.int(-3, 3)]) >>> 0, true);
      }
      break;
    case 3: // a byte in the header
      b[rng.int(0, Math.min(headerBytes, b.length) - 1)] = rng.int(0, 255);
      break;
    case 4: { // overwrite a random run in the payload
      const at = rng.int(0, b.length - 1);
      for (let i = at; i < Math.min(b.length, at + rng.int(1, 16)); i++) b[i] = rng.int(0, 255);
      break;
    }
    case 5: { // insert or delete bytes
      const at = rng.int(0, b.length);
      const n = rng.int(1, 8);
      if (rng.next() < 0.5) {
        const c = new Uint8Array(b.length + n);
        c.set(b.subarray(0, at));
        c.set(b.subarray(at), at + n);
        b = c;
      } else {
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + n))]);
      }
      break;
    }
    default: // a float32 value becomes NaN/Inf/huge
      if (b.length >= headerBytes + 4) dv().setFloat32(rng.int(headerBytes, b.length - 4), rng.pick([NaN, Infinity, -Infinity, 3e38]), true);
  }
  return b;
}

function mutateText(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const op = rng.int(0, 6);
  const sizeLine = lines.findIndex((l, i) => i > 0 && !l.startsWith('%'));
  // An earlier mutation may have removed the size line or every entry: then only the text-level mutations apply.
  if (sizeLine < 0 || sizeLine + 2 >= lines.length) return text.slice(0, rng.int(0, Math.max(0, text.length - 1))) + rng.pick(['', '\n', ' 1']);
  switch (op) {
    case 0: { // replace characters
      const chars = [...text];
      for (let n = rng.int(1, 5); n > 0; n--) chars[rng.int(0, chars.length - 1)] = rng.pick([...'0123456789 .-+eE\n%x\t', '', '\r', 'nan']);
      return chars.join('');
    }
    case 1: // truncate
      return text.slice(0, rng.int(0, text.length - 1));
    case 2: { // change a number of the size line
      const t = lines[sizeLine]!.split(' ');
      t[rng.int(0, 2)] = String(rng.pick([0, 1, -1, 2 ** 31, 2 ** 31 - 1, 1e12, rng.int(0, 100000), Number(t[0]) + rng.int(-2, 2)]));
      lines[sizeLine] = t.join(' ');
      return lines.join('\n');
    }
    case 3: // duplicate an entry line
      lines.splice(rng.int(sizeLine + 1, lines.length - 1), 0, lines[rng.int(sizeLine + 1, lines.length - 2)]!);
      return lines.join('\n');
    case 4: // delete a line
      lines.splice(rng.int(0, lines.length - 1), 1);
      return lines.join('\n');
    case 5: { // mangle the banner
      lines[0] = rng.pick(['%%MatrixMarket matrix coordinate real symmetric', '%%MatrixMarket matrix coordinate pattern general',
        '%%MatrixMarket matrix coordinate integer general', '%%MatrixMarket matrix array real general', '%MatrixMarket', '']);
      return lines.join('\n');
    }
    default: { // an index or value token of an entry gets an odd value
      const i = rng.int(sizeLine + 1, lines.length - 2);
      const t = lines[i]!.trim().split(/\s+/);
      t[rng.int(0, t.length - 1)] = rng.pick(['0', '-1', '999999', '1e400', 'inf', '1.5', '', '7 8']);
      lines[i] = t.join(' ');
      return lines.join('\n');
    }
  }
}

describe('fuzzing the readers with mutated real files: every outcome is a validated result or a SparseCnnError', () => {
  const real = loadReal();

  it('compact sparse format (CSR and CSB, raw and re-sealed with a valid CRC)', (ctx) => {
    if (!real) return ctx.skip();
    withSeed('fuzz-compact', (rng) => {
      const sources = real.flatMap(({ m }) => [serializeSparse(m), serializeSparse(csrToCsb(m, { blockRows: 16, blockCols: 64 }))]);
      const codes = new Map<string, number>();
      for (let iter = 0; iter < 1200; iter++) {
        const src = rng.pick(sources);
        let b = mutateBytes(rng, src, 36);
        if (rng.next() < 0.6) b = resealSparse(b);
        const code = outcome(() => deserializeSparse(b, { file: 'fuzz.spmx' }), checkSparse, () => `iteration ${iter}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      // the mutations must reach the deep checks, not only the CRC
      for (const c of ['E_CHECKSUM', 'E_TRUNCATED', 'E_FORMAT', 'E_RANGE']) expect(codes.get(c) ?? 0, `${c} in ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    });
  });

  it('bundles of real matrices and tensors', (ctx) => {
    if (!real) return ctx.skip();
    withSeed('fuzz-bundle', (rng) => {
      const bias = { dtype: 'float32' as const, shape: [50], data: Float32Array.from({ length: 50 }, () => rng.uniform(-1, 1)) };
      const src = encodeBundle({
        meta: new TextEncoder().encode('{"net":"lenet"}'),
        entries: [{ name: 'conv1/0', value: real[0]!.m }, { name: 'conv1/1', value: bias }, { name: 'conv2/0', value: real[1]!.m }],
      });
      const codes = new Map<string, number>();
      for (let iter = 0; iter < 800; iter++) {
        const b = mutateBytes(rng, src, BUNDLE_HEADER_BYTES);
        if (rng.next() < 0.6 && b.length >= BUNDLE_HEADER_BYTES) {
          new DataView(b.buffer, b.byteOffset).setUint32(20, crc32(b, BUNDLE_HEADER_BYTES, b.length, crc32(b, 0, 20)), true);
        }
        const code = outcome(
          () => decodeBundle(b, { file: 'fuzz.spbn' }),
          (v) => {
            for (const e of (v as ReturnType<typeof decodeBundle>).entries) {
              if ('format' in e.value) checkSparse(e.value);
              else expect(e.value.data.every(Number.isFinite)).toBe(true);
            }
          },
          () => `iteration ${iter}`,
        );
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      for (const c of ['E_CHECKSUM', 'E_TRUNCATED', 'E_FORMAT']) expect(codes.get(c) ?? 0, `${c} in ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    });
  });

  it('MatrixMarket text', (ctx) => {
    if (!real) return ctx.skip();
    withSeed('fuzz-mtx', (rng) => {
      const codes = new Map<string, number>();
      for (let iter = 0; iter < 500; iter++) {
        // mostly the small LeNet files; the CaffeNet conv1 file (255 KB) now and then
        const src = rng.next() < 0.9 ? real[rng.int(0, 2)]! : real[3]!;
        let text = mutateText(rng, src.text);
        if (rng.next() < 0.3) text = mutateText(rng, text);
        const code = outcome(
          () => readMatrixMarket(text, { file: 'fuzz.mtx', duplicates: rng.pick(['error', 'sum'] as const) }),
          (v) => validateCsr(v as CsrMatrix),
          () => `iteration ${iter}`,
        );
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      expect(codes.get('E_PARSE') ?? 0, JSON.stringify([...codes])).toBeGreaterThan(0);
    });
  });
});
