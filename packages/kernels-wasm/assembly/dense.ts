// Inner products (dense and sparse). Byte addresses; bounds proven by the TypeScript caller.

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * y[n, o] = sum_k x[n, k] * w[o, k] + bias[o] (bias 0 = none), optional ReLU. Four weight rows share each input
 * vector load; two images share each weight load.
 */
export function gemm(x: usize, w: usize, bias: usize, y: usize, N: i32, O: i32, K: i32, relu: bool): void {
  const kb = <usize>K << 2;
  const k4 = <usize>(K & ~3) << 2;
  for (let n = 0; n < N; n++) {
    const xr = x + <usize>n * kb;
    const yr = y + (<usize>(n * O) << 2);
    let o = 0;
    for (; o + 4 <= O; o += 4) {
      const w0 = w + <usize>o * kb, w1 = w0 + kb, w2 = w1 + kb, w3 = w2 + kb;
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let k: usize = 0;
      for (; k < k4; k += 16) {
        const xv = v128.load(xr + k);
        a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(w0 + k)));
        a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(w1 + k)));
        a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(w2 + k)));
        a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(w3 + k)));
      }
      let s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
      for (; k < kb; k += 4) {
        const xs = load<f32>(xr + k);
        s0 += xs * load<f32>(w0 + k);
        s1 += xs * load<f32>(w1 + k);
        s2 += xs * load<f32>(w2 + k);
        s3 += xs * load<f32>(w3 + k);
      }
      if (bias != 0) {
        const bp = bias + (<usize>o << 2);
        s0 += load<f32>(bp); s1 += load<f32>(bp, 4); s2 += load<f32>(bp, 8); s3 += load<f32>(bp, 12);
      }
      if (relu) { s0 = max(s0, 0); s1 = max(s1, 0); s2 = max(s2, 0); s3 = max(s3, 0); }
      const yp = yr + (<usize>o << 2);
      store<f32>(yp, s0); store<f32>(yp, s1, 4); store<f32>(yp, s2, 8); store<f32>(yp, s3, 12);
    }
    for (; o < O; o++) {
      const w0 = w + <usize>o * kb;
      let a0 = f32x4.splat(0);
      let k: usize = 0;
      for (; k < k4; k += 16) a0 = f32x4.add(a0, f32x4.mul(v128.load(xr + k), v128.load(w0 + k)));
      let s0 = hsum(a0);
      for (; k < kb; k += 4) s0 += load<f32>(xr + k) * load<f32>(w0 + k);
      if (bias != 0) s0 += load<f32>(bias + (<usize>o << 2));
      if (relu) s0 = max(s0, 0);
      store<f32>(yr + (<usize>o << 2), s0);
    }
  }
}

/** Transpose a rows x cols matrix of f32 (src row-major) into dst (cols x rows). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>(r * cols) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(s + (<usize>c << 2)));
  }
}

/**
 * Sparse x dense with the batch innermost: yT [O][N] += sum over non-zeros (row r, col c, v) of v * xT[c][N].
 * Non-zeros are given as int32 output rows `rows` (null pointer 0 = CSR, use rowPtr), int32 input columns `cols`
 * and f32 values. CSR form: rowPtr [O + 1]. COO form (CSB blocks in block order): rows[j] for each non-zero.
 * yT must be initialised (bias or zero) by the caller.
 */
export function spmmCsr(xT: usize, N: i32, rowPtr: usize, cols: usize, vals: usize, yT: usize, O: i32): void {
  const nb = <usize>N << 2;
  const n4 = <usize>(N & ~3) << 2;
  for (let o = 0; o < O; o++) {
    const j0 = <usize>load<i32>(rowPtr + (<usize>o << 2)) << 2;
    const j1 = <usize>load<i32>(rowPtr + (<usize>o << 2), 4) << 2;
    const yr = yT + <usize>o * nb;
    if (N == 1) {
      let s0: f32 = 0, s1: f32 = 0;
      let j = j0;
      for (; j + 4 < j1; j += 8) {
        s0 += load<f32>(vals + j) * load<f32>(xT + (<usize>load<i32>(cols + j) << 2));
        s1 += load<f32>(vals + j, 4) * load<f32>(xT + (<usize>load<i32>(cols + j, 4) << 2));
      }
      if (j < j1) s0 += load<f32>(vals + j) * load<f32>(xT + (<usize>load<i32>(cols + j) << 2));
      store<f32>(yr, load<f32>(yr) + s0 + s1);
      continue;
    }
    let n: usize = 0;
    for (; n < n4; n += 16) {
      let a = v128.load(yr + n);
      for (let j = j0; j < j1; j += 4) {
        const xr = xT + <usize>load<i32>(cols + j) * nb;
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(vals + j), v128.load(xr + n)));
      }
      v128.store(yr + n, a);
    }
    for (; n < nb; n += 4) {
      let s = load<f32>(yr + n);
      for (let j = j0; j < j1; j += 4) s += load<f32>(vals + j) * load<f32>(xT + <usize>load<i32>(cols + j) * nb + n);
      store<f32>(yr + n, s);
    }
  }
}

