// Quick timing of the wasm kernels on the real pruned CaffeNet conv2-5 weights (SkimCaffe MatrixMarket files),
// batch 1, one thread: sparse direct convolution and dense direct convolution, median of repeated runs after
// warm-up. With --tfjs it also times @tensorflow/tfjs-backend-wasm dense conv2d (XNNPACK) when it can be resolved.
// Usage: pnpm --filter @sparsecnn/kernels-wasm build && node packages/kernels-wasm/scripts/quick-bench.mjs [--reps 30] [--tfjs] [--cpu] [--only conv1,conv2] [--threads=2]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { csrToDense, readMatrixMarket } from '@sparsecnn/sparse';
import { createWasmBackend } from '../dist/index.js';
import { makeTimer } from './timing.mjs';

const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 30;
const withTfjs = args.includes('--tfjs');
const dataDir = join(import.meta.dirname, '../../../../shared/data/models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');

const base = { stride: [1, 1], dilation: [1, 1], relu: true };
const allLayers = [
  { name: 'conv1', spec: { ...base, inChannels: 3, inH: 227, inW: 227, outChannels: 96, kernel: [11, 11], stride: [4, 4], pad: [0, 0], groups: 1 } },
  { name: 'conv2', spec: { ...base, inChannels: 96, inH: 27, inW: 27, outChannels: 256, kernel: [5, 5], pad: [2, 2], groups: 2 } },
  { name: 'conv3', spec: { ...base, inChannels: 256, inH: 13, inW: 13, outChannels: 384, kernel: [3, 3], pad: [1, 1], groups: 1 } },
  { name: 'conv4', spec: { ...base, inChannels: 384, inH: 13, inW: 13, outChannels: 384, kernel: [3, 3], pad: [1, 1], groups: 2 } },
  { name: 'conv5', spec: { ...base, inChannels: 384, inH: 13, inW: 13, outChannels: 256, kernel: [3, 3], pad: [1, 1], groups: 2 } },
];
// --only conv1,conv3 picks layers; default conv2-5 (the summary line below is about conv2-5).
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1].split(',') : ['conv2', 'conv3', 'conv4', 'conv5'];
const layers = allLayers.filter((l) => only.includes(l.name));

// --cpu: measure process CPU time instead of wall time (robust when the shared machine is oversubscribed).
const useCpu = args.includes('--cpu');
const time = makeTimer({ reps, cpu: useCpu });

