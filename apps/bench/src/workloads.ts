/**
 * The benchmark workloads: CaffeNet conv1-5 geometry with the real pruned SkimCaffe weights, the density sweep
 * shapes, and the fc6-8 shapes at SkimCaffe's densities.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Rng, SparseCnnError } from '@sparsecnn/tensor';
import { readMatrixMarket, type CsbMatrix, type CsrMatrix } from '@sparsecnn/sparse';
import { convOut } from './onnx.js';

export interface ConvLayer {
  readonly name: string;
  readonly inChannels: number;
  readonly inH: number;
  readonly inW: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
  readonly groups: number;
}

/** CaffeNet / AlexNet conv1-5 (per image). */
export const CAFFENET_CONV: readonly ConvLayer[] = [
  { name: 'conv1', inChannels: 3, inH: 227, inW: 227, outChannels: 96, kernel: 11, stride: 4, pad: 0, groups: 1 },
  { name: 'conv2', inChannels: 96, inH: 27, inW: 27, outChannels: 256, kernel: 5, stride: 1, pad: 2, groups: 2 },
  { name: 'conv3', inChannels: 256, inH: 13, inW: 13, outChannels: 384, kernel: 3, stride: 1, pad: 1, groups: 1 },
  { name: 'conv4', inChannels: 384, inH: 13, inW: 13, outChannels: 384, kernel: 3, stride: 1, pad: 1, groups: 2 },
  { name: 'conv5', inChannels: 384, inH: 13, inW: 13, outChannels: 256, kernel: 3, stride: 1, pad: 1, groups: 2 },
];

export const SWEEP_LAYERS = ['conv2', 'conv3', 'conv5'] as const;
export const SWEEP_DENSITIES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0] as const;

export interface FcLayer {
  readonly name: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** SkimCaffe's pruned CaffeNet density (1 - sparsity). */
  readonly density: number;
}

export const CAFFENET_FC: readonly FcLayer[] = [
  { name: 'fc6', inFeatures: 9216, outFeatures: 4096, density: 0.097 },
  { name: 'fc7', inFeatures: 4096, outFeatures: 4096, density: 0.156 },
  { name: 'fc8', inFeatures: 4096, outFeatures: 1000, density: 0.262 },
];

export function convLayer(name: string): ConvLayer {
  const l = CAFFENET_CONV.find((x) => x.name === name);
  if (!l) throw new SparseCnnError('E_ARGUMENT', `unknown layer ${name}`);
  return l;
}

export function outSize(l: ConvLayer): [number, number] {
  return [convOut(l.inH, l.kernel, l.stride, l.pad), convOut(l.inW, l.kernel, l.stride, l.pad)];
}

/** Columns of the weight matrix: (C / g) * k * k. */
export function weightCols(l: ConvLayer): number {
  return (l.inChannels / l.groups) * l.kernel * l.kernel;
}

/** Dense multiply-accumulates per image. */
export function denseMacs(l: ConvLayer): number {
  const [oh, ow] = outSize(l);
  return l.outChannels * weightCols(l) * oh * ow;
}

/** Multiply-accumulates per image that touch a non-zero weight. */
export function sparseMacs(l: ConvLayer, nnz: number): number {
  const [oh, ow] = outSize(l);
  return nnz * oh * ow;
}

/** `<repo>/../shared/data`, from this file in src/ or dist/ (both sit at apps/bench/<dir>). */
export function sharedDataDir(): string {
  const env = process.env['SPARSECNN_DATA'];
  if (env) return env;
  return resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
}

export const PRUNED_CAFFENET_DIR = join('models', 'skimcaffe', 'caffenet_pruned_l1_acc0.56256_mtx');

/** The pruned CaffeNet weights of one conv layer (stacked groups), checked against the layer geometry. */
export function loadPrunedConv(l: ConvLayer, dataDir = sharedDataDir()): CsrMatrix {
  const file = join(dataDir, PRUNED_CAFFENET_DIR, `coo_${l.name}.weight.mtx`);
  if (!existsSync(file)) throw new SparseCnnError('E_IO', `missing pruned weights (see shared/data/MANIFEST.md)`, { file });
  const m = readMatrixMarket(readFileSync(file, 'utf8'), { file });
  if (m.rows !== l.outChannels || m.cols !== weightCols(l)) {
    throw new SparseCnnError('E_SHAPE', `${m.rows} x ${m.cols} weights do not fit ${l.name} (${l.outChannels} x ${weightCols(l)})`, {
      file,
      layer: l.name,
    });
  }
  return m;
}

/** Random CSR of the given density: each entry non-zero with probability `density`, values in [-0.05, 0.05). */
export function randomCsr(rows: number, cols: number, density: number, rng: Rng): CsrMatrix {
  const rowPtr = new Int32Array(rows + 1);
  const cap = Math.ceil(rows * cols * Math.min(1, density * 1.05) + 64 * Math.sqrt(rows * cols) + 16);
  let colIdx = new Int32Array(cap);
  let values = new Float32Array(cap);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (density >= 1 || rng.next() < density) {
        if (k === colIdx.length) {
          const ci = new Int32Array(colIdx.length * 2);
          ci.set(colIdx);
          colIdx = ci;
          const vv = new Float32Array(values.length * 2);
          vv.set(values);
          values = vv;
        }
        let v = 0;
        while (v === 0) v = Math.fround(rng.uniform(-0.05, 0.05));
        colIdx[k] = c;
        values[k] = v;
        k++;
      }
    }
    rowPtr[r + 1] = k;
  }
  return { format: 'csr', rows, cols, rowPtr, colIdx: colIdx.slice(0, k), values: values.slice(0, k) };
}

/** Bytes of the arrays a sparse matrix holds (what a bandwidth-bound SpMV streams). */
export function sparseBytes(m: CsrMatrix | CsbMatrix): number {
  if (m.format === 'csr') return m.rowPtr.byteLength + m.colIdx.byteLength + m.values.byteLength;
  return m.blockPtr.byteLength + m.rowIdx.byteLength + m.colIdx.byteLength + m.values.byteLength;
}

export function randomArray(n: number, rng: Rng, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(lo, hi);
  return a;
}