// @ts-ignore: decorator
@inline
function gather4(xT: usize, c: usize): v128 {
  let x = v128.load32_zero(xT + (<usize>load<u16>(c) << 2));
  x = v128.load32_lane(xT + (<usize>load<u16>(c, 2) << 2), x, 1);
  x = v128.load32_lane(xT + (<usize>load<u16>(c, 4) << 2), x, 2);
  return v128.load32_lane(xT + (<usize>load<u16>(c, 6) << 2), x, 3);
}

/**
 * spmmCsr with 16-bit column indices (K <= 65536), rows o0..o1 only (threads split the rows). One image: the
 * row's non-zeros 8 at a time, each 4 gathered inputs against 4 contiguous weights.
 */
export function spmmCsr16(xT: usize, N: i32, rowPtr: usize, cols: usize, vals: usize, yT: usize, o0: i32, o1: i32): void {
  const nb = <usize>N << 2;
  const n4 = <usize>(N & ~3) << 2;
  for (let o = o0; o < o1; o++) {
    const j0 = <usize>load<i32>(rowPtr + (<usize>o << 2));
    const j1 = <usize>load<i32>(rowPtr + (<usize>o << 2), 4);
    const yr = yT + <usize>o * nb;
    if (N == 1) {
      let a0 = f32x4.splat(0), a1 = a0;
      let j = j0;
      for (; j + 8 <= j1; j += 8) {
        const c = cols + (j << 1);
        const v = vals + (j << 2);
        a0 = f32x4.add(a0, f32x4.mul(gather4(xT, c), v128.load(v)));
        a1 = f32x4.add(a1, f32x4.mul(gather4(xT, c + 8), v128.load(v, 16)));
      }
      let s = hsum(f32x4.add(a0, a1));
      for (; j < j1; j++) s += load<f32>(vals + (j << 2)) * load<f32>(xT + (<usize>load<u16>(cols + (j << 1)) << 2));
      store<f32>(yr, load<f32>(yr) + s);
      continue;
    }
    let n: usize = 0;
    for (; n < n4; n += 16) {
      let a = v128.load(yr + n);
      for (let j = j0; j < j1; j++) {
        const xr = xT + <usize>load<u16>(cols + (j << 1)) * nb;
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(vals + (j << 2)), v128.load(xr + n)));
      }
      v128.store(yr + n, a);
    }
    for (; n < nb; n += 4) {
      let s = load<f32>(yr + n);
      for (let j = j0; j < j1; j++) s += load<f32>(vals + (j << 2)) * load<f32>(xT + <usize>load<u16>(cols + (j << 1)) * nb + n);
      store<f32>(yr + n, s);
    }
  }
}

/** COO form of spmmCsr (CSB blocks flattened in block order): rows[j], cols[j], vals[j] for j < nnz. */
export function spmmCoo(xT: usize, N: i32, rows: usize, cols: usize, vals: usize, nnz: i32, yT: usize): void {
  const nb = <usize>N << 2;
  const n4 = <usize>(N & ~3) << 2;
  const end = <usize>nnz << 2;
  for (let j: usize = 0; j < end; j += 4) {
    const w = load<f32>(vals + j);
    const wv = f32x4.splat(w);
    const xr = xT + <usize>load<i32>(cols + j) * nb;
    const yr = yT + <usize>load<i32>(rows + j) * nb;
    let n: usize = 0;
    for (; n < n4; n += 16) v128.store(yr + n, f32x4.add(v128.load(yr + n), f32x4.mul(wv, v128.load(xr + n))));
    for (; n < nb; n += 4) store<f32>(yr + n, load<f32>(yr + n) + w * load<f32>(xr + n));
  }
}

/** yT [O][N] (already holding the result) + bias + ReLU, transposed into y [N][O]. */
export function spmmFinish(yT: usize, y: usize, N: i32, O: i32, bias: usize, relu: bool): void {
  for (let o = 0; o < O; o++) {
    const b = bias != 0 ? load<f32>(bias + (<usize>o << 2)) : <f32>0;
    for (let n = 0; n < N; n++) {
      let v = load<f32>(yT + (<usize>(o * N + n) << 2)) + b;
      if (relu) v = max(v, 0);
      store<f32>(y + (<usize>(n * O + o) << 2), v);
    }
  }
}
