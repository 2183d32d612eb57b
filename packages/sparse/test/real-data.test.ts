import { tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { decodeBundle, encodeBundle } from '../src/bundle.js';
import { csbToCsr, csbToDense, csrToCsb, denseToCsb } from '../src/csb.js';
import { csrToDense, denseToCsr, validateCsr } from '../src/csr.js';
import { readMatrixMarket, writeMatrixMarket } from '../src/matrix-market.js';
import { deserializeSparse, serializeSparse } from '../src/sparse-binary.js';
import { layerStats, sparseStats } from '../src/stats.js';
import type { CsbMatrix, CsrMatrix } from '../src/types.js';
import { expectSameBits, expectSameInts, readDataText } from './helpers.js';
import { MTX_FILES } from './real-files.js';

function expectSameCsr(a: CsrMatrix, b: CsrMatrix, what: string): void {
  expect([a.rows, a.cols], what).toEqual([b.rows, b.cols]);
  expectSameInts(a.rowPtr, b.rowPtr, `${what}: rowPtr`);
  expectSameInts(a.colIdx, b.colIdx, `${what}: colIdx`);
  expectSameBits(a.values, b.values, `${what}: values`);
}

/** An independent, deliberately naive reading of a general real coordinate file into a dense float32 matrix. */
function naiveDense(text: string): { dense: Float32Array; rows: number; cols: number; entries: number; zeros: number } {
  const lines = text.split('\n').filter((l) => l.trim().length > 0 && !l.startsWith('%'));
  const [rows, cols, nnz] = lines[0]!.trim().split(/\s+/).map(Number) as [number, number, number];
  const dense = new Float32Array(rows * cols);
  let zeros = 0;
  for (const l of lines.slice(1)) {
    const [r, c, v] = l.trim().split(/\s+/);
    const f = Math.fround(Number.parseFloat(v!));
    if (f === 0) zeros++;
    dense[(Number(r) - 1) * cols + Number(c) - 1] = f;
  }
  expect(lines.length - 1).toBe(nnz);
  return { dense, rows, cols, entries: nnz, zeros };
}

const loaded = new Map<string, CsrMatrix>();

describe('real pruned weights (SkimCaffe MatrixMarket)', () => {
  for (const [fileIndex, f] of MTX_FILES.entries()) {
    it(`${f.label}: loads with the manifest's shape and nnz, and round-trips bit-exactly`, (ctx) => {
      const text = readDataText(f.path);
      if (text === undefined) return ctx.skip();
      const m = readMatrixMarket(text, { file: f.path });
      validateCsr(m, f.label);
      expect([m.rows, m.cols, m.values.length]).toEqual([f.rows, f.cols, f.nnz]);
      loaded.set(f.label, m);
      // independent reference parse
      const ref = naiveDense(text);
      expect(ref.zeros, 'explicit zeros in the file').toBe(0);
      expectSameBits(csrToDense(m), ref.dense, `${f.label}: dense`);
      // dense -> CSR
      expectSameCsr(denseToCsr(ref.dense, f.rows, f.cols), m, `${f.label}: dense -> CSR`);
      // CSR <-> CSB with several blockings (16-bit and 32-bit local indices, partial edge blocks); two per file,
      // rotating, so that every blocking meets several files and the suite stays fast
      const blockings = [
        { blockRows: 64, blockCols: 64 },
        { blockRows: 256, blockCols: 128 },
        { blockRows: 37, blockCols: 100 },
        { blockRows: 1, blockCols: 70000 },
      ];
      for (const blocking of [blockings[fileIndex % 4]!, blockings[(fileIndex + 1) % 4]!]) {
        const csb = csrToCsb(m, blocking);
        expectSameCsr(csbToCsr(csb), m, `${f.label}: CSB ${blocking.blockRows}x${blocking.blockCols} -> CSR`);
        expectSameBits(csbToDense(csb), ref.dense, `${f.label}: CSB -> dense`);
        const viaDense = denseToCsb(ref.dense, f.rows, f.cols, blocking);
        expectSameInts(viaDense.blockPtr, csb.blockPtr, 'dense -> CSB blockPtr');
        expectSameBits(viaDense.values, csb.values, 'dense -> CSB values');
        const cb = deserializeSparse(serializeSparse(csb), { file: f.path }) as CsbMatrix;
        expectSameInts(cb.blockPtr, csb.blockPtr, 'compact CSB blockPtr');
        expectSameInts(cb.rowIdx, csb.rowIdx, 'compact CSB rowIdx');
        expectSameInts(cb.colIdx, csb.colIdx, 'compact CSB colIdx');
        expectSameBits(cb.values, csb.values, 'compact CSB values');
      }
      // compact format
      const bytes = serializeSparse(m);
      expectSameCsr(deserializeSparse(bytes, { file: f.path }) as CsrMatrix, m, `${f.label}: compact`);
      expect(bytes.length).toBe(sparseStats(m).bytes.compact);
      // MatrixMarket writer
      expectSameCsr(readMatrixMarket(writeMatrixMarket(m)), m, `${f.label}: MatrixMarket write/read`);
    });
  }

  it('stacked conv2/conv4/conv5 equal their group halves; densities match the manifest', (ctx) => {
    for (const layer of ['conv2', 'conv4', 'conv5']) {
      const full = loaded.get(`caffenet ${layer}`);
      const a = loaded.get(`caffenet ${layer}_1`);
      const b = loaded.get(`caffenet ${layer}_2`);
      if (!full || !a || !b) return ctx.skip();
      const stacked = new Float32Array(full.rows * full.cols);
      stacked.set(csrToDense(a));
      stacked.set(csrToDense(b), a.rows * a.cols);
      expectSameBits(csrToDense(full), stacked, `${layer} = vstack(${layer}_1, ${layer}_2)`);
    }
    // structured sparsity of conv2 as a [256, 48, 5, 5] weight tensor, against brute force
    const conv2 = loaded.get('caffenet conv2')!;
    const w = csrToDense(conv2);
    const ls = layerStats(tensor(w, [256, 48, 5, 5]), { name: 'conv2' });
    let zeroKernels = 0;
    for (let k = 0; k < 256 * 48; k++) if (w.subarray(k * 25, k * 25 + 25).every((v) => v === 0)) zeroKernels++;
    expect(ls.kernels).toEqual({ count: 256 * 48, zero: zeroKernels });
    expect(ls.nnz).toBe(34979);
    console.info(`conv2: ${zeroKernels} of ${256 * 48} 5x5 kernels are all zero; ${ls.zeroOutputChannels} empty output channels, ${ls.zeroInputChannels} unused input channels`);
    const density: Record<string, number> = { conv1: 0.404, conv2: 0.114, conv3: 0.049, conv4: 0.061, conv5: 0.092 };
    for (const [layer, d] of Object.entries(density)) {
      const m = loaded.get(`caffenet ${layer}`);
      if (!m) return ctx.skip();
      expect(sparseStats(m).density).toBeCloseTo(d, 3);
    }
  });

  it('stores the whole pruned CaffeNet conv stack in one bundle, bit-exactly and compactly', (ctx) => {
    const entries = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'].map((l) => ({ name: `${l}/0`, value: loaded.get(`caffenet ${l}`)! }));
    if (entries.some((e) => e.value === undefined)) return ctx.skip();
    const bytes = encodeBundle({ meta: new TextEncoder().encode('{"model":"caffenet_pruned_l1_acc0.56256"}'), entries });
    const back = decodeBundle(bytes, { file: 'caffenet.spbn' });
    for (const [i, e] of entries.entries()) {
      expect(back.entries[i]!.name).toBe(e.name);
      expectSameCsr(back.entries[i]!.value as CsrMatrix, e.value, e.name);
    }
    let nnz = 0;
    let dense = 0;
    let csr = 0;
    for (const e of entries) {
      const s = sparseStats(e.value);
      nnz += s.nnz;
      dense += s.bytes.dense;
      csr += s.bytes.csr;
    }
    // fp32 + u16 column per non-zero, plus row pointers and headers
    expect(bytes.length).toBeLessThan(nnz * 6 + 16_000);
    console.info(
      `CaffeNet conv1-5: nnz ${nnz}; dense ${dense} B, CSR ${csr} B, bundle ${bytes.length} B (${(dense / bytes.length).toFixed(2)}x smaller than dense)`,
    );
  });
});
