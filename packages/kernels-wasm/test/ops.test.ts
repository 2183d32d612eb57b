import { describe, expect, it } from 'vitest';
import { denseToCsr, type CsbMatrix } from '@sparsecnn/sparse';
import { Rng, compareClose, poison, poolOutputSize, randomSparse, randomUniform, zeros, type Tensor } from '@sparsecnn/tensor';
import type { Pool2dParams } from '@sparsecnn/kernels-api';
import { createWasmBackend } from '../src/index.js';
import { ensureWasmBuilt } from './helpers.js';

ensureWasmBuilt();
const TOL = { atol: 1e-5, rtol: 1e-5 };
const LOOSE = { atol: 1e-4, rtol: 1e-4 };

function expectClose(actual: Float32Array, expected: Float64Array | number[], rng: Rng, tol = TOL): void {
  const r = compareClose(actual, expected, tol);
  expect(r.ok, `seed ${rng.seed}: ${r.message}`).toBe(true);
}

function poisoned(shape: number[]): Tensor {
  const t = zeros(shape);
  poison(t.data);
  return t;
}

function refFc(x: Float32Array, w: Float32Array, bias: Float32Array | null, N: number, O: number, K: number, relu: boolean): Float64Array {
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      let s = bias ? bias[o]! : 0;
      for (let k = 0; k < K; k++) s += x[n * K + k]! * w[o * K + k]!;
      y[n * O + o] = relu ? Math.max(0, s) : s;
    }
  }
  return y;
}

/** Dense [rows, cols] to CSB with the given block size (test helper, independent of the sparse package's). */
function toCsb(d: Float32Array, rows: number, cols: number, br: number, bc: number): CsbMatrix {
  const gr = Math.ceil(rows / br);
  const gc = Math.ceil(cols / bc);
  const blockPtr = new Int32Array(gr * gc + 1);
  const ri: number[] = [];
  const ci: number[] = [];
  const vs: number[] = [];
  for (let bi = 0; bi < gr; bi++) {
    for (let bj = 0; bj < gc; bj++) {
      for (let r = bi * br; r < Math.min(rows, (bi + 1) * br); r++) {
        for (let c = bj * bc; c < Math.min(cols, (bj + 1) * bc); c++) {
          const v = d[r * cols + c]!;
          if (v !== 0) {
            ri.push(r - bi * br);
            ci.push(c - bj * bc);
            vs.push(v);
          }
        }
      }
      blockPtr[bi * gc + bj + 1] = vs.length;
    }
  }
  return {
    format: 'csb', rows, cols, blockRows: br, blockCols: bc, gridRows: gr, gridCols: gc, blockPtr,
    rowIdx: Uint16Array.from(ri), colIdx: Uint16Array.from(ci), values: Float32Array.from(vs),
  };
}

describe('wasm inner products', async () => {
  const b = await createWasmBackend();
  const k = b.kernels;
  // K <= 65536 stores 16-bit CSR columns (N = 1: 8 non-zeros per step); K = 70000 keeps 32-bit ones.
  for (const [N, O, K] of [[1, 10, 37], [3, 7, 64], [5, 33, 129], [8, 4, 3], [1, 40, 300], [2, 3, 70000], [1, 5, 70000]] as const) {
    it(`gemm N=${N} O=${O} K=${K}`, () => {
      const rng = new Rng();
      const w = randomUniform([O, K], rng);
      const bias = randomUniform([O], rng).data;
      const x = randomUniform([N, K], rng);
      for (const relu of [false, true]) {
        const p = k.prepareGemm!(w, relu ? bias : null, { relu });
        expect(p.outputShape([N, K])).toEqual([N, O]);
        const y = k.gemm!(x, p, poisoned([N, O]));
        // float32 sums of K products in any lane order: allow ~eps32 x sum |x w| (K = 70000: ~4e-3)
        const tol = { ...LOOSE, atol: Math.max(LOOSE.atol, K * 0.25 * 2 ** -22) };
        expectClose(y.data, refFc(x.data, w.data, relu ? bias : null, N, O, K, relu), rng, tol);
        p.dispose();
      }
    });
    for (const format of ['csr', 'csb'] as const) {
      it(`spmm ${format} N=${N} O=${O} K=${K}`, () => {
        const rng = new Rng();
        const w = randomSparse([O, K], rng, 0.2);
        const bias = randomUniform([O], rng).data;
        const x = randomUniform([N, K], rng);
        const m = format === 'csr' ? denseToCsr(w.data, O, K) : toCsb(w.data, O, K, 4, 16);
        const p = k.prepareSpmm!(m, bias, { relu: true });
        const y = k.spmm!(x, p, poisoned([N, O]));
        expectClose(y.data, refFc(x.data, w.data, bias, N, O, K, true), rng, LOOSE);
        p.dispose();
      });
    }
  }
  it('gemm accepts [N, C, H, W] inputs flattened', () => {
    const rng = new Rng();
    const w = randomUniform([5, 2 * 3 * 4], rng);
    const x = randomUniform([2, 2, 3, 4], rng);
    const p = k.prepareGemm!(w, null, { relu: false });
    expectClose(k.gemm!(x, p).data, refFc(x.data, w.data, null, 2, 5, 24, false), rng, LOOSE);
  });
});

