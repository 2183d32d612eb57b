// Direct sparse convolution (PAPER-NOTES §1) with 4-lane vectors.
//
// Every pointer argument is a byte address in linear memory. The TypeScript side allocated every buffer and proved,
// at prepare time, that every address these loops can form lies inside an allocation (offsets are bounded by the
// padded-input length, output tiles by the scratch length). Nothing here checks bounds again.
//
// The output of one group is a set of "segments": runs of `nvec` 4-lane vectors whose element i reads the padded
// input at `segmentBase + offset + i` (unit stride: strided convolutions use a phase-split input layout, so the
// kernel never gathers). Flat mode has one segment per group covering outH * pitch positions; row mode has one
// segment per output row. Accumulators live in registers for a tile of 12, 4 or 1 vectors, start at zero (first
// input-channel block) or at the partial sums in scratch, and are written back to scratch; `finish` then applies
// bias and ReLU while compacting scratch into the NCHW output.

// Register budget: V8 (x64) allocates 15 xmm registers, and TurboFan issues every load of a loop body before the
// arithmetic that uses it. A tile of A accumulators therefore needs A accumulators + A input vectors + weight + temp
// live at once: A = 6 is the widest tile that never spills (12 spilled 5 accumulators and 5 inputs per non-zero).

// @ts-ignore: decorator
@inline
function tile6(inP: usize, outP: usize, po: usize, pe: usize, pv: usize, first: bool): void {
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
  if (!first) {
    a0 = v128.load(outP, 0); a1 = v128.load(outP, 16); a2 = v128.load(outP, 32);
    a3 = v128.load(outP, 48); a4 = v128.load(outP, 64); a5 = v128.load(outP, 80);
  }
  while (po < pe) {
    const p = inP + <usize>load<i32>(po);
    const w = v128.load32_splat(pv);
    a0 = f32x4.add(a0, f32x4.mul(w, v128.load(p, 0)));
    a1 = f32x4.add(a1, f32x4.mul(w, v128.load(p, 16)));
    a2 = f32x4.add(a2, f32x4.mul(w, v128.load(p, 32)));
    a3 = f32x4.add(a3, f32x4.mul(w, v128.load(p, 48)));
    a4 = f32x4.add(a4, f32x4.mul(w, v128.load(p, 64)));
    a5 = f32x4.add(a5, f32x4.mul(w, v128.load(p, 80)));
    po += 4;
    pv += 4;
  }
  v128.store(outP, a0, 0); v128.store(outP, a1, 16); v128.store(outP, a2, 32);
  v128.store(outP, a3, 48); v128.store(outP, a4, 64); v128.store(outP, a5, 80);
}

// @ts-ignore: decorator
@inline
function tile4(inP: usize, outP: usize, po: usize, pe: usize, pv: usize, first: bool): void {
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  if (!first) {
    a0 = v128.load(outP, 0); a1 = v128.load(outP, 16); a2 = v128.load(outP, 32); a3 = v128.load(outP, 48);
  }
  while (po < pe) {
    const p = inP + <usize>load<i32>(po);
    const w = v128.load32_splat(pv);
    a0 = f32x4.add(a0, f32x4.mul(w, v128.load(p, 0)));
    a1 = f32x4.add(a1, f32x4.mul(w, v128.load(p, 16)));
    a2 = f32x4.add(a2, f32x4.mul(w, v128.load(p, 32)));
    a3 = f32x4.add(a3, f32x4.mul(w, v128.load(p, 48)));
    po += 4;
    pv += 4;
  }
  v128.store(outP, a0, 0); v128.store(outP, a1, 16); v128.store(outP, a2, 32); v128.store(outP, a3, 48);
}

// @ts-ignore: decorator
@inline
function tile2(inP: usize, outP: usize, po: usize, pe: usize, pv: usize, first: bool): void {
  let a0 = f32x4.splat(0), a1 = a0;
  if (!first) {
    a0 = v128.load(outP, 0); a1 = v128.load(outP, 16);
  }
  while (po < pe) {
    const p = inP + <usize>load<i32>(po);
    const w = v128.load32_splat(pv);
    a0 = f32x4.add(a0, f32x4.mul(w, v128.load(p, 0)));
    a1 = f32x4.add(a1, f32x4.mul(w, v128.load(p, 16)));
    po += 4;
    pv += 4;
  }
  v128.store(outP, a0, 0); v128.store(outP, a1, 16);
}