let tf;
if (withTfjs) {
  try {
    const req = createRequire(join(import.meta.dirname, '../../../apps/bench/package.json'));
    tf = req('@tensorflow/tfjs-core');
    req('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
  } catch (e) {
    console.log(`(tfjs-backend-wasm not resolvable: ${e.message.split('\n')[0]})`);
    tf = undefined;
  }
}

const conv = {};
for (const a of args) {
  const m = /^--(channelBlock|ocBlock|blockNnz)=(\d+)$/.exec(a);
  if (m) conv[m[1]] = Number(m[2]);
}
const tArg = args.find((a) => a.startsWith('--threads='));
const backend = await createWasmBackend({ conv, threads: tArg ? Number(tArg.slice(10)) : 1 });
console.log(`backend threads: ${backend.info().threads}`);
const k = backend.kernels;
const rows = [];
for (const { name, spec } of layers) {
  const file = join(dataDir, `coo_${name}.weight.mtx`);
  const csr = readMatrixMarket(readFileSync(file, 'utf8'), { file });
  const cg = spec.inChannels / spec.groups;
  const wShape = [spec.outChannels, cg, spec.kernel[0], spec.kernel[1]];
  const dense = { dtype: 'float32', shape: wShape, data: csrToDense(csr) };
  const bias = new Float32Array(spec.outChannels).fill(0.01);
  const x = { dtype: 'float32', shape: [1, spec.inChannels, spec.inH, spec.inW], data: Float32Array.from({ length: spec.inChannels * spec.inH * spec.inW }, () => Math.random()) };
  const ps = k.prepareSparseConv2d(csr, bias, spec);
  const pd = k.prepareConv2d(dense, bias, spec);
  const out = { dtype: 'float32', shape: ps.outputShape(x.shape), data: new Float32Array(ps.outputShape(x.shape).reduce((a, b) => a * b)) };
  const macs = spec.outChannels * out.shape[2] * out.shape[3] * cg * spec.kernel[0] * spec.kernel[1];
  const ts = time(() => k.sparseConv2d(x, ps, out));
  const td = time(() => k.conv2d(x, pd, out));
  const row = { layer: name, density: csr.values.length / (csr.rows * csr.cols), sparse: ts, dense: td, macs };
  if (tf) {
    // NHWC input and HWIO filter; groups handled as separate convolutions (tfjs has no grouped conv2d).
    const H = spec.inH, W = spec.inW;
    const G = spec.groups;
    const og = spec.outChannels / G;
    const xs = [], fs = [];
    for (let g = 0; g < G; g++) {
      xs.push(tf.randomUniform([1, H, W, cg]));
      const f = new Float32Array(spec.kernel[0] * spec.kernel[1] * cg * og);
      for (let o = 0; o < og; o++) for (let c = 0; c < cg; c++) for (let r = 0; r < spec.kernel[0]; r++) for (let q = 0; q < spec.kernel[1]; q++) {
        f[((r * spec.kernel[1] + q) * cg + c) * og + o] = dense.data[(((g * og + o) * cg + c) * spec.kernel[0] + r) * spec.kernel[1] + q];
      }
      fs.push(tf.tensor4d(f, [spec.kernel[0], spec.kernel[1], cg, og]));
    }
    row.tfjs = time(() => {
      for (let g = 0; g < G; g++) {
        const y = tf.conv2d(xs[g], fs[g], spec.stride[0], spec.pad[0] === 0 ? 'valid' : 'same');
        y.dataSync();
        y.dispose();
      }
    });
  }
  rows.push(row);
  ps.dispose();
  pd.dispose();
}

const fmt = (t) => `${t.median.toFixed(3)} ms [${t.p10.toFixed(3)}-${t.p90.toFixed(3)}]`;
const gf = (macs, t) => ((2 * macs) / (t.median * 1e6)).toFixed(1);
console.log(`wasm kernels, batch 1, 1 thread, ${reps} reps, ${useCpu ? 'CPU' : 'wall'} time (median [p10-p90]); GF = effective dense GFLOP/s`);
for (const r of rows) {
  console.log(
    `${r.layer}: density ${(100 * r.density).toFixed(1)}%  sparse ${fmt(r.sparse)} (${gf(r.macs, r.sparse)} GF)  dense ${fmt(r.dense)} (${gf(r.macs, r.dense)} GF)` +
      (r.tfjs ? `  tfjs-wasm ${fmt(r.tfjs)} (${gf(r.macs, r.tfjs)} GF)` : ''),
  );
}
if (['conv2', 'conv3', 'conv4', 'conv5'].some((n) => !rows.find((r) => r.layer === n))) {
  backend.dispose();
  process.exit(0);
}
const sum = (key) => rows.filter((r) => r.layer !== 'conv1').reduce((a, r) => a + (r[key] ? r[key].median : NaN), 0);
const tfSum = rows.at(-1).tfjs ? sum('tfjs') : 20.5 + 13.2 + 10.3 + 6.72;
const tfNote = rows.at(-1).tfjs ? 'tfjs-wasm measured now' : 'tfjs-wasm from TOOLCHAIN.md';
console.log(`conv2-5 summed: sparse ${sum('sparse').toFixed(2)} ms, dense ${sum('dense').toFixed(2)} ms, ${tfNote} ${tfSum.toFixed(2)} ms`);
console.log(`ratios: sparse speed-up vs tfjs ${(tfSum / sum('sparse')).toFixed(2)}x (target >= 5x), dense speed vs tfjs ${(tfSum / sum('dense')).toFixed(2)}x (target >= 0.7x)`);
backend.dispose();
