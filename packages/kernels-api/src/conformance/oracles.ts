/**
 * Float64 oracles for every op of the kernel contract, written for obviousness: one loop per index of the
 * mathematical definition, no blocking, no layout tricks, no shared code with any backend. They take any numeric
 * array (so finite differences can perturb inputs in float64) and return Float64Arrays.
 */
import type {
  Conv2dSpec, EltwiseParams, LrnParams, Pool2dParams,
} from '../ops.js';

export type Num = ArrayLike<number>;

/** Caffe convolution output extent (floor). */
export function oracleConvSize(input: number, kernel: number, stride: number, pad: number, dilation: number): number {
  return Math.floor((input + 2 * pad - (dilation * (kernel - 1) + 1)) / stride) + 1;
}

/** Caffe pooling output extent (ceil, then drop a last window that starts in the padding). */
export function oraclePoolSize(input: number, kernel: number, stride: number, pad: number): number {
  let out = Math.ceil((input + 2 * pad - kernel) / stride) + 1;
  if (pad > 0 && (out - 1) * stride >= input + pad) out--;
  return out;
}

export function oracleConvOutputShape(n: number, spec: Conv2dSpec): [number, number, number, number] {
  return [
    n, spec.outChannels,
    oracleConvSize(spec.inH, spec.kernel[0], spec.stride[0], spec.pad[0], spec.dilation[0]),
    oracleConvSize(spec.inW, spec.kernel[1], spec.stride[1], spec.pad[1], spec.dilation[1]),
  ];
}

/** Dense convolution, weights [O, C/g, kh, kw], bias [O] or null; fused ReLU per spec.relu. */
export function oracleConv2d(x: Num, n: number, w: Num, bias: Num | null, spec: Conv2dSpec): Float64Array {
  const { inChannels: C, inH: H, inW: W, outChannels: O, groups: G } = spec;
  const [kh, kw] = spec.kernel;
  const [, , OH, OW] = oracleConvOutputShape(n, spec);
  const Cg = C / G;
  const Og = O / G;
  const y = new Float64Array(n * O * OH * OW);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let sum = bias ? bias[o]! : 0;
          for (let c = 0; c < Cg; c++) {
            for (let kr = 0; kr < kh; kr++) {
              for (let kc = 0; kc < kw; kc++) {
                const ih = oh * spec.stride[0] - spec.pad[0] + kr * spec.dilation[0];
                const iw = ow * spec.stride[1] - spec.pad[1] + kc * spec.dilation[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                sum += x[((b * C + g * Cg + c) * H + ih) * W + iw]! * w[((o * Cg + c) * kh + kr) * kw + kc]!;
              }
            }
          }
          y[((b * O + o) * OH + oh) * OW + ow] = spec.relu ? Math.max(0, sum) : sum;
        }
      }
    }
  }
  return y;
}

export interface OracleConvGrads {
  gradInput: Float64Array;
  gradWeights: Float64Array;
  gradBias: Float64Array;
}

/** Gradients of the (non-fused) convolution, by walking the same index space as the forward pass. */
export function oracleConv2dBackward(x: Num, n: number, w: Num, gy: Num, spec: Conv2dSpec): OracleConvGrads {
  const { inChannels: C, inH: H, inW: W, outChannels: O, groups: G } = spec;
  const [kh, kw] = spec.kernel;
  const [, , OH, OW] = oracleConvOutputShape(n, spec);
  const Cg = C / G;
  const Og = O / G;
  const gradInput = new Float64Array(n * C * H * W);
  const gradWeights = new Float64Array(O * Cg * kh * kw);
  const gradBias = new Float64Array(O);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const d = gy[((b * O + o) * OH + oh) * OW + ow]!;
          gradBias[o]! += d;
          for (let c = 0; c < Cg; c++) {
            for (let kr = 0; kr < kh; kr++) {
              for (let kc = 0; kc < kw; kc++) {
                const ih = oh * spec.stride[0] - spec.pad[0] + kr * spec.dilation[0];
                const iw = ow * spec.stride[1] - spec.pad[1] + kc * spec.dilation[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                const xi = ((b * C + g * Cg + c) * H + ih) * W + iw;
                const wi = ((o * Cg + c) * kh + kr) * kw + kc;
                gradInput[xi]! += d * w[wi]!;
                gradWeights[wi]! += d * x[xi]!;
              }
            }
          }
        }
      }
    }
  }
  return { gradInput, gradWeights, gradBias };
}

