import { join } from 'node:path';
import { CAFFENET_MTX_DIR, LENET_MTX_DIRS } from './helpers.js';

export interface MtxFile {
  readonly path: string;
  readonly label: string;
  readonly rows: number;
  readonly cols: number;
  readonly nnz: number;
}

const caffenet = (name: string, rows: number, cols: number, nnz: number): MtxFile => ({
  path: join(CAFFENET_MTX_DIR, `coo_${name}.weight.mtx`), label: `caffenet ${name}`, rows, cols, nnz,
});

/** Every MatrixMarket file of the pruned CaffeNet and LeNet sets, with dims and nnz from data/MANIFEST.md. */
export const MTX_FILES: readonly MtxFile[] = [
  caffenet('conv1', 96, 363, 14092),
  caffenet('conv2', 256, 1200, 34979),
  caffenet('conv2_1', 128, 1200, 21373),
  caffenet('conv2_2', 128, 1200, 13606),
  caffenet('conv3', 384, 2304, 43245),
  caffenet('conv4', 384, 1728, 40472),
  caffenet('conv4_1', 192, 1728, 13771),
  caffenet('conv4_2', 192, 1728, 26701),
  caffenet('conv5', 256, 1728, 40764),
  caffenet('conv5_1', 128, 1728, 15924),
  caffenet('conv5_2', 128, 1728, 24840),
  { path: join(LENET_MTX_DIRS[0]!, 'coo_conv1.weight.mtx'), label: 'lenet 0.9846 conv1', rows: 20, cols: 25, nnz: 70 },
  { path: join(LENET_MTX_DIRS[0]!, 'coo_conv2.weight.mtx'), label: 'lenet 0.9846 conv2', rows: 50, cols: 500, nnz: 1039 },
  { path: join(LENET_MTX_DIRS[1]!, 'coo_conv1.weight.mtx'), label: 'lenet 0.9865 conv1', rows: 20, cols: 25, nnz: 20 },
  { path: join(LENET_MTX_DIRS[1]!, 'coo_conv2.weight.mtx'), label: 'lenet 0.9865 conv2', rows: 50, cols: 500, nnz: 926 },
];

/** CaffeNet conv geometry (data/MANIFEST.md, from SkimCaffe's csrmm_test.sh). */
export const CAFFENET_GEOMETRY = {
  conv1: { inChannels: 3, inH: 227, inW: 227, outChannels: 96, kernel: [11, 11], stride: [4, 4], pad: [0, 0], dilation: [1, 1], groups: 1 },
  conv2: { inChannels: 96, inH: 27, inW: 27, outChannels: 256, kernel: [5, 5], stride: [1, 1], pad: [2, 2], dilation: [1, 1], groups: 2 },
  conv3: { inChannels: 256, inH: 13, inW: 13, outChannels: 384, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1 },
  conv4: { inChannels: 384, inH: 13, inW: 13, outChannels: 384, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 2 },
  conv5: { inChannels: 384, inH: 13, inW: 13, outChannels: 256, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 2 },
} as const;
