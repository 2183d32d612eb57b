import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nativeProvider } from '../dist/index.js';
const dir = resolve(import.meta.dirname, '../../../../shared/data/models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');
const layers = [
  { name: 'conv2', C: 96, H: 27, O: 256, k: 5, s: 1, p: 2, g: 2 },
  { name: 'conv3', C: 256, H: 13, O: 384, k: 3, s: 1, p: 1, g: 1 },
  { name: 'conv4', C: 384, H: 13, O: 384, k: 3, s: 1, p: 1, g: 2 },
  { name: 'conv5', C: 384, H: 13, O: 256, k: 3, s: 1, p: 1, g: 2 },
].filter((l) => !process.env.ONLY || l.name === process.env.ONLY);
function readMtx(path) {
  const lines = readFileSync(path, 'utf8').split('\n'); let i = 0;
  while (lines[i].startsWith('%')) i++;
  const [rows, cols] = lines[i++].trim().split(/\s+/).map(Number); const e = [];
  for (; i < lines.length; i++) { const t = lines[i].trim(); if (!t) continue; const [r, c, v] = t.split(/\s+/); if (Number(v) !== 0) e.push([+r - 1, +c - 1, +v]); }
  e.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rowPtr = new Int32Array(rows + 1), colIdx = new Int32Array(e.length), values = new Float32Array(e.length);
  e.forEach(([r, c, v], j) => { rowPtr[r + 1]++; colIdx[j] = c; values[j] = v; });
  for (let r = 0; r < rows; r++) rowPtr[r + 1] += rowPtr[r];
  return { format: 'csr', rows, cols, rowPtr, colIdx, values };
}
const be = await nativeProvider.create({ threads: 1 });
const mode = process.env.MODE ?? 'sparse';
const runs = [];
for (const L of layers) {
  const w = readMtx(`${dir}/coo_${L.name}.weight.mtx`);
  const spec = { inChannels: L.C, inH: L.H, inW: L.H, outChannels: L.O, kernel: [L.k, L.k], stride: [1, 1], pad: [L.p, L.p], dilation: [1, 1], groups: L.g, relu: true };
  const bias = new Float32Array(L.O);
  const input = { dtype: 'float32', shape: [1, L.C, L.H, L.H], data: new Float32Array(L.C * L.H * L.H).map((_, i) => Math.cos(i)) };
  let p;
  if (mode === 'sparse') p = be.kernels.prepareSparseConv2d(w, bias, spec);
  else { const d = new Float32Array(w.rows * w.cols); for (let r = 0; r < w.rows; r++) for (let j = w.rowPtr[r]; j < w.rowPtr[r + 1]; j++) d[r * w.cols + w.colIdx[j]] = w.values[j];
    p = be.kernels.prepareConv2d({ dtype: 'float32', shape: [L.O, L.C / L.g, L.k, L.k], data: d }, bias, spec); }
  const shape = p.outputShape(input.shape);
  const out = { dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
  runs.push(mode === 'sparse' ? () => be.kernels.sparseConv2d(input, p, out) : () => be.kernels.conv2d(input, p, out));
}
const t0 = Date.now();
while (Date.now() - t0 < Number(process.env.SECS ?? 5) * 1000) for (const r of runs) r();
