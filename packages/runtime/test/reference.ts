/**
 * An independent float64 forward pass over a NetDescription, written from Caffe's layer semantics with plain loops
 * (no runtime, no kernels): blobs by name, in-place layers overwrite their blob. The test oracle for sessions.
 */
import type { LayerDescription, NetDescription, Tensor } from '@sparsecnn/tensor';

export interface F64 {
  shape: number[];
  data: Float64Array;
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
const axisOf = (a: number, rank: number): number => (a < 0 ? a + rank : a);

function conv(x: F64, l: Extract<LayerDescription, { type: 'Convolution' }>): F64 {
  const p = l.params;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.pad;
  const [dh, dw] = p.dilation;
  const o = p.numOutput;
  const g = p.group;
  const oh = Math.floor((h + 2 * ph - (dh * (kh - 1) + 1)) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - (dw * (kw - 1) + 1)) / sw) + 1;
  const cg = c / g;
  const og = o / g;
  const wt = l.blobs[0]!.data;
  const b = p.biasTerm ? l.blobs[1]!.data : null;
  const y = new Float64Array(n * o * oh * ow);
  for (let ni = 0; ni < n; ni++) {
    for (let oc = 0; oc < o; oc++) {
      const grp = Math.floor(oc / og);
      for (let yi = 0; yi < oh; yi++) {
        for (let xi = 0; xi < ow; xi++) {
          let acc = b ? b[oc]! : 0;
          for (let ic = 0; ic < cg; ic++) {
            const cin = grp * cg + ic;
            for (let r = 0; r < kh; r++) {
              const iy = yi * sh - ph + r * dh;
              if (iy < 0 || iy >= h) continue;
              for (let s = 0; s < kw; s++) {
                const ix = xi * sw - pw + s * dw;
                if (ix < 0 || ix >= w) continue;
                acc += wt[((oc * cg + ic) * kh + r) * kw + s]! * x.data[((ni * c + cin) * h + iy) * w + ix]!;
              }
            }
          }
          y[((ni * o + oc) * oh + yi) * ow + xi] = acc;
        }
      }
    }
  }
  return { shape: [n, o, oh, ow], data: y };
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
  const [n, c, h, w] = x.shape as [number, number, number, number];
  let [kh, kw] = p.kernel;
  let [sh, sw] = p.stride;
  let [ph, pw] = p.pad;
  if (p.global) [kh, kw, sh, sw, ph, pw] = [h, w, 1, 1, 0, 0];
  const size = (inp: number, k: number, s: number, pd: number): number => {
    let out = Math.ceil((inp + 2 * pd - k) / s) + 1;
    if (pd > 0 && (out - 1) * s >= inp + pd) out--;
    return out;
  };
  const oh = size(h, kh, sh, ph);
  const ow = size(w, kw, sw, pw);
  const y = new Float64Array(n * c * oh * ow);
  for (let nc = 0; nc < n * c; nc++) {
    for (let yi = 0; yi < oh; yi++) {
      for (let xi = 0; xi < ow; xi++) {
        let hs = yi * sh - ph;
        let ws = xi * sw - pw;
        let he = Math.min(hs + kh, h + ph);
        let we = Math.min(ws + kw, w + pw);
        const area = (he - hs) * (we - ws);
        hs = Math.max(hs, 0);
        ws = Math.max(ws, 0);
        he = Math.min(he, h);
        we = Math.min(we, w);
        let acc = p.pool === 'max' ? -Infinity : 0;
        for (let r = hs; r < he; r++) {
          for (let s = ws; s < we; s++) {
            const v = x.data[(nc * h + r) * w + s]!;
            acc = p.pool === 'max' ? Math.max(acc, v) : acc + v;
          }
        }
        y[(nc * oh + yi) * ow + xi] = p.pool === 'max' ? acc : acc / area;
      }
    }
  }
  return { shape: [n, c, oh, ow], data: y };
}

function lrnAcross(x: F64, l: Extract<LayerDescription, { type: 'LRN' }>): F64 {
  const p = l.params;
  if (p.region !== 'across') throw new Error('reference LRN: across channels only');
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const half = (p.localSize - 1) / 2;
  const y = new Float64Array(x.data.length);
  for (let ni = 0; ni < n; ni++) {
    for (let ci = 0; ci < c; ci++) {
      for (let i = 0; i < h * w; i++) {
        let sq = 0;
        for (let cj = Math.max(0, ci - half); cj <= Math.min(c - 1, ci + half); cj++) {
          const v = x.data[(ni * c + cj) * h * w + i]!;
          sq += v * v;
        }
        const idx = (ni * c + ci) * h * w + i;
        y[idx] = x.data[idx]! * Math.pow(p.k + (p.alpha / p.localSize) * sq, -p.beta);
      }
    }
  }
  return { shape: [...x.shape], data: y };
}

function softmax(x: F64, axisParam: number): F64 {
  const axis = axisOf(axisParam, x.shape.length);
  const outer = prod(x.shape.slice(0, axis));
  const d = x.shape[axis]!;
  const inner = prod(x.shape.slice(axis + 1));
  const y = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let m = -Infinity;
      for (let j = 0; j < d; j++) m = Math.max(m, x.data[(o * d + j) * inner + i]!);
      let sum = 0;
      for (let j = 0; j < d; j++) sum += Math.exp(x.data[(o * d + j) * inner + i]! - m);
      for (let j = 0; j < d; j++) y[(o * d + j) * inner + i] = Math.exp(x.data[(o * d + j) * inner + i]! - m) / sum;
    }
  }
  return { shape: [...x.shape], data: y };
}

function concat(xs: F64[], axisParam: number): F64 {
  const rank = xs[0]!.shape.length;
  const axis = axisOf(axisParam, rank);
  const outer = prod(xs[0]!.shape.slice(0, axis));
  const inner = prod(xs[0]!.shape.slice(axis + 1));
  const total = xs.reduce((a, x) => a + x.shape[axis]!, 0);
  const y = new Float64Array(outer * total * inner);
  let off = 0;
  for (const x of xs) {
    const d = x.shape[axis]!;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < d * inner; j++) y[(o * total + off) * inner + j] = x.data[o * d * inner + j]!;
    }
    off += d;
  }
  const shape = [...xs[0]!.shape];
  shape[axis] = total;
  return { shape, data: y };
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
