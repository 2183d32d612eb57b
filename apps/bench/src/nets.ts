/**
 * The whole networks of `pnpm bench:e2e`, as NetDescriptions with their weights:
 * - lenet: the trained Caffe LeNet (dense, lenet_iter_10000.caffemodel);
 * - caffenet-pruned: CaffeNet with SkimCaffe's pruned conv1-5 weights (MatrixMarket) and random fc6-8 at SkimCaffe's
 *   fc densities (9.7 / 15.6 / 26.2 %), random biases;
 * - squeezenet-dc: Deep Compression SqueezeNet (compressed_SqueezeNet.net, decoded);
 * - googlenet: BVLC GoogLeNet's deploy net with random weights, the inception 3x3 / 5x5 convolutions at 10 % density
 *   (SkimCaffe's pruned GoogLeNet: 81-99 % sparsity on those layers), every other layer dense.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaffeModel, parameterShapes, parsePrototxt, toNetDescription } from '@sparsecnn/caffe-io';
import { csrToDense, type CsrMatrix } from '@sparsecnn/sparse';
import { Rng, SparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { CAFFENET_CONV, CAFFENET_FC, loadPrunedConv, randomArray, randomCsr, sharedDataDir } from './workloads.js';

export type NetName = 'lenet' | 'caffenet-pruned' | 'squeezenet-dc' | 'googlenet';
export const NET_NAMES: readonly NetName[] = ['lenet', 'caffenet-pruned', 'squeezenet-dc', 'googlenet'];

export interface BenchNet {
  readonly name: NetName;
  readonly title: string;
  readonly net: NetDescription;
  /** Batches measured by default (LeNet: 1 and 100, the others 1 and 8). */
  readonly batches: readonly number[];
  /** What the weights are. */
  readonly weights: string;
}

function tensor(shape: number[], data: Float32Array): Tensor {
  return { dtype: 'float32', shape, data };
}

/** A deploy prototxt with weights from `make(layer, type, shapes)` for every layer with parameters. */
export function netWithWeights(text: string, file: string, make: (layer: string, type: string, shapes: number[][]) => Tensor[]): NetDescription {
  const { net } = parsePrototxt(text, { file });
  const map = new Map<string, Tensor[]>();
  for (const l of parameterShapes(net, { file })) map.set(l.name, make(l.name, l.type, l.shapes));
  return toNetDescription(net, map, { file });
}

function withWeights(prototxtPath: string, make: (layer: string, type: string, shapes: number[][]) => Tensor[]): NetDescription {
  return netWithWeights(readFileSync(prototxtPath, 'utf8'), prototxtPath, make);
}

function randomBias(n: number, rng: Rng): Tensor {
  return tensor([n], randomArray(n, rng, -0.1, 0.1));
}

function denseFromCsr(csr: CsrMatrix, shape: number[]): Tensor {
  return tensor(shape, csrToDense(csr));
}

/** He-style scale so that activations stay O(1) through a deep random network. */
function randomDense(shape: number[], rng: Rng, density: number): Tensor {
  const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
  const scale = Math.sqrt(2 / Math.max(1, fanIn * density));
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) if (density >= 1 || rng.next() < density) data[i] = rng.uniform(-1, 1) * scale * Math.sqrt(3) / Math.SQRT2;
  return tensor(shape, data);
}

export async function loadBenchNet(name: NetName, rng: Rng, dataDir = sharedDataDir()): Promise<BenchNet> {
  const models = join(dataDir, 'models');
  switch (name) {
    case 'lenet': {
      const net = await loadCaffeModel({
        prototxt: join(models, 'lenet_mnist', 'lenet.prototxt'), weights: join(models, 'lenet_mnist', 'lenet_iter_10000.caffemodel'),
      });
      return { name, title: 'LeNet (trained, dense)', net, batches: [1, 100], weights: 'lenet_iter_10000.caffemodel' };
    }
    case 'squeezenet-dc': {
      const dir = join(models, 'squeezenet_deep_compression');
      const net = await loadCaffeModel({ prototxt: join(dir, 'SqueezeNet_deploy.prototxt'), weights: join(dir, 'compressed_SqueezeNet.net') });
      return { name, title: 'Deep Compression SqueezeNet', net, batches: [1, 8], weights: 'compressed_SqueezeNet.net (33.4% non-zero)' };
    }
    case 'caffenet-pruned': {
      const conv = new Map(CAFFENET_CONV.map((l) => [l.name, loadPrunedConv(l, dataDir)]));
      const net = withWeights(join(models, 'skimcaffe', 'caffenet', 'deploy.prototxt'), (layer, _type, shapes) => {
        const wShape = shapes[0]!;
        const n = wShape[0]!;
        const csr = conv.get(layer);
        if (csr) return [denseFromCsr(csr, wShape), randomBias(n, rng)];
        const fc = CAFFENET_FC.find((f) => f.name === layer);
        if (!fc) throw new SparseCnnError('E_ARGUMENT', `no weights for CaffeNet layer ${layer}`);
        const w = randomCsr(fc.outFeatures, fc.inFeatures, fc.density, rng);
        return [denseFromCsr(w, wShape), randomBias(n, rng)];
      });
      return {
        name, title: 'pruned CaffeNet', net, batches: [1, 8],
        weights: 'SkimCaffe conv1-5 (caffenet_pruned_l1_acc0.56256), fc6-8 random at 9.7/15.6/26.2%',
      };
    }
    case 'googlenet': {
      const net = withWeights(join(models, 'bvlc_googlenet', 'deploy.prototxt'), (layer, type, shapes) => {
        const wShape = shapes[0]!;
        const sparse = type === 'Convolution' && /inception_.*\/(3x3|5x5)$/.test(layer);
        const blobs = [randomDense(wShape, rng, sparse ? 0.1 : 1)];
        if (shapes.length > 1) blobs.push(randomBias(wShape[0]!, rng));
        return blobs;
      });
      return { name, title: 'GoogLeNet (random weights)', net, batches: [1, 8], weights: 'random; inception 3x3/5x5 at 10% density, others dense' };
    }
  }
}
