/**
 * An independent float64 forward pass over a NetDescription (no runtime, no kernels): blobs by name, in-place layers
 * overwrite their blob; the per-op maths are the conformance suite's float64 oracles. The test oracle for sessions.
 */
import type { LayerDescription, NetDescription, Tensor } from '@sparsecnn/tensor';
import {
  oracleConcat, oracleConv2d, oracleConvOutputShape, oracleLrn, oraclePool2d, oraclePoolOutputShape, oracleSoftmax,
} from '@sparsecnn/kernels-api/oracles';

export interface F64 {
  shape: number[];
  data: Float64Array;
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
const axisOf = (a: number, rank: number): number => (a < 0 ? a + rank : a);

function conv(x: F64, l: Extract<LayerDescription, { type: 'Convolution' }>): F64 {
  const p = l.params;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const spec = {
    inChannels: c, inH: h, inW: w, outChannels: p.numOutput, kernel: p.kernel, stride: p.stride, pad: p.pad,
    dilation: p.dilation, groups: p.group, relu: false,
  };
  const data = oracleConv2d(x.data, n, l.blobs[0]!.data, p.biasTerm ? l.blobs[1]!.data : null, spec);
  return { shape: oracleConvOutputShape(n, spec), data };
}

function innerProduct(x: F64, l: Extract<LayerDescription, { type: 'InnerProduct' }>): F64 {
  const p = l.params;
  const axis = axisOf(p.axis, x.shape.length);
  const outer = prod(x.shape.slice(0, axis));
  const k = prod(x.shape.slice(axis));
  const o = p.numOutput;
  const wt = l.blobs[0]!.data;
  const b = p.biasTerm ? l.blobs[1]!.data : null;
  const y = new Float64Array(outer * o);
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < o; j++) {
      let acc = b ? b[j]! : 0;
      for (let q = 0; q < k; q++) acc += x.data[i * k + q]! * (p.transpose ? wt[q * o + j]! : wt[j * k + q]!);
      y[i * o + j] = acc;
    }
  }
  return { shape: [...x.shape.slice(0, axis), o], data: y };
}

function pool(x: F64, l: Extract<LayerDescription, { type: 'Pooling' }>): F64 {
  const p = l.params;
  const params = { method: p.pool, kernel: p.kernel, stride: p.stride, pad: p.pad, global: p.global } as const;
  return { shape: oraclePoolOutputShape(x.shape, params), data: oraclePool2d(x.data, x.shape, params) };
}

function lrnAcross(x: F64, l: Extract<LayerDescription, { type: 'LRN' }>): F64 {
  if (l.params.region !== 'across') throw new Error('reference LRN: across channels only');
  return { shape: [...x.shape], data: oracleLrn(x.data, x.shape, l.params) };
}

function softmax(x: F64, axisParam: number): F64 {
  return { shape: [...x.shape], data: oracleSoftmax(x.data, x.shape, axisParam) };
}

function concat(xs: F64[], axisParam: number): F64 {
  return oracleConcat(xs, axisParam);
}

function perChannel(x: F64, f: (v: number, c: number) => number): F64 {
  const c = x.shape[1]!;
  const inner = prod(x.shape.slice(2));
  const y = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) y[i] = f(x.data[i]!, Math.floor(i / inner) % c);
  return { shape: [...x.shape], data: y };
}

export function toF64(t: Tensor): F64 {
  return { shape: [...t.shape], data: Float64Array.from(t.data) };
}

/** Run the network in float64; returns every blob by name (last version). */
export function referenceForward(net: NetDescription, feeds: Record<string, Tensor>): Map<string, F64> {
  const blobs = new Map<string, F64>();
  for (const [k, v] of Object.entries(feeds)) blobs.set(k, toF64(v));
  for (const l of net.layers) {
    const xs = l.bottoms.map((b) => {
      const v = blobs.get(b);
      if (!v) throw new Error(`reference: missing blob ${b}`);
      return v;
    });
    const x = xs[0]!;
    let ys: F64[];
    switch (l.type) {
      case 'Input': ys = []; break;
      case 'Convolution': ys = [conv(x, l)]; break;
      case 'InnerProduct': ys = [innerProduct(x, l)]; break;
      case 'ReLU': {
        const s = l.params.negativeSlope;
        ys = [{ shape: [...x.shape], data: x.data.map((v) => (v > 0 ? v : v * s)) }];
        break;
      }
      case 'Pooling': ys = [pool(x, l)]; break;
      case 'LRN': ys = [lrnAcross(x, l)]; break;
      case 'Softmax': ys = [softmax(x, l.params.axis)]; break;
      case 'Concat': ys = [concat(xs, l.params.axis)]; break;
      case 'Dropout': ys = [{ shape: [...x.shape], data: x.data.slice() }]; break;
      case 'Eltwise': {
        const p = l.params;
        const data = new Float64Array(x.data.length);
        for (let i = 0; i < data.length; i++) {
          if (p.operation === 'sum') data[i] = xs.reduce((a, t, j) => a + (p.coeffs[j] ?? 1) * t.data[i]!, 0);
          else if (p.operation === 'prod') data[i] = xs.reduce((a, t) => a * t.data[i]!, 1);
          else data[i] = xs.reduce((a, t) => Math.max(a, t.data[i]!), -Infinity);
        }
        ys = [{ shape: [...x.shape], data }];
        break;
      }
      case 'BatchNorm': {
        const [m, v, f] = l.blobs;
        const factor = f ? f.data[0]! : 1;
        const sc = factor === 0 ? 0 : 1 / factor;
        ys = [perChannel(x, (val, c) => (val - m!.data[c]! * sc) / Math.sqrt(v!.data[c]! * sc + l.params.eps))];
        break;
      }
      case 'Scale': {
        const [s, b] = l.blobs;
        const at = (t: Tensor, c: number): number => (t.data.length === 1 ? t.data[0]! : t.data[c]!);
        ys = [perChannel(x, (val, c) => val * at(s!, c) + (l.params.biasTerm ? at(b!, c) : 0))];
        break;
      }
      case 'Flatten': {
        const a = axisOf(l.params.axis, x.shape.length);
        const e = axisOf(l.params.endAxis, x.shape.length);
        ys = [{ shape: [...x.shape.slice(0, a), prod(x.shape.slice(a, e + 1)), ...x.shape.slice(e + 1)], data: x.data.slice() }];
        break;
      }
      case 'Split': ys = l.tops.map(() => ({ shape: [...x.shape], data: x.data.slice() })); break;
      default: throw new Error(`reference: layer type ${(l as { type: string }).type}`);
    }
    ys.forEach((y, i) => blobs.set(l.tops[i]!, y));
  }
  return blobs;
}