function refPool(x: Tensor, p: Pool2dParams): { shape: number[]; data: Float64Array } {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [kh, kw] = p.global ? [H, W] : p.kernel;
  const [sh, sw] = p.global ? [1, 1] : p.stride;
  const [ph, pw] = p.global ? [0, 0] : p.pad;
  const OH = p.global ? 1 : poolOutputSize(H, kh, sh, ph);
  const OW = p.global ? 1 : poolOutputSize(W, kw, sw, pw);
  const y = new Float64Array(N * C * OH * OW);
  let i = 0;
  for (let pl = 0; pl < N * C; pl++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const hs = oh * sh - ph, ws = ow * sw - pw;
        const he = Math.min(hs + kh, H + ph), we = Math.min(ws + kw, W + pw);
        const size = (he - hs) * (we - ws);
        let m = -Infinity, s = 0;
        for (let h = Math.max(hs, 0); h < Math.min(he, H); h++) {
          for (let w = Math.max(ws, 0); w < Math.min(we, W); w++) {
            const v = x.data[(pl * H + h) * W + w]!;
            m = Math.max(m, v);
            s += v;
          }
        }
        y[i++] = p.method === 'max' ? m : s / size;
      }
    }
  }
  return { shape: [N, C, OH, OW], data: y };
}

