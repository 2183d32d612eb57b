// Element-wise and window layers. Byte addresses; bounds proven by the TypeScript caller. In-place use
// (dst == src) is allowed for the element-wise functions.

/** y = x > 0 ? x : slope * x over n floats. */
export function relu(src: usize, dst: usize, n: i32, slope: f32): void {
  const end = <usize>n << 2;
  const n4 = <usize>(n & ~3) << 2;
  const zero = f32x4.splat(0);
  const sv = f32x4.splat(slope);
  let i: usize = 0;
  if (slope == 0) {
    for (; i < n4; i += 16) v128.store(dst + i, f32x4.max(v128.load(src + i), zero));
  } else {
    for (; i < n4; i += 16) {
      const v = v128.load(src + i);
      v128.store(dst + i, f32x4.add(f32x4.max(v, zero), f32x4.mul(sv, f32x4.min(v, zero))));
    }
  }
  for (; i < end; i += 4) {
    const v = load<f32>(src + i);
    store<f32>(dst + i, v > 0 ? v : slope * v);
  }
}

/** Per-channel affine over [outer][C][inner]: y = x * scale[c] + shift[c] (shift 0 = none). */
export function affine(src: usize, dst: usize, outer: i32, C: i32, inner: i32, scale: usize, shift: usize): void {
  const ib = <usize>inner << 2;
  const i4 = <usize>(inner & ~3) << 2;
  let off: usize = 0;
  for (let n = 0; n < outer; n++) {
    for (let c = 0; c < C; c++) {
      const s = load<f32>(scale + (<usize>c << 2));
      const t = shift != 0 ? load<f32>(shift + (<usize>c << 2)) : <f32>0;
      const sv = f32x4.splat(s), tv = f32x4.splat(t);
      const a = src + off, d = dst + off;
      let i: usize = 0;
      for (; i < i4; i += 16) v128.store(d + i, f32x4.add(f32x4.mul(v128.load(a + i), sv), tv));
      for (; i < ib; i += 4) store<f32>(d + i, load<f32>(a + i) * s + t);
      off += ib;
    }
  }
}

/** dst = op(dst, coeff * src) over n floats: op 0 = sum (dst + coeff * src), 1 = prod, 2 = max. */
export function eltwiseInto(dst: usize, src: usize, n: i32, op: i32, coeff: f32): void {
  const end = <usize>n << 2;
  const n4 = <usize>(n & ~3) << 2;
  const cv = f32x4.splat(coeff);
  let i: usize = 0;
  if (op == 0) {
    for (; i < n4; i += 16) v128.store(dst + i, f32x4.add(v128.load(dst + i), f32x4.mul(cv, v128.load(src + i))));
    for (; i < end; i += 4) store<f32>(dst + i, load<f32>(dst + i) + coeff * load<f32>(src + i));
  } else if (op == 1) {
    for (; i < n4; i += 16) v128.store(dst + i, f32x4.mul(v128.load(dst + i), v128.load(src + i)));
    for (; i < end; i += 4) store<f32>(dst + i, load<f32>(dst + i) * load<f32>(src + i));
  } else {
    for (; i < n4; i += 16) v128.store(dst + i, f32x4.max(v128.load(dst + i), v128.load(src + i)));
    for (; i < end; i += 4) store<f32>(dst + i, max(load<f32>(dst + i), load<f32>(src + i)));
  }
}

/** dst = coeff * dst over n floats. */
export function scaleInPlace(dst: usize, n: i32, coeff: f32): void {
  const end = <usize>n << 2;
  for (let i: usize = 0; i < end; i += 4) store<f32>(dst + i, coeff * load<f32>(dst + i));
}

/** Static row buffers of the vectorised pooling path (no allocator in the stub runtime). */
const POOL_ROW_FLOATS = 8192;
const poolRow = memory.data(POOL_ROW_FLOATS << 2, 16);
const poolOut = memory.data(POOL_ROW_FLOATS << 2, 16);

/**
 * Caffe pooling over planes [planes][H][W] -> [planes][OH][OW]. method 0 = max, 1 = average (Caffe's divisor: the
 * window clipped to the padded extent, before clipping to the image). Horizontal strides 1 and 2 take the vector
 * path (per output row: the window rows reduced into a padded row, then the kw columns reduced, 4 outputs at a time);
 * anything else, or a row too wide for the static buffers, takes the scalar path.
 */
