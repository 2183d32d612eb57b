// Sizes and speeds of the sparse formats on the real pruned CaffeNet conv1-5 weights (SkimCaffe MatrixMarket).
// Run after `pnpm --filter @sparsecnn/sparse build`: `pnpm --filter @sparsecnn/sparse bench`. Medians of 9 runs
// after 3 warm-up runs; the machine is shared, so read the numbers as orders of magnitude.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  csbToCsr, csrToCsb, decodeBundle, deserializeSparse, encodeBundle, readMatrixMarket, serializeSparse, sparseStats,
  writeMatrixMarket,
} from '../dist/index.js';

const dir = resolve(import.meta.dirname, '../../../../shared/data/models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');

function median(fn) {
  for (let i = 0; i < 3; i++) fn();
  const t = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[4];
}

const rows = [];
const entries = [];
let mtxBytes = 0;
for (const layer of ['conv1', 'conv2', 'conv3', 'conv4', 'conv5']) {
  const path = join(dir, `coo_${layer}.weight.mtx`);
  const text = readFileSync(path, 'utf8');
  mtxBytes += statSync(path).size;
  const m = readMatrixMarket(text, { file: path });
  const s = sparseStats(m, { blocking: { blockRows: 256, blockCols: 128 } });
  const bytes = serializeSparse(m);
  entries.push({ name: `${layer}/0`, value: m });
  rows.push({
    layer, shape: `${m.rows}x${m.cols}`, nnz: s.nnz, density: s.density.toFixed(3),
    mtx: statSync(path).size, dense: s.bytes.dense, csr: s.bytes.csr, csb: s.bytes.csb, compact: bytes.length,
    'parse ms': median(() => readMatrixMarket(text)).toFixed(2),
    'write ms': median(() => writeMatrixMarket(m)).toFixed(2),
    'serialize ms': median(() => serializeSparse(m)).toFixed(2),
    'deserialize ms': median(() => deserializeSparse(bytes)).toFixed(2),
    'csr->csb ms': median(() => csrToCsb(m, { blockRows: 256, blockCols: 128 })).toFixed(2),
    'csb->csr ms': median(() => csbToCsr(csrToCsb(m, { blockRows: 256, blockCols: 128 }))).toFixed(2),
  });
}
console.table(rows);
const bundle = encodeBundle({ entries });
console.log(
  `bundle of conv1-5: ${bundle.length} B (MatrixMarket text ${mtxBytes} B); encode ${median(() => encodeBundle({ entries })).toFixed(2)} ms, ` +
    `decode ${median(() => decodeBundle(bundle)).toFixed(2)} ms`,
);
