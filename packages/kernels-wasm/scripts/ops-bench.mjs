// CPU-time medians of the pruned CaffeNet layers that are not convolutions, one thread, batch 1, on the wasm backend:
// pool1, norm1, pool2, norm2, pool5 and the sparse fc6-8 at SkimCaffe's densities (random weights and inputs).
// Usage: pnpm --filter @sparsecnn/kernels-wasm build && node packages/kernels-wasm/scripts/ops-bench.mjs [--reps 30] [--threads=2] [--wall]
import { createWasmBackend } from '../dist/index.js';
import { makeTimer } from './timing.mjs';

const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 30;
// --wall: wall-clock time (threads > 1), else process CPU time (robust on a loaded machine, 1 thread).
const timer = makeTimer({ reps, cpu: !args.includes('--wall') });
const time = (fn) => timer(fn).median;
const tensor = (shape, f = () => Math.random()) => ({ dtype: 'float32', shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b) }, f) });
function randomCsr(rows, cols, density) {
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = [];
  const values = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) if (Math.random() < density) { colIdx.push(c); values.push(Math.random() - 0.5); }
    rowPtr[r + 1] = colIdx.length;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float32Array.from(values) };
}
const tArg = args.find((a) => a.startsWith('--threads='));
const b = await createWasmBackend({ threads: tArg ? Number(tArg.slice(10)) : 1 });
console.log(`backend threads: ${b.info().threads}`);
const k = b.kernels;
const rows = [];
const pool = (name, shape, kernel, stride) => {
  const x = tensor(shape);
  const params = { method: 'max', kernel: [kernel, kernel], stride: [stride, stride], pad: [0, 0], global: false };
  rows.push([name, time(() => k.pool2d(x, params))]);
};
const lrn = (name, shape) => {
  const x = tensor(shape);
  rows.push([name, time(() => k.lrn(x, { localSize: 5, alpha: 1e-4, beta: 0.75, k: 1, region: 'across' }))]);
};
pool('pool1', [1, 96, 55, 55], 3, 2);
lrn('norm1', [1, 96, 27, 27]);
pool('pool2', [1, 256, 27, 27], 3, 2);
lrn('norm2', [1, 256, 13, 13]);
pool('pool5', [1, 256, 13, 13], 3, 2);
for (const [name, O, K, d] of [['fc6', 4096, 9216, 0.097], ['fc7', 4096, 4096, 0.156], ['fc8', 1000, 4096, 0.262]]) {
  const w = randomCsr(O, K, d);
  const p = k.prepareSpmm(w, new Float32Array(O), { relu: true });
  const x = tensor([1, K]);
  rows.push([name, time(() => k.spmm(x, p))]);
  p.dispose();
}
console.log(`wasm ops, batch 1, ${args.includes('--wall') ? 'wall' : 'CPU'} ms (median of ${reps}): ` + rows.map(([n, t]) => `${n} ${t.toFixed(3)}`).join(', '));
b.dispose();