// @ts-ignore: decorator
@inline
function tile1(inP: usize, outP: usize, po: usize, pe: usize, pv: usize, first: bool): void {
  let a0 = first ? f32x4.splat(0) : v128.load(outP, 0);
  // Two partial sums hide the add latency on long rows.
  let b0 = f32x4.splat(0);
  while (po + 4 < pe) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(pv), v128.load(inP + <usize>load<i32>(po), 0)));
    b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(pv, 4), v128.load(inP + <usize>load<i32>(po, 4), 0)));
    po += 8;
    pv += 8;
  }
  if (po < pe) a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(pv), v128.load(inP + <usize>load<i32>(po), 0)));
  v128.store(outP, f32x4.add(a0, b0), 0);
}

/**
 * One group of a direct (sparse or dense) convolution, all input-channel blocks.
 * - input: padded input of this group (bytes); offsets (`offs`, int32 byte offsets) are relative to it.
 * - segments: `segCount` runs of `nvec` vectors; segment s reads from input + s * segInStride and writes scratch at
 *   scratch + s * segOutStride (+ oc * ocStride for output channel oc of the group).
 * - blockPtr: int32 [ocCount][numBlocks + 1] non-zero ranges (global indices into offs / vals) of this group's rows.
 * - ocBlock: output channels that share one input tile before moving on (L1 reuse of the input tile).
 */
export function sparseConvGroup(
  input: usize, segCount: i32, segInStride: i32, nvec: i32,
  scratch: usize, segOutStride: i32, ocStride: i32, ocCount: i32,
  blockPtr: usize, numBlocks: i32, offs: usize, vals: usize, ocBlock: i32,
): void {
  const bpStride = <usize>(numBlocks + 1) << 2;
  for (let oc0 = 0; oc0 < ocCount; oc0 += ocBlock) {
    const oc1 = min(oc0 + ocBlock, ocCount);
    for (let b = 0; b < numBlocks; b++) {
      const first = b == 0;
      for (let s = 0; s < segCount; s++) {
        const inS = input + <usize>(s * segInStride);
        const outS = scratch + <usize>(s * segOutStride);
        let v = 0;
        while (v < nvec) {
          const left = nvec - v;
          const width = left >= 6 ? 6 : left >= 4 ? 4 : left >= 2 ? 2 : 1;
          const inP = inS + (<usize>v << 4);
          for (let oc = oc0; oc < oc1; oc++) {
            const bp = blockPtr + <usize>oc * bpStride + (<usize>b << 2);
            const j0 = <usize>load<i32>(bp) << 2;
            const j1 = <usize>load<i32>(bp, 4) << 2;
            const outP = outS + <usize>(oc * ocStride) + (<usize>v << 4);
            if (width == 6) tile6(inP, outP, offs + j0, offs + j1, vals + j0, first);
            else if (width == 4) tile4(inP, outP, offs + j0, offs + j1, vals + j0, first);
            else if (width == 2) tile2(inP, outP, offs + j0, offs + j1, vals + j0, first);
            else tile1(inP, outP, offs + j0, offs + j1, vals + j0, first);
          }
          v += width;
        }
      }
    }
  }
}

/**
 * Compact scratch [oc][outH rows of rowPitch bytes] into NCHW output [oc][outH][outW] adding bias (0 = none) and
 * applying ReLU when `relu` is set.
 */
export function convFinish(
  scratch: usize, ocStride: i32, rowPitch: i32, out: usize, ocCount: i32, outH: i32, outW: i32, bias: usize, relu: bool,
): void {
  const zero = f32x4.splat(0);
  const rowBytes = <usize>outW << 2;
  let dst = out;
  for (let oc = 0; oc < ocCount; oc++) {
    const b = bias != 0 ? load<f32>(bias + (<usize>oc << 2)) : <f32>0;
    const bv = f32x4.splat(b);
    const base = scratch + <usize>(oc * ocStride);
    for (let h = 0; h < outH; h++) {
      const src = base + <usize>(h * rowPitch);
      let x: usize = 0;
      for (; x + 16 <= rowBytes; x += 16) {
        let v = f32x4.add(v128.load(src + x), bv);
        if (relu) v = f32x4.max(v, zero);
        v128.store(dst + x, v);
      }
      // Ragged end of a row of >= 4: one overlapping vector (recomputes up to 3 finished values identically).
      if (x < rowBytes && rowBytes >= 16) {
        x = rowBytes - 16;
        let v = f32x4.add(v128.load(src + x), bv);
        if (relu) v = f32x4.max(v, zero);
        v128.store(dst + x, v);
        x = rowBytes;
      }
      for (; x < rowBytes; x += 4) {
        let v = load<f32>(src + x) + b;
        if (relu) v = v > 0 ? v : 0;
        store<f32>(dst + x, v);
      }
      dst += rowBytes;
    }
  }
}

/**
 * Copy C channels of one NCHW image (src) into the padded layout (dst, zero-initialised once: only data positions
 * are written). Data element (c, h, w) goes to padded row c * chanRows + h + padH and padded column x = w + padW,
 * stored at phase x % sw, index x / sw of a row of sw * wq floats (sw = 1: plain rows of wq floats).
 */
