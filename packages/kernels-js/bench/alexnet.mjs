// Times the js reference kernels on AlexNet's layers (batch 1), dense and at Deep Compression's pruned densities.
// Run after `pnpm --filter @sparsecnn/kernels-js build`: node packages/kernels-js/bench/alexnet.mjs [repeats]
import { Rng, randomSparse, randomUniform } from '@sparsecnn/tensor';
import { tensorToCsr } from '@sparsecnn/sparse';
import { createJsBackend } from '../dist/index.js';

const repeats = Number(process.argv[2] ?? 5);
const k = createJsBackend().kernels;
const rng = new Rng(1234);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  fn(); // warm-up
  const ts = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const convs = [
  { name: 'conv1', c: 3, h: 227, o: 96, k: 11, s: 4, p: 0, g: 1, d: 0.84 },
  { name: 'conv2', c: 96, h: 27, o: 256, k: 5, s: 1, p: 2, g: 2, d: 0.38 },
  { name: 'conv3', c: 256, h: 13, o: 384, k: 3, s: 1, p: 1, g: 1, d: 0.35 },
  { name: 'conv4', c: 384, h: 13, o: 384, k: 3, s: 1, p: 1, g: 2, d: 0.37 },
  { name: 'conv5', c: 384, h: 13, o: 256, k: 3, s: 1, p: 1, g: 2, d: 0.37 },
];
console.log('layer   dense ms  dense GF/s | density  sparse ms  effective GF/s  (GF/s counts dense MACs)');
for (const L of convs) {
  const spec = { inChannels: L.c, inH: L.h, inW: L.h, outChannels: L.o, kernel: [L.k, L.k], stride: [L.s, L.s], pad: [L.p, L.p], dilation: [1, 1], groups: L.g, relu: true };
  const oh = Math.floor((L.h + 2 * L.p - L.k) / L.s) + 1;
  const macs = L.o * oh * oh * (L.c / L.g) * L.k * L.k;
  const x = randomUniform([1, L.c, L.h, L.h], rng);
  const w = randomSparse([L.o, L.c / L.g, L.k, L.k], rng, L.d);
  const bias = randomUniform([L.o], rng).data;
  const pd = k.prepareConv2d(randomUniform(w.shape, rng), bias, spec);
  const ps = k.prepareSparseConv2d(tensorToCsr(w), bias, spec);
  const td = time(() => k.conv2d(x, pd));
  const ts = time(() => k.sparseConv2d(x, ps));
  console.log(`${L.name.padEnd(7)} ${td.toFixed(1).padStart(8)} ${(2 * macs / td / 1e6).toFixed(2).padStart(10)} | ${L.d.toFixed(2).padStart(7)} ${ts.toFixed(1).padStart(10)} ${(2 * macs / ts / 1e6).toFixed(2).padStart(14)}`);
}
const fcs = [
  { name: 'fc6', k: 9216, o: 4096, d: 0.09 },
  { name: 'fc7', k: 4096, o: 4096, d: 0.09 },
  { name: 'fc8', k: 4096, o: 1000, d: 0.25 },
];
for (const L of fcs) {
  const x = randomUniform([1, L.k], rng);
  const w = randomSparse([L.o, L.k], rng, L.d);
  const pd = k.prepareGemm(randomUniform([L.o, L.k], rng), null, { relu: false });
  const ps = k.prepareSpmm(tensorToCsr(w), null, { relu: false });
  const td = time(() => k.gemm(x, pd));
  const ts = time(() => k.spmm(x, ps));
  const macs = L.o * L.k;
  console.log(`${L.name.padEnd(7)} ${td.toFixed(1).padStart(8)} ${(2 * macs / td / 1e6).toFixed(2).padStart(10)} | ${L.d.toFixed(2).padStart(7)} ${ts.toFixed(1).padStart(10)} ${(2 * macs / ts / 1e6).toFixed(2).padStart(14)}`);
}