/** y[n, o] = sum_k x[n, k] w[o, k] + b[o], optional ReLU. */
export function oracleGemm(x: Num, n: number, w: Num, o: number, k: number, bias: Num | null, relu: boolean): Float64Array {
  const y = new Float64Array(n * o);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < o; r++) {
      let s = bias ? bias[r]! : 0;
      for (let i = 0; i < k; i++) s += x[b * k + i]! * w[r * k + i]!;
      y[b * o + r] = relu ? Math.max(0, s) : s;
    }
  }
  return y;
}

export function oracleGemmBackward(x: Num, n: number, w: Num, o: number, k: number, gy: Num): OracleConvGrads {
  const gradInput = new Float64Array(n * k);
  const gradWeights = new Float64Array(o * k);
  const gradBias = new Float64Array(o);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < o; r++) {
      const d = gy[b * o + r]!;
      gradBias[r]! += d;
      for (let i = 0; i < k; i++) {
        gradInput[b * k + i]! += d * w[r * k + i]!;
        gradWeights[r * k + i]! += d * x[b * k + i]!;
      }
    }
  }
  return { gradInput, gradWeights, gradBias };
}

interface Window {
  hs: number; he: number; ws: number; we: number;
  /** Caffe AVE divisor: window size clipped to the padded input, before clipping to the input. */
  size: number;
}

function poolGeometry(shape: readonly number[], p: Pool2dParams) {
  const [, , H, W] = shape as [number, number, number, number];
  const kh = p.global ? H : p.kernel[0];
  const kw = p.global ? W : p.kernel[1];
  const sh = p.global ? 1 : p.stride[0];
  const sw = p.global ? 1 : p.stride[1];
  const ph = p.global ? 0 : p.pad[0];
  const pw = p.global ? 0 : p.pad[1];
  const OH = oraclePoolSize(H, kh, sh, ph);
  const OW = oraclePoolSize(W, kw, sw, pw);
  const window = (oh: number, ow: number): Window => {
    const hs0 = oh * sh - ph;
    const ws0 = ow * sw - pw;
    const he0 = Math.min(hs0 + kh, H + ph);
    const we0 = Math.min(ws0 + kw, W + pw);
    return {
      size: (he0 - hs0) * (we0 - ws0),
      hs: Math.max(hs0, 0), he: Math.min(he0, H), ws: Math.max(ws0, 0), we: Math.min(we0, W),
    };
  };
  return { H, W, OH, OW, window };
}

export function oraclePoolOutputShape(shape: readonly number[], p: Pool2dParams): [number, number, number, number] {
  const { OH, OW } = poolGeometry(shape, p);
  return [shape[0]!, shape[1]!, OH, OW];
}

/** Caffe MAX / AVE pooling. */
export function oraclePool2d(x: Num, shape: readonly number[], p: Pool2dParams): Float64Array {
  const [N, C] = shape as [number, number];
  const { H, W, OH, OW, window } = poolGeometry(shape, p);
  const y = new Float64Array(N * C * OH * OW);
  for (let plane = 0; plane < N * C; plane++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const win = window(oh, ow);
        let acc = p.method === 'max' ? -Infinity : 0;
        for (let h = win.hs; h < win.he; h++) {
          for (let w = win.ws; w < win.we; w++) {
            const v = x[(plane * H + h) * W + w]!;
            acc = p.method === 'max' ? Math.max(acc, v) : acc + v;
          }
        }
        y[(plane * OH + oh) * OW + ow] = p.method === 'max' ? acc : acc / win.size;
      }
    }
  }
  return y;
}