export function packInput(src: usize, dst: usize, C: i32, H: i32, W: i32, chanRows: i32, padH: i32, padW: i32, sw: i32, wq: i32): void {
  const rowPitch = <usize>(sw * wq) << 2;
  for (let c = 0; c < C; c++) {
    for (let h = 0; h < H; h++) {
      const s = src + (<usize>((c * H + h) * W) << 2);
      const d = dst + <usize>(c * chanRows + h + padH) * rowPitch;
      if (sw == 1) {
        memory.copy(d + (<usize>padW << 2), s, <usize>W << 2);
      } else {
        // One pass per phase: data columns w, w + sw, ... land at consecutive indices of phase (w + padW) % sw.
        for (let phase = 0; phase < sw; phase++) {
          let w = (phase - padW % sw + sw) % sw;
          const dp = d + (<usize>(phase * wq) << 2);
          let idx = (w + padW) / sw;
          for (; w < W; w += sw) {
            store<f32>(dp + (<usize>idx << 2), load<f32>(s + (<usize>w << 2)));
            idx++;
          }
        }
      }
    }
  }
}

/**
 * One group of a dense direct convolution: every output channel uses the same K input offsets (`offs`, int32 byte
 * offsets), so four output channels share each input vector load. Weights are packed in quads of output channels,
 * [quad][k][4] floats (missing channels of the last quad are zero and their scratch rows discarded). Tiles of
 * 2 vectors x 4 channels = 8 accumulators (+ 2 inputs + 4 weights + 1 temporary: 15 registers, no spills); `nvec`
 * must be even. Input channels are processed in blocks of `kBlock` offsets so that one block of the input stays in
 * L1 while every channel quad sweeps it.
 */
export function denseConvGroup(
  input: usize, segCount: i32, segInStride: i32, nvec: i32,
  scratch: usize, segOutStride: i32, ocStride: i32, quads: i32,
  K: i32, kBlock: i32, offs: usize, w: usize,
): void {
  const os = <usize>ocStride;
  for (let k0 = 0; k0 < K; k0 += kBlock) {
    const k1 = min(k0 + kBlock, K);
    const first = k0 == 0;
    const po0 = offs + (<usize>k0 << 2);
    const pe = offs + (<usize>k1 << 2);
    for (let q = 0; q < quads; q++) {
      const pw0 = w + ((<usize>q * <usize>K + <usize>k0) << 4);
      for (let s = 0; s < segCount; s++) {
        const inS = input + <usize>(s * segInStride);
        const outS = scratch + <usize>(s * segOutStride) + <usize>(4 * q) * os;
        for (let v = 0; v < nvec; v += 2) {
          const inP = inS + (<usize>v << 4);
          const o0 = outS + (<usize>v << 4);
          const o1 = o0 + os;
          const o2 = o1 + os;
          const o3 = o2 + os;
          let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
          if (!first) {
            a0 = v128.load(o0, 0); a1 = v128.load(o0, 16);
            b0 = v128.load(o1, 0); b1 = v128.load(o1, 16);
            c0 = v128.load(o2, 0); c1 = v128.load(o2, 16);
            d0 = v128.load(o3, 0); d1 = v128.load(o3, 16);
          }
          let po = po0;
          let pw = pw0;
          while (po < pe) {
            const p = inP + <usize>load<i32>(po);
            const x0 = v128.load(p, 0);
            const x1 = v128.load(p, 16);
            let wv = v128.load32_splat(pw);
            a0 = f32x4.add(a0, f32x4.mul(wv, x0)); a1 = f32x4.add(a1, f32x4.mul(wv, x1));
            wv = v128.load32_splat(pw, 4);
            b0 = f32x4.add(b0, f32x4.mul(wv, x0)); b1 = f32x4.add(b1, f32x4.mul(wv, x1));
            wv = v128.load32_splat(pw, 8);
            c0 = f32x4.add(c0, f32x4.mul(wv, x0)); c1 = f32x4.add(c1, f32x4.mul(wv, x1));
            wv = v128.load32_splat(pw, 12);
            d0 = f32x4.add(d0, f32x4.mul(wv, x0)); d1 = f32x4.add(d1, f32x4.mul(wv, x1));
            po += 4;
            pw += 16;
          }
          v128.store(o0, a0, 0); v128.store(o0, a1, 16);
          v128.store(o1, b0, 0); v128.store(o1, b1, 16);
          v128.store(o2, c0, 0); v128.store(o2, c1, 16);
          v128.store(o3, d0, 0); v128.store(o3, d1, 16);
        }
      }
    }
  }
}
