/**
 * The whole networks of `pnpm bench:e2e`, as NetDescriptions with their weights:
 * - lenet: the trained Caffe LeNet (dense, lenet_iter_10000.caffemodel);
 * - caffenet-pruned: CaffeNet with SkimCaffe's pruned conv1-5 weights (MatrixMarket) and random fc6-8 at SkimCaffe's
 *   fc densities (9.7 / 15.6 / 26.2 %), random biases;
 * - squeezenet-dc: Deep Compression SqueezeNet (compressed_SqueezeNet.net, decoded);
 * - googlenet: BVLC GoogLeNet's deploy net with random weights, the inception 3x3 / 5x5 convolutions at 10 % density
 *   (SkimCaffe's pruned GoogLeNet: 81-99 % sparsity on those layers), every other layer dense;
 * - resnet50: SkimCaffe's ResNet-50 GESL train/val net (its Data layer becomes a 3x224x224 input) with random weights at
 *   SkimCaffe's published sparsities: the 16 3x3 `branch2b` convolutions 80.8 % to 98.0 % sparse (the README gives the
 *   range, not the per-layer values: spread linearly, shallow to deep), fc1000 91.5 % sparse, 1x1 layers and conv1
 *   dense. BatchNorm running statistics near (0, 1), Scale near (1, 0), the last Scale of each residual branch at 0.3 so
 *   that activations stay O(1) over 16 residual sums.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaffeModel, parameterShapes, parsePrototxt, toNetDescription } from '@sparsecnn/caffe-io';
import { csrToDense, type CsrMatrix } from '@sparsecnn/sparse';
import { type Rng, SparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { CAFFENET_CONV, CAFFENET_FC, loadPrunedConv, randomArray, randomCsr, sharedDataDir } from './workloads.js';

export type NetName = 'lenet' | 'caffenet-pruned' | 'squeezenet-dc' | 'googlenet' | 'resnet50';
export const NET_NAMES: readonly NetName[] = ['lenet', 'caffenet-pruned', 'squeezenet-dc', 'googlenet', 'resnet50'];

/** SkimCaffe's pruned ResNet-50: the 16 branch2b layers span 80.8-98.0 % sparsity; density of the i-th of them. */
export function resnet50Branch2bDensity(i: number): number {
  return 1 - (0.808 + ((0.98 - 0.808) * Math.min(15, Math.max(0, i))) / 15);
}
/** SkimCaffe's pruned ResNet-50 fc1000: 91.5 % sparse. */
export const RESNET50_FC_DENSITY = 0.085;

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

/**
 * The net without its final Softmax, so that the output check compares logits: on a random or barely trained
 * network the softmax is nearly uniform (every value ~1/1000), and an absolute error bound on it says little.
 */
export function withoutFinalSoftmax(net: NetDescription): NetDescription {
  const last = net.layers[net.layers.length - 1];
  if (!last || last.type !== 'Softmax') return net;
  const consumed = net.layers.some((l) => l !== last && l.bottoms.some((b) => last.tops.includes(b)));
  return consumed ? net : { ...net, layers: net.layers.slice(0, -1) };
}

/** A bench network, compared on its logits (see withoutFinalSoftmax). */
export async function loadBenchNet(name: NetName, rng: Rng, dataDir = sharedDataDir()): Promise<BenchNet> {
  const b = await loadBenchNetWithSoftmax(name, rng, dataDir);
  return { ...b, net: withoutFinalSoftmax(b.net) };
}

async function loadBenchNetWithSoftmax(name: NetName, rng: Rng, dataDir: string): Promise<BenchNet> {
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
    case 'resnet50': {
      let branch2b = 0;
      const net = withWeights(join(models, 'skimcaffe', 'resnet50', 'ResNet-50-train-val-gesl.prototxt'), (layer, type, shapes) => {
        const s0 = shapes[0]!;
        switch (type) {
          case 'Convolution': {
            const density = /branch2b$/.test(layer) ? resnet50Branch2bDensity(branch2b++) : 1;
            const blobs = [randomDense(s0, rng, density)];
            if (shapes.length > 1) blobs.push(randomBias(s0[0]!, rng));
            return blobs;
          }
          case 'InnerProduct':
            return [randomDense(s0, rng, RESNET50_FC_DENSITY), randomBias(s0[0]!, rng)];
          case 'BatchNorm': {
            const c = s0[0]!;
            const mean = randomArray(c, rng, -0.1, 0.1);
            const variance = randomArray(c, rng, 0.5, 1.5);
            return [tensor([c], mean), tensor([c], variance), tensor([1], Float32Array.of(1))];
          }
          case 'Scale': {
            const c = s0[0]!;
            const gamma = /branch2c$/.test(layer) ? 0.3 : 1;
            const g = randomArray(c, rng, 0.9 * gamma, 1.1 * gamma);
            return shapes.length > 1 ? [tensor([c], g), randomBias(c, rng)] : [tensor([c], g)];
          }
          default:
            throw new SparseCnnError('E_ARGUMENT', `no weights for ResNet-50 layer ${layer} of type ${type}`);
        }
      });
      return {
        name, title: 'ResNet-50 (random weights)', net, batches: [1, 8],
        weights: 'random; 16 branch2b 3x3 at 80.8-98.0% sparsity, fc1000 at 91.5%, others dense (SkimCaffe published)',
      };
    }
  }
}