export function pool2d(
  src: usize, dst: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, method: i32,
): void {
  const ow4 = (OW + 3) & ~3;
  // Padded columns the vector path touches: sw * ow4 + kw (+ 4 for the second load of a stride-2 pair).
  const rowLen = sw * ow4 + kw + 4;
  if ((sw == 1 || sw == 2) && rowLen <= POOL_ROW_FLOATS && W + pw <= POOL_ROW_FLOATS && ow4 <= POOL_ROW_FLOATS) {
    poolVector(src, dst, planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, method, rowLen);
    return;
  }
  let d = dst;
  for (let p = 0; p < planes; p++) {
    const plane = src + (<usize>(p * H * W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      let h0 = oh * sh - ph;
      let h1 = min(h0 + kh, H + ph);
      const hSpan = h1 - h0;
      h0 = max(h0, 0);
      h1 = min(h1, H);
      for (let ow = 0; ow < OW; ow++) {
        let w0 = ow * sw - pw;
        let w1 = min(w0 + kw, W + pw);
        const size = hSpan * (w1 - w0);
        w0 = max(w0, 0);
        w1 = min(w1, W);
        if (method == 0) {
          let m: f32 = -Infinity;
          for (let h = h0; h < h1; h++) {
            const row = plane + (<usize>(h * W) << 2);
            for (let w = w0; w < w1; w++) m = max(m, load<f32>(row + (<usize>w << 2)));
          }
          store<f32>(d, m);
        } else {
          let s: f32 = 0;
          for (let h = h0; h < h1; h++) {
            const row = plane + (<usize>(h * W) << 2);
            for (let w = w0; w < w1; w++) s += load<f32>(row + (<usize>w << 2));
          }
          store<f32>(d, s / <f32>size);
        }
        d += 4;
      }
    }
  }
}

function poolVector(
  src: usize, dst: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, method: i32, rowLen: i32,
): void {
  const isMax = method == 0;
  const neutral: f32 = isMax ? -Infinity : 0;
  const nv = f32x4.splat(neutral);
  const rowBytes = <usize>rowLen << 2;
  const wb = <usize>W << 2;
  const w4 = <usize>(W & ~3) << 2;
  const data = poolRow + (<usize>pw << 2);
  // Columns outside the image stay neutral for the whole call; the image columns are rewritten per output row.
  for (let x: usize = 0; x < rowBytes; x += 16) v128.store(poolRow + x, nv);
  const outBytes = <usize>OW << 2;
  let d = dst;
  for (let p = 0; p < planes; p++) {
    const plane = src + (<usize>(p * H * W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      let h0 = oh * sh - ph;
      let h1 = min(h0 + kh, H + ph);
      const hSpan = h1 - h0;
      h0 = max(h0, 0);
      h1 = min(h1, H);
      // Vertical: reduce rows h0..h1 into the padded row.
      if (h0 >= h1) {
        for (let x: usize = 0; x < w4; x += 16) v128.store(data + x, nv);
        for (let x = w4; x < wb; x += 4) store<f32>(data + x, neutral);
      } else {
        const r0 = plane + (<usize>(h0 * W) << 2);
        memory.copy(data, r0, wb);
        for (let h = h0 + 1; h < h1; h++) {
          const r = plane + (<usize>(h * W) << 2);
          let x: usize = 0;
          if (isMax) {
            for (; x < w4; x += 16) v128.store(data + x, f32x4.max(v128.load(data + x), v128.load(r + x)));
            for (; x < wb; x += 4) store<f32>(data + x, max(load<f32>(data + x), load<f32>(r + x)));
          } else {
            for (; x < w4; x += 16) v128.store(data + x, f32x4.add(v128.load(data + x), v128.load(r + x)));
            for (; x < wb; x += 4) store<f32>(data + x, load<f32>(data + x) + load<f32>(r + x));
          }
        }
      }
      // Horizontal: output vector o covers outputs o..o+3, window j at padded column sw * o + j.
      for (let o = 0; o < OW; o += 4) {
        const base = poolRow + (<usize>(sw * o) << 2);
        let acc = nv;
        for (let j = 0; j < kw; j++) {
          const q = base + (<usize>j << 2);
          let v: v128;
          if (sw == 1) v = v128.load(q);
          else v = v128.shuffle<f32>(v128.load(q), v128.load(q, 16), 0, 2, 4, 6);
          acc = isMax ? f32x4.max(acc, v) : f32x4.add(acc, v);
        }
        v128.store(poolOut + (<usize>o << 2), acc);
      }
      if (isMax) memory.copy(d, poolOut, outBytes);
      else {
        for (let ow = 0; ow < OW; ow++) {
          const w0 = ow * sw - pw;
          const size = hSpan * (min(w0 + kw, W + pw) - w0);
          store<f32>(d + (<usize>ow << 2), load<f32>(poolOut + (<usize>ow << 2)) / <f32>size);
        }
      }
      d += outBytes;
    }
  }
}

// @ts-ignore: decorator
@inline
function lrnScale(t: f32, beta: f32): f32 {
  if (beta == 0.75) {
    const r = sqrt<f32>(t);
    return <f32>1 / (r * sqrt<f32>(r));
  }
  return <f32>Math.pow(<f64>t, <f64>-beta);
}

/**
 * LRN across channels over [N][C][inner]: y = x / (k + alpha / size * sum_{window} x^2)^beta with the window
 * c - (size - 1) / 2 .. c + size / 2 clipped to [0, C). `sq` is scratch for C * inner floats. beta = 0.75 (AlexNet,
 * CaffeNet, GoogLeNet) is computed with square roots, 4 lanes at a time; other betas use pow per element.
 */
export function lrnAcross(src: usize, dst: usize, N: i32, C: i32, inner: i32, size: i32, alpha: f32, beta: f32, k: f32, sq: usize): void {
  const ib = <usize>inner << 2;
  const i4 = <usize>(inner & ~3) << 2;
  const plane = <usize>C * ib;
  const p4 = plane & ~15;
  const pre = (size - 1) / 2;
  const a = alpha / <f32>size;
  const av = f32x4.splat(a), kv = f32x4.splat(k), one = f32x4.splat(1);
  const fast = beta == 0.75;
  for (let n = 0; n < N; n++) {
    const x = src + <usize>n * plane;
    const y = dst + <usize>n * plane;
    let i: usize = 0;
    for (; i < p4; i += 16) {
      const v = v128.load(x + i);
      v128.store(sq + i, f32x4.mul(v, v));
    }
    for (; i < plane; i += 4) {
      const v = load<f32>(x + i);
      store<f32>(sq + i, v * v);
    }
    for (let c = 0; c < C; c++) {
      const c0 = max(c - pre, 0);
      const c1 = min(c - pre + size, C);
      const off = <usize>c * ib;
      let j: usize = 0;
      if (fast) {
        for (; j < i4; j += 16) {
          let s = f32x4.splat(0);
          for (let cc = c0; cc < c1; cc++) s = f32x4.add(s, v128.load(sq + <usize>cc * ib + j));
          const t = f32x4.add(kv, f32x4.mul(av, s));
          const r = f32x4.sqrt(t);
          const scale = f32x4.div(one, f32x4.mul(r, f32x4.sqrt(r)));
          v128.store(y + off + j, f32x4.mul(v128.load(x + off + j), scale));
        }
      }
      for (; j < ib; j += 4) {
        let s: f32 = 0;
        for (let cc = c0; cc < c1; cc++) s += load<f32>(sq + <usize>cc * ib + j);
        store<f32>(y + off + j, load<f32>(x + off + j) * lrnScale(k + a * s, beta));
      }
    }
  }
}

/**
 * LRN within a channel over planes [planes][H][W]: y = x / (k + alpha / (size * size) * sum_{window} x^2)^beta,
 * window size x size centred (start -(size - 1) / 2), zero outside the plane.
 */
export function lrnWithin(src: usize, dst: usize, planes: i32, H: i32, W: i32, size: i32, alpha: f32, beta: f32, k: f32): void {
  const pre = (size - 1) / 2;
  const a = alpha / <f32>(size * size);
  for (let p = 0; p < planes; p++) {
    const x = src + (<usize>(p * H * W) << 2);
    const y = dst + (<usize>(p * H * W) << 2);
    for (let h = 0; h < H; h++) {
      const h0 = max(h - pre, 0), h1 = min(h - pre + size, H);
      for (let w = 0; w < W; w++) {
        const w0 = max(w - pre, 0), w1 = min(w - pre + size, W);
        let s: f32 = 0;
        for (let hh = h0; hh < h1; hh++) {
          for (let ww = w0; ww < w1; ww++) {
            const v = load<f32>(x + (<usize>(hh * W + ww) << 2));
            s += v * v;
          }
        }
        const off = <usize>(h * W + w) << 2;
        store<f32>(y + off, load<f32>(x + off) * <f32>Math.pow(<f64>(k + a * s), <f64>-beta));
      }
    }
  }
}

/** Softmax over the middle axis of [outer][axis][inner] (max-subtracted, f64 sums). */
export function softmax(src: usize, dst: usize, outer: i32, axis: i32, inner: i32): void {
  const ib = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const base = <usize>(o * axis) * ib;
    for (let i: usize = 0; i < ib; i += 4) {
      let m: f32 = -Infinity;
      for (let a = 0; a < axis; a++) m = max(m, load<f32>(src + base + <usize>a * ib + i));
      let s: f64 = 0;
      for (let a = 0; a < axis; a++) {
        const off = base + <usize>a * ib + i;
        const e = Math.exp(<f64>(load<f32>(src + off) - m));
        s += e;
        store<f32>(dst + off, <f32>e);
      }
      const inv = 1 / s;
      for (let a = 0; a < axis; a++) {
        const off = base + <usize>a * ib + i;
        store<f32>(dst + off, <f32>(<f64>load<f32>(dst + off) * inv));
      }
    }
  }
}
