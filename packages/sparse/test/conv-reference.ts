import { compareClose, poison } from '@sparsecnn/tensor';
import { expect } from 'vitest';
import { packPaddedInput, toDirectConvLayout, type DirectConvGeometry, type DirectConvLayout } from '../src/direct-conv.js';
import type { CsrMatrix } from '../src/types.js';

/**
 * Naive float64 convolution of one CHW image with dense weights [O, C/g, kh, kw] (Caffe semantics: zero padding,
 * floor output size, dilation, groups). Zero weights are skipped (they contribute exactly nothing).
 */
export function naiveConv(weights: Float32Array, image: Float32Array, g: DirectConvGeometry, outH: number, outW: number): Float64Array {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [ph, pw] = g.pad;
  const [dh, dw] = g.dilation;
  const Cg = g.inChannels / g.groups;
  const Ng = g.outChannels / g.groups;
  const out = new Float64Array(g.outChannels * outH * outW);
  for (let o = 0; o < g.outChannels; o++) {
    const grp = Math.floor(o / Ng);
    for (let c = 0; c < Cg; c++) {
      const ic = grp * Cg + c;
      for (let r = 0; r < kh; r++) {
        for (let s = 0; s < kw; s++) {
          const w = weights[((o * Cg + c) * kh + r) * kw + s]!;
          if (w === 0) continue;
          for (let y = 0; y < outH; y++) {
            const h = y * sh - ph + r * dh;
            if (h < 0 || h >= g.inH) continue;
            for (let x = 0; x < outW; x++) {
              const ww = x * sw - pw + s * dw;
              if (ww < 0 || ww >= g.inW) continue;
              out[(o * outH + y) * outW + x]! += w * image[(ic * g.inH + h) * g.inW + ww]!;
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * A plain JS direct sparse convolution over the layout: output (oh, ow) of output channel n in group g reads
 * `buffer[groupBase + oh * strideH * pitch + ow * strideW + offset]`. Every read is bounds-checked against
 * `bufferLength`; the result is float32 (accumulated in float64), written into a NaN-poisoned output.
 * Iterates the non-zeros block by block through `blockPtr`, so the blocking is exercised too.
 */
export function directSparseConv(layout: DirectConvLayout, buffer: Float32Array): { out: Float32Array; maxRead: number } {
  const { outH, outW, pitch, channelStride, groupInChannels: Cg, groupOutChannels: Ng, numBlocks } = layout;
  const [sh, sw] = layout.geometry.stride;
  const N = layout.geometry.outChannels;
  const out = new Float32Array(N * outH * outW);
  poison(out);
  let maxRead = -1;
  const acc = new Float64Array(outH * outW);
  for (let n = 0; n < N; n++) {
    const groupBase = Math.floor(n / Ng) * Cg * channelStride;
    acc.fill(0);
    for (let b = 0; b < numBlocks; b++) {
      const a = layout.blockPtr[n * (numBlocks + 1) + b]!;
      const e = layout.blockPtr[n * (numBlocks + 1) + b + 1]!;
      for (let j = a; j < e; j++) {
        const off = layout.offsets[j]!;
        const v = layout.values[j]!;
        for (let oh = 0; oh < outH; oh++) {
          const rowBase = groupBase + oh * sh * pitch + off;
          for (let ow = 0; ow < outW; ow++) {
            const idx = rowBase + ow * sw;
            if (idx < 0 || idx >= layout.bufferLength) {
              throw new Error(`read ${idx} outside the padded buffer [0, ${layout.bufferLength}) (n ${n}, entry ${j}, oh ${oh}, ow ${ow})`);
            }
            if (idx > maxRead) maxRead = idx;
            acc[oh * outW + ow]! += v * buffer[idx]!;
          }
        }
      }
    }
    for (let p = 0; p < outH * outW; p++) out[n * outH * outW + p] = acc[p]!;
  }
  return { out, maxRead };
}

/** Check the layout's structure: blockPtr covers each row, entries of block b belong to channels of block b. */
export function checkLayoutStructure(layout: DirectConvLayout, weights: CsrMatrix): void {
  const { numBlocks, channelBlock } = layout;
  const taps = layout.geometry.kernel[0] * layout.geometry.kernel[1];
  for (let n = 0; n < layout.geometry.outChannels; n++) {
    const base = n * (numBlocks + 1);
    expect(layout.blockPtr[base]).toBe(weights.rowPtr[n]);
    expect(layout.blockPtr[base + numBlocks]).toBe(weights.rowPtr[n + 1]);
    for (let b = 0; b < numBlocks; b++) {
      for (let j = layout.blockPtr[base + b]!; j < layout.blockPtr[base + b + 1]!; j++) {
        const ic = Math.floor(weights.colIdx[j]! / taps); // entries keep the CSR order
        if (ic < b * channelBlock || ic >= (b + 1) * channelBlock) {
          throw new Error(`entry ${j} of row ${n} (channel ${ic}) is in block ${b} of ${channelBlock} channels`);
        }
      }
    }
  }
}

/** Run the layout + JS direct conv on `image` and compare with the float64 naive convolution. */
export function checkDirectConv(
  weightsCsr: CsrMatrix,
  weightsDense: Float32Array,
  image: Float32Array,
  geometry: DirectConvGeometry,
  what: string,
  channelBlock?: number,
): void {
  const layout = toDirectConvLayout(weightsCsr, geometry, channelBlock !== undefined ? { channelBlock } : {});
  checkLayoutStructure(layout, weightsCsr);
  const buffer = new Float32Array(layout.bufferLength);
  packPaddedInput(layout, image, 0, buffer);
  const { out, maxRead } = directSparseConv(layout, buffer);
  expect(maxRead, `${what}: max read`).toBeLessThan(layout.bufferLength);
  const ref = naiveConv(weightsDense, image, geometry, layout.outH, layout.outW);
  const report = compareClose(out, ref, { atol: 1e-5, rtol: 1e-5 });
  expect(report.ok, `${what}: ${report.message}`).toBe(true);
}