/** MAX: the whole gradient to the first (row-major) maximum of each window; AVE: gradient / size to each element. */
export function oraclePool2dBackward(x: Num, shape: readonly number[], gy: Num, p: Pool2dParams): Float64Array {
  const [N, C] = shape as [number, number];
  const { H, W, OH, OW, window } = poolGeometry(shape, p);
  const gx = new Float64Array(N * C * H * W);
  for (let plane = 0; plane < N * C; plane++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const win = window(oh, ow);
        const d = gy[(plane * OH + oh) * OW + ow]!;
        let best = -1;
        for (let h = win.hs; h < win.he; h++) {
          for (let w = win.ws; w < win.we; w++) {
            const i = (plane * H + h) * W + w;
            if (p.method !== 'max') gx[i]! += d / win.size;
            else if (best < 0 || x[i]! > x[best]!) best = i;
          }
        }
        if (p.method === 'max' && best >= 0) gx[best]! += d;
      }
    }
  }
  return gx;
}

export function oracleRelu(x: Num, slope: number): Float64Array {
  return Float64Array.from({ length: x.length }, (_, i) => (x[i]! > 0 ? x[i]! : slope * x[i]!));
}

export function oracleReluBackward(x: Num, gy: Num, slope: number): Float64Array {
  return Float64Array.from({ length: x.length }, (_, i) => (x[i]! > 0 ? gy[i]! : slope * gy[i]!));
}

/** Indices (flat) of the LRN window of element (b, c, h, w): channels c +- half, or the n x n square in the plane. */
function lrnWindow(shape: readonly number[], p: LrnParams, b: number, c: number, h: number, w: number): number[] {
  const [, C, H, W] = shape as [number, number, number, number];
  const half = (p.localSize - 1) / 2;
  const out: number[] = [];
  if (p.region === 'across') {
    for (let cc = c - half; cc <= c + half; cc++) if (cc >= 0 && cc < C) out.push(((b * C + cc) * H + h) * W + w);
  } else {
    for (let hh = h - half; hh <= h + half; hh++) {
      for (let ww = w - half; ww <= w + half; ww++) {
        if (hh >= 0 && hh < H && ww >= 0 && ww < W) out.push(((b * C + c) * H + hh) * W + ww);
      }
    }
  }
  return out;
}

function lrnAlpha(p: LrnParams): number {
  return p.region === 'across' ? p.alpha / p.localSize : p.alpha / (p.localSize * p.localSize);
}

/** s = k + alpha' * sum over the window of x^2, per element. */
export function oracleLrnScale(x: Num, shape: readonly number[], p: LrnParams): Float64Array {
  const [N, C, H, W] = shape as [number, number, number, number];
  const s = new Float64Array(N * C * H * W);
  for (let b = 0; b < N; b++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
    let sum = 0;
    for (const i of lrnWindow(shape, p, b, c, h, w)) sum += x[i]! * x[i]!;
    s[((b * C + c) * H + h) * W + w] = p.k + lrnAlpha(p) * sum;
  }
  return s;
}

export function oracleLrn(x: Num, shape: readonly number[], p: LrnParams): Float64Array {
  const s = oracleLrnScale(x, shape, p);
  return Float64Array.from({ length: s.length }, (_, i) => x[i]! * Math.pow(s[i]!, -p.beta));
}

/** Chain rule term by term: dy_j/dx_i = [i = j] s_j^-beta - 2 beta alpha' x_j x_i s_j^(-beta-1) for i in window(j). */
export function oracleLrnBackward(x: Num, shape: readonly number[], gy: Num, p: LrnParams): Float64Array {
  const [N, C, H, W] = shape as [number, number, number, number];
  const s = oracleLrnScale(x, shape, p);
  const gx = new Float64Array(s.length);
  const a = lrnAlpha(p);
  for (let b = 0; b < N; b++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
    const j = ((b * C + c) * H + h) * W + w;
    gx[j]! += gy[j]! * Math.pow(s[j]!, -p.beta);
    for (const i of lrnWindow(shape, p, b, c, h, w)) {
      gx[i]! += gy[j]! * x[j]! * -p.beta * Math.pow(s[j]!, -p.beta - 1) * a * 2 * x[i]!;
    }
  }
  return gx;
}

