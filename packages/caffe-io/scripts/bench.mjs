// Decode timings of caffe-io on the shared real models and a synthetic 100 MB .caffemodel (medians after warm-up).
// Usage: pnpm --filter @sparsecnn/caffe-io build && node packages/caffe-io/scripts/bench.mjs
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  decodeCaffeModel, decodeDeepCompressionNet, encodeCaffeModel, parsePrototxt, toNetDescription,
} from '../dist/index.js';

const data = resolve(import.meta.dirname, '../../../../shared/data/models');
function median(f, runs = 9) {
  f();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[runs >> 1].toFixed(2);
}

const lenet = readFileSync(`${data}/lenet_mnist/lenet_iter_10000.caffemodel`);
const lenetDeploy = parsePrototxt(readFileSync(`${data}/lenet_mnist/lenet.prototxt`, 'utf8')).net;
const sqNet = readFileSync(`${data}/squeezenet_deep_compression/compressed_SqueezeNet.net`);
const sqDeploy = parsePrototxt(readFileSync(`${data}/squeezenet_deep_compression/SqueezeNet_deploy.prototxt`, 'utf8')).net;
const googlenet = readFileSync(`${data}/bvlc_googlenet/train_val.prototxt`, 'utf8');

console.log(`lenet .caffemodel decode (1.7 MB):       ${median(() => decodeCaffeModel(lenet))} ms`);
console.log(`lenet decode + toNetDescription:          ${median(() => toNetDescription(lenetDeploy, decodeCaffeModel(lenet)))} ms`);
console.log(`SqueezeNet .net decode (676 KB -> 1.24 M): ${median(() => decodeDeepCompressionNet(sqNet, sqDeploy))} ms`);
console.log(`GoogLeNet train_val.prototxt parse (40 KB): ${median(() => parsePrototxt(googlenet))} ms`);

const n = 25_000_000;
const big = new Float32Array(n).map((_, i) => Math.sin(i));
const bytes = encodeCaffeModel({ layer: [{ name: 'fc', type: 'InnerProduct', blobs: [{ shape: { dim: [5000, 5000] }, data: big }] }] });
console.log(`synthetic 100 MB .caffemodel encode:      ${median(() => encodeCaffeModel({ layer: [{ name: 'fc', blobs: [{ data: big }] }] }), 3)} ms`);
console.log(`synthetic 100 MB .caffemodel decode:      ${median(() => decodeCaffeModel(bytes), 3)} ms`);
