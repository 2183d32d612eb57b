// Quick local timing of the native sparse and dense convolutions on the real pruned CaffeNet conv1-5 weights
// (SkimCaffe's MatrixMarket files). Not a test: medians after warm-up, printed as a table.
//   pnpm --filter @sparsecnn/kernels-native build && node packages/kernels-native/scripts/quick-bench.mjs [--threads 1,2] [--batch 1] [--reps 50]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { csrToDense, readMatrixMarket } from '@sparsecnn/sparse';
import { nativeProvider } from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const threadList = opt('threads', '2,1').split(',').map(Number);
const batches = opt('batch', '1').split(',').map(Number);
const reps = Number(opt('reps', '40'));
const isa = opt('isa', 'auto');
const dir = resolve(import.meta.dirname, '../../../../shared/data/models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');

// CaffeNet geometry (MANIFEST.md / csrmm_test.sh); ORT 2-thread / 1-thread medians from TOOLCHAIN.md for reference.
const layers = [
  { name: 'conv1', C: 3, H: 227, O: 96, k: 11, s: 4, p: 0, g: 1, ort: [2.23, 3.31] },
  { name: 'conv2', C: 96, H: 27, O: 256, k: 5, s: 1, p: 2, g: 2, ort: [3.48, 5.64] },
  { name: 'conv3', C: 256, H: 13, O: 384, k: 3, s: 1, p: 1, g: 1, ort: [1.68, 3.58] },
  { name: 'conv4', C: 384, H: 13, O: 384, k: 3, s: 1, p: 1, g: 2, ort: [1.30, 2.67] },
  { name: 'conv5', C: 384, H: 13, O: 256, k: 3, s: 1, p: 1, g: 2, ort: [0.88, 1.74] },
];

// Wall-clock medians; with --cpu, process CPU time per call instead (meaningful for 1 thread on a busy host,
// where other processes steal the core: it counts only the cycles this process ran).
const useCpu = args.includes('--cpu');
function now() {
  if (!useCpu) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
function median(fn) {
  for (let i = 0; i < Math.max(3, reps / 10); i++) fn();
  const t = [];
  const inner = useCpu ? 10 : 1;
  for (let i = 0; i < reps; i++) {
    const a = now();
    for (let j = 0; j < inner; j++) fn();
    t.push((now() - a) / inner);
  }
  t.sort((a, b) => a - b);
  return { med: t[t.length >> 1], min: t[0], max: t[t.length - 1] };
}

const fmt = (x) => x.toFixed(3).padStart(7);
for (const threads of threadList) {
  const be = await nativeProvider.create({ isa, threads });
  const info = be.info();
  for (const n of batches) {
    console.log(`\n# native ${info.isa}, ${info.threads} thread(s), batch ${n}, median of ${reps} (ms)`);
    console.log('layer  density  nnz      sparse  dense   ORT(ref)  ORT/sparse  ORT/dense  real GF/s sparse');
    let sumS = 0, sumD = 0, sumO = 0;
    for (const L of layers) {
      const file = `${dir}/coo_${L.name}.weight.mtx`;
      const w = readMatrixMarket(readFileSync(file, 'utf8'), { file });
      const spec = {
        inChannels: L.C, inH: L.H, inW: L.H, outChannels: L.O, kernel: [L.k, L.k], stride: [L.s, L.s], pad: [L.p, L.p],
        dilation: [1, 1], groups: L.g, relu: true,
      };
      const bias = new Float32Array(L.O).map((_, i) => Math.sin(i) * 0.1);
      const input = { dtype: 'float32', shape: [n, L.C, L.H, L.H], data: new Float32Array(n * L.C * L.H * L.H).map((_, i) => Math.cos(i * 0.37)) };
      const sp = be.kernels.prepareSparseConv2d(w, bias, spec);
      const dense = { dtype: 'float32', shape: [L.O, L.C / L.g, L.k, L.k], data: csrToDense(w) };
      const dp = be.kernels.prepareConv2d(dense, bias, spec);
      const shape = sp.outputShape(input.shape);
      const out = { dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
      const ts = median(() => be.kernels.sparseConv2d(input, sp, out));
      const td = median(() => be.kernels.conv2d(input, dp, out));
      const ort = (threads === 1 ? L.ort[1] : L.ort[0]) * n;
      const density = w.values.length / (w.rows * w.cols);
      const gf = (2 * w.values.length * shape[2] * shape[3] * n) / (ts.med * 1e6);
      console.log(
        `${L.name}  ${(density * 100).toFixed(1).padStart(5)}%  ${String(w.values.length).padStart(6)}  ${fmt(ts.med)} ${fmt(td.med)}  ${fmt(ort)}  ${(ort / ts.med).toFixed(2).padStart(8)}x  ${(ort / td.med).toFixed(2).padStart(7)}x  ${gf.toFixed(1).padStart(8)}`,
      );
      if (L.name !== 'conv1') {
        sumS += ts.med;
        sumD += td.med;
        sumO += ort;
      }
      sp.dispose();
      dp.dispose();
    }
    console.log(`conv2-5 summed: sparse ${sumS.toFixed(3)} ms, dense ${sumD.toFixed(3)} ms, ORT(ref) ${sumO.toFixed(2)} ms -> ORT/sparse ${(sumO / sumS).toFixed(2)}x, ORT/dense ${(sumO / sumD).toFixed(2)}x`);
  }
  be.dispose();
}