describe('wasm layers', async () => {
  const b = await createWasmBackend();
  const k = b.kernels;
  const pools: Pool2dParams[] = [
    { method: 'max', kernel: [3, 3], stride: [2, 2], pad: [0, 0], global: false },
    { method: 'avg', kernel: [3, 3], stride: [2, 2], pad: [1, 1], global: false },
    { method: 'max', kernel: [2, 3], stride: [1, 2], pad: [1, 1], global: false },
    { method: 'avg', kernel: [1, 1], stride: [1, 1], pad: [0, 0], global: true },
    // Vector path (horizontal stride 1 or 2): CaffeNet's ceil-mode 3x3/2, GoogLeNet's 3x3/1 pad 1, average with the
    // divisor clipped to the padded extent; stride 3 takes the scalar path.
    { method: 'max', kernel: [3, 3], stride: [1, 1], pad: [1, 1], global: false },
    { method: 'avg', kernel: [3, 3], stride: [1, 1], pad: [1, 1], global: false },
    { method: 'avg', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false },
    { method: 'max', kernel: [5, 4], stride: [2, 1], pad: [2, 1], global: false },
    { method: 'max', kernel: [3, 3], stride: [3, 3], pad: [1, 1], global: false },
  ];
  const poolShapes = [[2, 3, 13, 11], [1, 4, 27, 55], [1, 2, 6, 8]];
  for (const p of pools) {
    it(`pool2d ${JSON.stringify(p)}`, () => {
      const rng = new Rng();
      for (const shape of poolShapes) {
        const x = randomUniform(shape, rng, -3, 1);
        const ref = refPool(x, p);
        const y = k.pool2d!(x, p, poisoned(ref.shape));
        expect(y.shape).toEqual(ref.shape);
        expectClose(y.data, ref.data, rng);
      }
    });
  }
  it('pool2d: rows wider than the vector path buffers take the scalar path', () => {
    const rng = new Rng();
    for (const method of ['max', 'avg'] as const) {
      const p: Pool2dParams = { method, kernel: [2, 3], stride: [2, 2], pad: [0, 1], global: false };
      const x = randomUniform([1, 1, 3, 17000], rng);
      const ref = refPool(x, p);
      expectClose(k.pool2d!(x, p, poisoned(ref.shape)).data, ref.data, rng);
    }
  });
  it('relu (plain, leaky, in place)', () => {
    const rng = new Rng();
    const x = randomUniform([2, 3, 5, 7], rng);
    for (const slope of [0, 0.1]) {
      const ref = Array.from(x.data, (v) => (v > 0 ? v : slope * v));
      expectClose(k.relu!(x, { negativeSlope: slope }, poisoned(x.shape)).data, ref, rng);
    }
    const copy = { ...x, data: x.data.slice() };
    expect(k.relu!(copy, { negativeSlope: 0 }, copy)).toBe(copy);
    expectClose(copy.data, Array.from(x.data, (v) => Math.max(0, v)), rng);
  });
  // beta 0.75 takes the vector square-root path (across), other betas pow; inner sizes with and without a tail.
  for (const [region, beta, shape] of [
    ['across', 0.75, [2, 7, 5, 6]], ['within', 0.75, [2, 7, 5, 6]], ['across', 0.75, [1, 12, 3, 5]],
    ['across', 0.6, [2, 7, 5, 6]], ['across', 0.75, [1, 3, 4, 4]],
  ] as const) {
    it(`lrn ${region} beta ${beta} ${shape.join('x')}`, () => {
      const rng = new Rng();
      const [N, C, H, W] = shape;
      const x = randomUniform([N, C, H, W], rng, -2, 2);
      const params = { localSize: region === 'across' ? 5 : 3, alpha: 1e-2, beta, k: 2, region };
      const n = params.localSize, half = (n - 1) / 2;
      const ref = new Float64Array(x.data.length);
      for (let b0 = 0; b0 < N; b0++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
        let s = 0;
        if (region === 'across') {
          for (let cc = Math.max(0, c - half); cc <= Math.min(C - 1, c + half); cc++) s += x.data[((b0 * C + cc) * H + h) * W + w]! ** 2;
        } else {
          for (let hh = Math.max(0, h - half); hh <= Math.min(H - 1, h + half); hh++) {
            for (let ww = Math.max(0, w - half); ww <= Math.min(W - 1, w + half); ww++) s += x.data[((b0 * C + c) * H + hh) * W + ww]! ** 2;
          }
        }
        const i = ((b0 * C + c) * H + h) * W + w;
        ref[i] = x.data[i]! * (params.k + (params.alpha / (region === 'across' ? n : n * n)) * s) ** -params.beta;
      }
      expectClose(k.lrn!(x, params, poisoned(x.shape)).data, ref, rng, LOOSE);
    });
  }
  it('softmax on axis 1 and -1', () => {
    const rng = new Rng();
    const x = randomUniform([3, 5, 4], rng, -5, 5);
    for (const axis of [1, -1]) {
      const a = axis < 0 ? 2 : 1;
      const ref = new Float64Array(x.data.length);
      const [O, D, I] = a === 1 ? [3, 5, 4] : [15, 4, 1];
      for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) {
        let m = -Infinity, s = 0;
        for (let d = 0; d < D; d++) m = Math.max(m, x.data[(o * D + d) * I + i]!);
        for (let d = 0; d < D; d++) s += Math.exp(x.data[(o * D + d) * I + i]! - m);
        for (let d = 0; d < D; d++) ref[(o * D + d) * I + i] = Math.exp(x.data[(o * D + d) * I + i]! - m) / s;
      }
      expectClose(k.softmax!(x, { axis }, poisoned(x.shape)).data, ref, rng);
    }
  });
  it('concat on axis 1', () => {
    const rng = new Rng();
    const a = randomUniform([2, 3, 2, 2], rng);
    const c = randomUniform([2, 1, 2, 2], rng);
    const y = k.concat!([a, c], { axis: 1 }, poisoned([2, 4, 2, 2]));
    const ref: number[] = [];
    for (let n = 0; n < 2; n++) ref.push(...a.data.subarray(n * 12, n * 12 + 12), ...c.data.subarray(n * 4, n * 4 + 4));
    expectClose(y.data, ref, rng);
  });
  for (const op of ['sum', 'prod', 'max'] as const) {
    it(`eltwise ${op}`, () => {
      const rng = new Rng();
      const xs = [0, 1, 2].map(() => randomUniform([2, 3, 3, 3], rng));
      const coeffs = op === 'sum' ? [0.5, -1, 2] : undefined;
      const ref = Array.from(xs[0]!.data, (_, i) => {
        const v = xs.map((t) => t.data[i]!);
        return op === 'sum' ? 0.5 * v[0]! - v[1]! + 2 * v[2]! : op === 'prod' ? v[0]! * v[1]! * v[2]! : Math.max(...v);
      });
      expectClose(k.eltwise!(xs, coeffs ? { op, coeffs } : { op }, poisoned([2, 3, 3, 3])).data, ref, rng);
    });
  }
  it('batchNorm and scale', () => {
    const rng = new Rng();
    const x = randomUniform([2, 4, 3, 5], rng);
    const mean = randomUniform([4], rng).data;
    const variance = randomUniform([4], rng, 0.1, 2).data;
    const scale = randomUniform([4], rng).data;
    const bias = randomUniform([4], rng).data;
    const c = (i: number) => Math.floor(i / 15) % 4;
    expectClose(
      k.batchNorm!(x, { mean, variance, eps: 1e-5 }, poisoned(x.shape)).data,
      Array.from(x.data, (v, i) => (v - mean[c(i)]!) / Math.sqrt(variance[c(i)]! + 1e-5)), rng, LOOSE,
    );
    expectClose(k.scale!(x, { scale, bias }, poisoned(x.shape)).data, Array.from(x.data, (v, i) => v * scale[c(i)]! + bias[c(i)]!), rng);
    expectClose(k.scale!(x, { scale, bias: null }, poisoned(x.shape)).data, Array.from(x.data, (v, i) => v * scale[c(i)]!), rng);
  });
});
