import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CsrMatrix } from '@sparsecnn/sparse';
import { Rng, compareClose, randomUniform } from '@sparsecnn/tensor';
import { createWasmBackend } from '../src/index.js';
import { ensureWasmBuilt, refConv, spec } from './helpers.js';

ensureWasmBuilt();
const dir = join(import.meta.dirname, '../../../../shared/data/models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');

/** Minimal MatrixMarket coordinate reader (1-based), local to the test. */
function readMtx(file: string): CsrMatrix {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('%'));
  const [rows, cols, nnz] = lines[0]!.trim().split(/\s+/).map(Number) as [number, number, number];
  const e: Array<[number, number, number]> = [];
  for (let i = 1; i <= nnz; i++) {
    const [r, c, v] = lines[i]!.trim().split(/\s+/);
    e.push([Number(r) - 1, Number(c) - 1, Number(v)]);
  }
  e.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  e.forEach(([r, c, v], j) => {
    rowPtr[r + 1]!++;
    colIdx[j] = c;
    values[j] = v;
  });
  for (let r = 0; r < rows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  return { format: 'csr', rows, cols, rowPtr, colIdx, values };
}

const file = join(dir, 'coo_conv5.weight.mtx');
const present = existsSync(file);
if (!present && process.env.CI === 'true') throw new Error(`missing ${file}`);

describe.skipIf(!present)('real pruned CaffeNet conv5 weights', () => {
  it('sparse and dense wasm conv5 match the float64 reference', async () => {
    const m = readMtx(file);
    const s = spec({ inChannels: 384, inH: 13, inW: 13, outChannels: 256, pad: [1, 1], groups: 2, relu: true });
    const dense = new Float32Array(m.rows * m.cols);
    for (let r = 0; r < m.rows; r++) for (let j = m.rowPtr[r]!; j < m.rowPtr[r + 1]!; j++) dense[r * m.cols + m.colIdx[j]!] = m.values[j]!;
    const rng = new Rng();
    const x = randomUniform([1, 384, 13, 13], rng, 0, 1);
    const bias = randomUniform([256], rng, -0.1, 0.1).data;
    const ref = refConv(x, dense, bias, s);
    const b = await createWasmBackend();
    const ps = b.kernels.prepareSparseConv2d!(m, bias, s);
    const pd = b.kernels.prepareConv2d!({ dtype: 'float32', shape: [256, 192, 3, 3], data: dense }, bias, s);
    for (const y of [b.kernels.sparseConv2d!(x, ps), b.kernels.conv2d!(x, pd)]) {
      const r = compareClose(y.data, ref, { atol: 1e-4, rtol: 1e-4 });
      expect(r.ok, `seed ${rng.seed}: ${r.message}`).toBe(true);
    }
    b.dispose();
  });
});