function split(shape: readonly number[], axis: number): [number, number, number] {
  const a = axis < 0 ? axis + shape.length : axis;
  const outer = shape.slice(0, a).reduce((m, d) => m * d, 1);
  const inner = shape.slice(a + 1).reduce((m, d) => m * d, 1);
  return [outer, shape[a]!, inner];
}

export function oracleSoftmax(x: Num, shape: readonly number[], axis: number): Float64Array {
  const [outer, d, inner] = split(shape, axis);
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    const at = (j: number) => (o * d + j) * inner + i;
    let m = -Infinity;
    for (let j = 0; j < d; j++) m = Math.max(m, x[at(j)]!);
    let sum = 0;
    for (let j = 0; j < d; j++) sum += Math.exp(x[at(j)]! - m);
    for (let j = 0; j < d; j++) y[at(j)] = Math.exp(x[at(j)]! - m) / sum;
  }
  return y;
}

export interface OracleLoss {
  loss: number;
  probs: Float64Array;
  gradLogits: Float64Array;
}

/** Mean cross-entropy of softmax(logits [N, C]) against labels; gradient (p - onehot) / N. */
export function oracleSoftmaxCrossEntropy(x: Num, n: number, labels: ArrayLike<number>): OracleLoss {
  const c = x.length / n;
  const probs = oracleSoftmax(x, [n, c], 1);
  let loss = 0;
  const gradLogits = new Float64Array(x.length);
  for (let b = 0; b < n; b++) {
    // -log p[label] = log(sum_j exp(x_j - m)) - (x_label - m): finite even where p[label] underflows.
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, x[b * c + j]!);
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(x[b * c + j]! - m);
    loss += Math.log(sum) - (x[b * c + labels[b]!]! - m);
    for (let j = 0; j < c; j++) gradLogits[b * c + j] = (probs[b * c + j]! - (j === labels[b] ? 1 : 0)) / n;
  }
  return { loss: loss / n, probs, gradLogits };
}

export function oracleConcat(inputs: ReadonlyArray<{ data: Num; shape: readonly number[] }>, axis: number): { data: Float64Array; shape: number[] } {
  const first = inputs[0]!.shape;
  const a = axis < 0 ? axis + first.length : axis;
  const shape = [...first];
  shape[a] = inputs.reduce((s, t) => s + t.shape[a]!, 0);
  const [outer, total, inner] = split(shape, a);
  const data = new Float64Array(outer * total * inner);
  for (let o = 0; o < outer; o++) {
    let at = 0;
    for (const t of inputs) {
      const d = t.shape[a]!;
      for (let j = 0; j < d; j++) for (let i = 0; i < inner; i++) data[(o * total + at + j) * inner + i] = t.data[(o * d + j) * inner + i]!;
      at += d;
    }
  }
  return { data, shape };
}

export function oracleEltwise(inputs: readonly Num[], p: EltwiseParams): Float64Array {
  const len = inputs[0]!.length;
  const y = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    let v = p.op === 'sum' ? 0 : p.op === 'prod' ? 1 : -Infinity;
    inputs.forEach((x, t) => {
      if (p.op === 'sum') v += (p.coeffs?.[t] ?? 1) * x[i]!;
      else if (p.op === 'prod') v *= x[i]!;
      else v = Math.max(v, x[i]!);
    });
    y[i] = p.relu === true ? Math.max(0, v) : v;
  }
  return y;
}

/** Per-channel (axis 1) map y = f(x, c). */
function perChannel(x: Num, shape: readonly number[], f: (v: number, c: number) => number): Float64Array {
  const C = shape[1]!;
  const inner = shape.slice(2).reduce((m, d) => m * d, 1);
  return Float64Array.from({ length: x.length }, (_, i) => f(x[i]!, Math.floor(i / inner) % C));
}

export function oracleBatchNorm(x: Num, shape: readonly number[], mean: Num, variance: Num, eps: number): Float64Array {
  return perChannel(x, shape, (v, c) => (v - mean[c]!) / Math.sqrt(variance[c]! + eps));
}

export function oracleScale(x: Num, shape: readonly number[], scale: Num, bias: Num | null): Float64Array {
  return perChannel(x, shape, (v, c) => v * scale[c]! + (bias ? bias[c]! : 0));
}
