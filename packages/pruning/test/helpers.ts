import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePrototxt } from '@sparsecnn/caffe-io';
import { createJsBackend } from '@sparsecnn/kernels-js';
import { nativeProvider } from '@sparsecnn/kernels-native';
import { KernelChain, solverConfig, type ImageSet, type SolverConfig } from '@sparsecnn/pruning';
import { Rng } from '@sparsecnn/tensor';

/** ../shared/data (or $SPARSECNN_DATA); tests that need it fail (not skip) in CI when it is missing. */
export const SHARED = process.env.SPARSECNN_DATA ?? resolve(import.meta.dirname, '../../../../shared/data');
export const LENET_DIR = join(SHARED, 'models', 'lenet_mnist');
export const HAVE_LENET = existsSync(join(LENET_DIR, 'lenet_solver.prototxt'));
export const MUST_HAVE_DATA = process.env.CI === 'true';

/** A LeNet-shaped train/test net on small images: conv 5x5 -> max pool -> conv 3x3 -> max pool -> ip -> relu -> ip. */
export function tinyLenetText(opts: { batch?: number; testBatch?: number; c1?: number; c2?: number; ip?: number; classes?: number; dropout?: boolean } = {}): string {
  const { batch = 4, testBatch = 5, c1 = 4, c2 = 6, ip = 12, classes = 5, dropout = false } = opts;
  return `
name: "TinyLeNet"
layer { name: "d" type: "Data" top: "data" top: "label" include { phase: TRAIN }
  transform_param { scale: 0.00390625 } data_param { source: "x" batch_size: ${batch} } }
layer { name: "d" type: "Data" top: "data" top: "label" include { phase: TEST }
  transform_param { scale: 0.00390625 } data_param { source: "y" batch_size: ${testBatch} } }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" param { lr_mult: 1 } param { lr_mult: 2 }
  convolution_param { num_output: ${c1} kernel_size: 5 weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.1 } } }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2" param { lr_mult: 1 decay_mult: 2 } param { lr_mult: 2 decay_mult: 0 }
  convolution_param { num_output: ${c2} kernel_size: 3 pad: 1 weight_filler { type: "gaussian" std: 0.1 } bias_filler { type: "constant" } } }
layer { name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2" pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
layer { name: "ip1" type: "InnerProduct" bottom: "pool2" top: "ip1"
  inner_product_param { num_output: ${ip} weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.05 } } }
layer { name: "relu1" type: "ReLU" bottom: "ip1" top: "ip1" }
${dropout ? 'layer { name: "drop1" type: "Dropout" bottom: "ip1" top: "ip1" dropout_param { dropout_ratio: 0.3 } }' : ''}
layer { name: "ip2" type: "InnerProduct" bottom: "ip1" top: "ip2"
  inner_product_param { num_output: ${classes} weight_filler { type: "msra" } } }
layer { name: "accuracy" type: "Accuracy" bottom: "ip2" bottom: "label" top: "accuracy" include { phase: TEST } }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "ip2" bottom: "label" top: "loss" }
`;
}

export function tinyNet(opts: Parameters<typeof tinyLenetText>[0] = {}) {
  return parsePrototxt(tinyLenetText(opts), { file: 'tiny.prototxt' }).net;
}

/** Random images whose label depends on where the bright blob is (learnable). */
export function syntheticSet(count: number, size: number, classes: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const pixels = new Uint8Array(count * size * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(0, classes - 1);
    labels[i] = label;
    const cx = Math.round(((label + 0.5) / classes) * (size - 1));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.abs(x - cx) + Math.abs(y - size / 2) * 0.3;
        const v = Math.max(0, 255 - d * 60) * 0.8 + rng.uniform(0, 50);
        pixels[i * size * size + y * size + x] = Math.min(255, Math.round(v));
      }
    }
  }
  return { count, channels: 1, height: size, width: size, pixels, labels, source: `synthetic(${seed})` };
}

export function sgdConfig(overrides: Partial<SolverConfig> = {}): SolverConfig {
  return {
    ...solverConfig({ base_lr: 0.05, lr_policy: 'fixed', momentum: 0.9, weight_decay: 5e-4, max_iter: 20 }),
    ...overrides,
  };
}

export async function chains(): Promise<Array<{ name: string; chain: KernelChain }>> {
  const out = [{ name: 'js', chain: new KernelChain([createJsBackend()]) }];
  if (nativeProvider.isSupported() === true) {
    out.push({ name: 'native', chain: new KernelChain([await nativeProvider.create({ threads: 2 })]) });
  } else if (process.env.CI === 'true') {
    throw new Error(`the native addon is missing in CI: ${String(nativeProvider.isSupported())}`);
  }
  return out;
}
