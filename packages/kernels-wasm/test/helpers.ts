import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Conv2dSpec } from '@sparsecnn/kernels-api';
import { oracleConv2d } from '@sparsecnn/kernels-api/oracles';
import { randomSparse, type Rng, type Tensor } from '@sparsecnn/tensor';

export const pkgRoot = join(import.meta.dirname, '..');
export const wasmFile = join(pkgRoot, 'generated', 'sparsecnn-kernels.simd.wasm');
export const wasmThreadsFile = join(pkgRoot, 'generated', 'sparsecnn-kernels.simd-mt.wasm');

/** Tests run on the sources: compile the module when no build has run yet. */
export function ensureWasmBuilt(): void {
  if (!existsSync(wasmFile) || !existsSync(wasmThreadsFile) || !existsSync(join(pkgRoot, 'generated', 'wasm-base64.js'))) {
    execFileSync(process.execPath, [join(pkgRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit' });
  }
}

export function spec(p: Partial<Conv2dSpec> & Pick<Conv2dSpec, 'inChannels' | 'inH' | 'inW' | 'outChannels'>): Conv2dSpec {
  return { kernel: [3, 3], stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, relu: false, ...p };
}

/** float64 reference convolution of dense weights [O, C/g, kh, kw] (the conformance oracle). */
export function refConv(input: Tensor, w: Float32Array, bias: Float32Array | null, s: Conv2dSpec): Float64Array {
  return oracleConv2d(input.data, input.shape[0]!, w, bias, s);
}

export function randomWeights(s: Conv2dSpec, rng: Rng, density: number): Tensor {
  return randomSparse([s.outChannels, s.inChannels / s.groups, s.kernel[0], s.kernel[1]], rng, density);
}
