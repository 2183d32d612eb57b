import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Conv2dSpec } from '@sparsecnn/kernels-api';
import { convOutputSize, randomSparse, type Rng, type Tensor } from '@sparsecnn/tensor';

export const pkgRoot = join(import.meta.dirname, '..');
export const wasmFile = join(pkgRoot, 'generated', 'sparsecnn-kernels.simd.wasm');

/** Tests run on the sources: compile the module when no build has run yet. */
export function ensureWasmBuilt(): void {
  if (!existsSync(wasmFile) || !existsSync(join(pkgRoot, 'generated', 'wasm-base64.js'))) {
    execFileSync(process.execPath, [join(pkgRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit' });
  }
}

export function spec(p: Partial<Conv2dSpec> & Pick<Conv2dSpec, 'inChannels' | 'inH' | 'inW' | 'outChannels'>): Conv2dSpec {
  return { kernel: [3, 3], stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, relu: false, ...p };
}

/** float64 reference convolution of dense weights [O, C/g, kh, kw]. */
export function refConv(input: Tensor, w: Float32Array, bias: Float32Array | null, s: Conv2dSpec): Float64Array {
  const [N, C, H, W] = input.shape as [number, number, number, number];
  const [kh, kw] = s.kernel;
  const oh = convOutputSize(H, kh, s.stride[0], s.pad[0], s.dilation[0]);
  const ow = convOutputSize(W, kw, s.stride[1], s.pad[1], s.dilation[1]);
  const O = s.outChannels;
  const Cg = C / s.groups;
  const Og = O / s.groups;
  const out = new Float64Array(N * O * oh * ow);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          let acc = bias ? bias[o]! : 0;
          for (let c = 0; c < Cg; c++) {
            for (let r = 0; r < kh; r++) {
              const iy = y * s.stride[0] - s.pad[0] + r * s.dilation[0];
              if (iy < 0 || iy >= H) continue;
              for (let q = 0; q < kw; q++) {
                const ix = x * s.stride[1] - s.pad[1] + q * s.dilation[1];
                if (ix < 0 || ix >= W) continue;
                acc += w[((o * Cg + c) * kh + r) * kw + q]! * input.data[((n * C + g * Cg + c) * H + iy) * W + ix]!;
              }
            }
          }
          out[((n * O + o) * oh + y) * ow + x] = s.relu ? Math.max(0, acc) : acc;
        }
      }
    }
  }
  return out;
}

export function randomWeights(s: Conv2dSpec, rng: Rng, density: number): Tensor {
  return randomSparse([s.outChannels, s.inChannels / s.groups, s.kernel[0], s.kernel[1]], rng, density);
}
