/**
 * A whole NetDescription run by TensorFlow.js (for bench:e2e's wasm rows): what a TF.js user would write to run a
 * Caffe network, with the same weights (dense: TF.js has no sparse convolution).
 *
 * - Activations are NHWC (TF.js conv2d has no NCHW path on wasm); the input is converted once, outside the timing,
 *   as a TF.js user would feed NHWC pixels. The output is turned back to NCHW order to be compared.
 * - Convolution: `tf.fused.conv2d` with HWIO filters, bias and a following in-place ReLU fused; grouped layers run one
 *   conv per group on `tf.split` slices and `tf.concat` the results (TF.js has no grouped conv).
 * - InnerProduct: `tf.fused.matMul` (bias, ReLU fused); its weights are permuted once so that the NHWC flattening of
 *   the input matches Caffe's NCHW one (no transpose per run).
 * - Pooling in Caffe's ceil mode: explicit padding (-inf for MAX) then a 'valid' pool; AVE multiplies by a precomputed
 *   map that turns TF's k x k divisor into Caffe's (windows clipped to the padded image).
 * - LRN across channels: Caffe's x / (k + alpha / n * sum x^2)^beta as `tf.localResponseNormalization` with
 *   depthRadius (n - 1) / 2, bias k and alpha / n; where the backend lacks LRN, squares summed over n channel slices.
 * Unsupported layer kinds throw a SparseCnnError naming the layer (the bench reports the row as skipped).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { SparseCnnError, type LayerDescription, type NetDescription } from '@sparsecnn/tensor';
import { errorMessage } from './backends.js';
import { netOutputs } from './onnx-net.js';

const require = createRequire(import.meta.url);

/** Select TF.js's wasm backend (SIMD); the reason as a string when it cannot, else null. */
export async function initTfjs(): Promise<string | null> {
  try {
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    if (!(await tf.setBackend('wasm'))) return 'tf.setBackend("wasm") failed';
    await tf.ready();
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

export interface TfjsNet {
  /** One forward pass; the output in NCHW (or [N, K]) order. */
  run(): Float32Array;
  dispose(): void;
}

function unsupported(layer: LayerDescription, why: string): never {
  throw new SparseCnnError('E_UNSUPPORTED', `TF.js port: ${why}`, { layer: layer.name });
}

/** NCHW data -> NHWC. */
export function nchwToNhwc(x: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) out[((b * h + y) * w + xx) * c + ch] = x[((b * c + ch) * h + y) * w + xx]!;
  return out;
}

/** Caffe's pooled size (ceil mode, the last window must start inside the image or its left/top padding). */
function pooledSize(size: number, k: number, s: number, p: number): number {
  let out = Math.ceil((size + 2 * p - k) / s) + 1;
  if (p > 0 && (out - 1) * s >= size + p) out--;
  return out;
}

interface Step {
  (env: Map<string, tf.Tensor>): void;
}

/**
 * Build a TF.js forward for `net` at `batch`, fed `input` (NCHW, converted to NHWC once here). Weights become TF.js
 * tensors now; `run()` allocates only activations, inside tf.tidy.
 */
export function createTfjsNet(net: NetDescription, batch: number, input: Float32Array): TfjsNet {
  if (net.inputs.length !== 1) throw new SparseCnnError('E_UNSUPPORTED', `TF.js port: ${net.inputs.length} inputs (one supported)`);
  const inp = net.inputs[0]!;
  const [, c, h, w] = inp.shape as [number, number, number, number];
  const x0 = tf.tensor4d(nchwToNhwc(input, batch, c, h, w), [batch, h, w, c]);
  const owned: tf.Tensor[] = [x0];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const steps: Step[] = [];
  const layers = net.layers;
  const fusedRelu = new Set<string>();
  const reluAfter = (i: number): boolean => {
    const l = layers[i]!;
    const next = layers[i + 1];
    if (!next || next.type !== 'ReLU' || next.params.negativeSlope !== 0) return false;
    if (next.bottoms[0] !== l.tops[0] || next.tops[0] !== l.tops[0]) return false;
    fusedRelu.add(next.name);
    return true;
  };
  // Shapes (NHWC or [N, K]) of every blob, found by a dry run of the shape rules below.
  const shapes = new Map<string, number[]>([[inp.name, [batch, h, w, c]]]);
  const shapeOf = (name: string, layer: LayerDescription): number[] => {
    const s = shapes.get(name);
    if (!s) unsupported(layer, `bottom '${name}' is not produced by an earlier layer`);
    return s;
  };
  let lrnNative: boolean | null = null;

  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const bottom = layer.bottoms[0] ?? '';
    const top = layer.tops[0] ?? '';
    switch (layer.type) {
      case 'Input':
        break;
      case 'Convolution': {
        const p = layer.params;
        const [n, ih, iw, ic] = shapeOf(bottom, layer) as [number, number, number, number];
        const wt = layer.blobs[0]!.data;
        const G = p.group;
        const [kh, kw] = p.kernel;
        const cg = ic / G;
        const og = p.numOutput / G;
        const filters: tf.Tensor4D[] = [];
        const biases: Array<tf.Tensor1D | undefined> = [];
        for (let g = 0; g < G; g++) {
          const hwio = new Float32Array(kh * kw * cg * og);
          for (let o = 0; o < og; o++)
            for (let ci = 0; ci < cg; ci++)
              for (let y = 0; y < kh; y++)
                for (let xx = 0; xx < kw; xx++) hwio[((y * kw + xx) * cg + ci) * og + o] = wt[(((g * og + o) * cg + ci) * kh + y) * kw + xx]!;
          filters.push(keep(tf.tensor4d(hwio, [kh, kw, cg, og])));
          const b = p.biasTerm ? layer.blobs[1]!.data.subarray(g * og, (g + 1) * og) : undefined;
          biases.push(b ? keep(tf.tensor1d(b)) : undefined);
        }
        const relu = reluAfter(i);
        const pad: number | [[number, number], [number, number], [number, number], [number, number]] =
          p.pad[0] === p.pad[1] ? p.pad[0] : [[0, 0], [p.pad[0], p.pad[0]], [p.pad[1], p.pad[1]], [0, 0]];
        const conv = (xi: tf.Tensor4D, g: number) =>
          tf.fused.conv2d({
            x: xi, filter: filters[g]!, strides: [p.stride[0], p.stride[1]], pad, dilations: [p.dilation[0], p.dilation[1]],
            ...(biases[g] ? { bias: biases[g] } : {}), ...(relu ? { activation: 'relu' as const } : {}),
          });
        steps.push((env) => {
          const xin = env.get(bottom) as tf.Tensor4D;
          env.set(top, G === 1 ? conv(xin, 0) : tf.concat(tf.split<tf.Tensor4D>(xin, G, 3).map((xg, g) => conv(xg, g)), 3));
        });
        const oh = Math.floor((ih + 2 * p.pad[0] - (p.dilation[0] * (kh - 1) + 1)) / p.stride[0]) + 1;
        const ow = Math.floor((iw + 2 * p.pad[1] - (p.dilation[1] * (kw - 1) + 1)) / p.stride[1]) + 1;
        shapes.set(top, [n, oh, ow, p.numOutput]);
        break;
      }
      case 'InnerProduct': {
        const p = layer.params;
        if (p.axis !== 1) unsupported(layer, `InnerProduct axis ${p.axis} (1 supported)`);
        const s = shapeOf(bottom, layer);
        const n = s[0]!;
        const K = s.slice(1).reduce((a, b) => a * b, 1);
        const O = p.numOutput;
        const wt = layer.blobs[0]!.data;
        // W' [K, O] with the rows in the NHWC flattening order of the input.
        const wk = new Float32Array(K * O);
        const at = (o: number, k: number) => (p.transpose ? wt[k * O + o]! : wt[o * K + k]!);
        if (s.length === 4) {
          const [, sh, sw, sc] = s as [number, number, number, number];
          for (let y = 0; y < sh; y++)
            for (let xx = 0; xx < sw; xx++)
              for (let ch = 0; ch < sc; ch++) {
                const row = ((y * sw + xx) * sc + ch) * O;
                const kc = (ch * sh + y) * sw + xx;
                for (let o = 0; o < O; o++) wk[row + o] = at(o, kc);
              }
        } else {
          for (let k = 0; k < K; k++) for (let o = 0; o < O; o++) wk[k * O + o] = at(o, k);
        }
        const W = keep(tf.tensor2d(wk, [K, O]));
        const bias = p.biasTerm ? keep(tf.tensor1d(layer.blobs[1]!.data)) : undefined;
        const relu = reluAfter(i);
        steps.push((env) => {
          const xin = tf.reshape<tf.Rank.R2>(env.get(bottom)!, [n, K]);
          env.set(top, tf.fused.matMul({ a: xin, b: W, ...(bias ? { bias } : {}), ...(relu ? { activation: 'relu' as const } : {}) }));
        });
        shapes.set(top, [n, O]);
        break;
      }
      case 'ReLU': {
        if (fusedRelu.has(layer.name)) break;
        const slope = layer.params.negativeSlope;
        steps.push((env) => {
          const xin = env.get(bottom)!;
          env.set(top, slope === 0 ? tf.relu(xin) : tf.leakyRelu(xin, slope));
        });
        shapes.set(top, shapeOf(bottom, layer));
        break;
      }
      case 'Pooling': {
        const p = layer.params;
        const max = p.pool === 'max';
        const [n, ih, iw, ic] = shapeOf(bottom, layer) as [number, number, number, number];
        if (p.global) {
          steps.push((env) => {
            const xin = env.get(bottom)!;
            env.set(top, max ? tf.max(xin, [1, 2], true) : tf.mean(xin, [1, 2], true));
          });
          shapes.set(top, [n, 1, 1, ic]);
          break;
        }
        const [kh, kw] = p.kernel;
        const [sh, sw] = p.stride;
        const [ph, pw] = p.pad;
        const oh = pooledSize(ih, kh, sh, ph);
        const ow = pooledSize(iw, kw, sw, pw);
        const padB = Math.max(0, (oh - 1) * sh + kh - ih - ph);
        const padR = Math.max(0, (ow - 1) * sw + kw - iw - pw);
        const padding: Array<[number, number]> = [[0, 0], [ph, padB], [pw, padR], [0, 0]];
        const padded = ph + padB + pw + padR > 0;
        let corr: tf.Tensor | undefined;
        if (!max) {
          // Caffe divides by the window clipped to [-pad, size + pad); TF's valid pool by kh * kw.
          const m = new Float32Array(oh * ow);
          let uniform = true;
          for (let y = 0; y < oh; y++)
            for (let xx = 0; xx < ow; xx++) {
              const hs = y * sh - ph;
              const ws = xx * sw - pw;
              const size = (Math.min(hs + kh, ih + ph) - hs) * (Math.min(ws + kw, iw + pw) - ws);
              m[y * ow + xx] = (kh * kw) / size;
              if (size !== kh * kw) uniform = false;
            }
          if (!uniform) corr = keep(tf.tensor4d(m, [1, oh, ow, 1]));
        }
        steps.push((env) => {
          let xin = env.get(bottom) as tf.Tensor4D;
          if (padded) xin = tf.pad(xin, padding, max ? -Infinity : 0);
          const y = max ? tf.maxPool(xin, [kh, kw], [sh, sw], 'valid') : tf.avgPool(xin, [kh, kw], [sh, sw], 'valid');
          env.set(top, corr ? tf.mul(y, corr) : y);
        });
        shapes.set(top, [n, oh, ow, ic]);
        break;
      }
      case 'LRN': {
        const p = layer.params;
        if (p.region !== 'across') unsupported(layer, 'LRN WITHIN_CHANNEL');
        if (p.localSize % 2 !== 1) unsupported(layer, `LRN local_size ${p.localSize} (odd sizes supported)`);
        const s = shapeOf(bottom, layer);
        const r = (p.localSize - 1) / 2;
        const alpha = p.alpha / p.localSize;
        if (lrnNative === null) {
          try {
            tf.tidy(() => tf.localResponseNormalization(tf.ones<tf.Rank.R4>([1, 1, 1, 3]), 1, 1, 1, 0.5).dataSync());
            lrnNative = true;
          } catch {
            lrnNative = false;
          }
        }
        const native = lrnNative;
        const C = s[3]!;
        steps.push((env) => {
          const xin = env.get(bottom) as tf.Tensor4D;
          if (native) {
            env.set(top, tf.localResponseNormalization(xin, r, p.k, alpha, p.beta));
            return;
          }
          const sq = tf.pad(tf.square(xin), [[0, 0], [0, 0], [0, 0], [r, r]]);
          let sum: tf.Tensor = tf.slice(sq, [0, 0, 0, 0], [-1, -1, -1, C]);
          for (let j = 1; j < p.localSize; j++) sum = tf.add(sum, tf.slice(sq, [0, 0, 0, j], [-1, -1, -1, C]));
          env.set(top, tf.mul(xin, tf.pow(tf.add(tf.mul(sum, alpha), p.k), -p.beta)));
        });
        shapes.set(top, s);
        break;
      }
      case 'Concat': {
        const ss = layer.bottoms.map((b) => shapeOf(b, layer));
        const four = ss[0]!.length === 4;
        const axis = layer.params.axis;
        if (axis !== 1) unsupported(layer, `Concat axis ${axis} (1 supported)`);
        const tfAxis = four ? 3 : 1;
        steps.push((env) => env.set(top, tf.concat(layer.bottoms.map((b) => env.get(b)!), tfAxis)));
        const out = [...ss[0]!];
        out[tfAxis] = ss.reduce((a, s) => a + s[tfAxis]!, 0);
        shapes.set(top, out);
        break;
      }
      case 'Softmax': {
        const s = shapeOf(bottom, layer);
        if (layer.params.axis !== 1) unsupported(layer, `Softmax axis ${layer.params.axis} (1 supported)`);
        steps.push((env) => env.set(top, tf.softmax(env.get(bottom)!, -1)));
        shapes.set(top, s);
        break;
      }
      case 'Eltwise': {
        const p = layer.params;
        const coeffs = p.coeffs.length > 0 ? p.coeffs : layer.bottoms.map(() => 1);
        steps.push((env) => {
          const ins = layer.bottoms.map((b) => env.get(b)!);
          let acc: tf.Tensor;
          if (p.operation === 'sum') {
            acc = coeffs[0] === 1 ? ins[0]! : tf.mul(ins[0]!, coeffs[0]!);
            for (let j = 1; j < ins.length; j++) acc = tf.add(acc, coeffs[j] === 1 ? ins[j]! : tf.mul(ins[j]!, coeffs[j]!));
          } else {
            acc = ins[0]!;
            for (let j = 1; j < ins.length; j++) acc = p.operation === 'prod' ? tf.mul(acc, ins[j]!) : tf.maximum(acc, ins[j]!);
          }
          env.set(top, acc);
        });
        shapes.set(top, shapeOf(bottom, layer));
        break;
      }
      case 'BatchNorm': {
        const mean = layer.blobs[0]!.data;
        const variance = layer.blobs[1]!.data;
        const f = layer.blobs[2]?.data[0] ?? 1;
        const inv = f === 0 ? 0 : 1 / f;
        const a = new Float32Array(mean.length);
        const b = new Float32Array(mean.length);
        for (let ch = 0; ch < mean.length; ch++) {
          a[ch] = 1 / Math.sqrt(variance[ch]! * inv + layer.params.eps);
          b[ch] = -mean[ch]! * inv * a[ch]!;
        }
        const A = keep(tf.tensor1d(a));
        const B = keep(tf.tensor1d(b));
        steps.push((env) => env.set(top, tf.add(tf.mul(env.get(bottom)!, A), B)));
        shapes.set(top, shapeOf(bottom, layer));
        break;
      }
      case 'Scale': {
        const p = layer.params;
        if (layer.bottoms.length !== 1 || p.axis !== 1 || p.numAxes !== 1) unsupported(layer, 'Scale other than per channel with learned factors');
        const S = keep(tf.tensor1d(layer.blobs[0]!.data));
        const B = p.biasTerm ? keep(tf.tensor1d(layer.blobs[1]!.data)) : undefined;
        steps.push((env) => {
          const y = tf.mul(env.get(bottom)!, S);
          env.set(top, B ? tf.add(y, B) : y);
        });
        shapes.set(top, shapeOf(bottom, layer));
        break;
      }
      case 'Flatten': {
        if (layer.params.axis !== 1 || layer.params.endAxis !== -1) unsupported(layer, 'Flatten other than axis 1 to the end');
        const s = shapeOf(bottom, layer);
        const K = s.slice(1).reduce((a, b) => a * b, 1);
        steps.push((env) => {
          const xin = env.get(bottom)!;
          env.set(top, tf.reshape(xin.rank === 4 ? tf.transpose(xin, [0, 3, 1, 2]) : xin, [s[0]!, K]));
        });
        shapes.set(top, [s[0]!, K]);
        break;
      }
      case 'Dropout':
        steps.push((env) => env.set(top, env.get(bottom)!));
        shapes.set(top, shapeOf(bottom, layer));
        break;
      case 'Split':
        steps.push((env) => {
          for (const t of layer.tops) env.set(t, env.get(bottom)!);
        });
        for (const t of layer.tops) shapes.set(t, shapeOf(bottom, layer));
        break;
      default:
        unsupported(layer, `layer type ${(layer as LayerDescription).type}`);
    }
  }
  const outs = netOutputs(net);
  if (outs.length !== 1) throw new SparseCnnError('E_UNSUPPORTED', `TF.js port: the network has ${outs.length} outputs (${outs.join(', ')}); one supported`);
  const outName = outs[0]!;
  return {
    run() {
      const y = tf.tidy(() => {
        const env = new Map<string, tf.Tensor>([[inp.name, x0]]);
        for (const s of steps) s(env);
        const out = env.get(outName)!;
        return out.rank === 4 ? tf.transpose(out, [0, 3, 1, 2]) : out;
      });
      const data = y.dataSync() as Float32Array;
      y.dispose();
      return data;
    },
    dispose() {
      for (const t of owned) t.dispose();
    },
  };
}
