import { isSparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { checkDirectConv } from '../test/conv-reference.js';
import { randomDense, withSeed } from '../test/helpers.js';
import { denseToCsr } from './csr.js';
import { packPaddedInput, toDirectConvLayout, type DirectConvGeometry } from './direct-conv.js';

const KERNELS = [1, 3, 5, 11];

describe('direct-conv layout + JS direct sparse convolution vs float64 naive convolution', () => {
  for (const stride of [1, 2, 4]) {
    for (const pad of [0, 1, 2]) {
      it(`stride ${stride}, pad ${pad}: dilation 1/2, groups 1/2, kernels 1/3/5/11, odd widths`, () => {
        withSeed(`direct-conv s${stride} p${pad}`, (rng) => {
          for (const dilation of [1, 2]) {
            for (const groups of [1, 2]) {
              for (const k of KERNELS) {
                const kw = rng.pick(KERNELS); // non-square kernels too
                const extH = dilation * (k - 1) + 1;
                const extW = dilation * (kw - 1) + 1;
                const inH = Math.max(1, extH - 2 * pad) + rng.int(0, 6);
                // odd widths
                const inW = (Math.max(1, extW - 2 * pad) + rng.int(0, 6)) | 1;
                const Cg = rng.int(1, 4);
                const Ng = rng.int(1, 3);
                const geometry: DirectConvGeometry = {
                  inChannels: Cg * groups, inH, inW, outChannels: Ng * groups,
                  kernel: [k, kw], stride: [stride, rng.pick([stride, 1])], pad: [pad, rng.pick([pad, 0])], dilation: [dilation, dilation], groups,
                };
                if (geometry.inW + 2 * geometry.pad[1] < extW) continue; // the kernel must fit
                const cols = Cg * k * kw;
                const dense = randomDense(rng, geometry.outChannels, cols, rng.pick([0.05, 0.3, 1]));
                const csr = denseToCsr(dense, geometry.outChannels, cols);
                const image = new Float32Array(geometry.inChannels * inH * inW);
                for (let i = 0; i < image.length; i++) image[i] = rng.uniform(-1, 1);
                const divisors = Array.from({ length: Cg }, (_, i) => i + 1).filter((d) => Cg % d === 0);
                checkDirectConv(csr, dense, image, geometry, JSON.stringify(geometry), rng.pick(divisors));
              }
            }
          }
        });
      });
    }
  }

  it('reads exactly up to the last element of the buffer in the worst case (the tail is tight)', () => {
    // One weight at the last channel's bottom-right tap, full-extent output: the largest possible read.
    const geometry: DirectConvGeometry = {
      inChannels: 2, inH: 5, inW: 7, outChannels: 1, kernel: [3, 3], stride: [2, 2], pad: [2, 2], dilation: [1, 1], groups: 1,
    };
    const dense = new Float32Array(2 * 9);
    dense[17] = 1;
    const layout = toDirectConvLayout(denseToCsr(dense, 1, 18), geometry);
    const maxIndex = (layout.outH - 1) * 2 * layout.pitch + (layout.outW - 1) * 2 + layout.offsets[0]!;
    expect(maxIndex).toBe(layout.bufferLength - 1);
  });

  it('rejects weights that do not fit the geometry, and short buffers', () => {
    const geometry: DirectConvGeometry = {
      inChannels: 4, inH: 5, inW: 5, outChannels: 2, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 2,
    };
    const wrong = denseToCsr(new Float32Array(2 * 36), 2, 36);
    expect(() => toDirectConvLayout(wrong, geometry)).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
    const ok = denseToCsr(new Float32Array(2 * 18).fill(1), 2, 18);
    expect(() => toDirectConvLayout(ok, geometry, { channelBlock: 3 })).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    const layout = toDirectConvLayout(ok, geometry);
    try {
      packPaddedInput(layout, new Float32Array(100), 0, new Float32Array(layout.bufferLength - 1));
      throw new Error('no error');
    } catch (e) {
      expect(isSparseCnnError(e, 'E_SHAPE')).toBe(true);
    }
  });
});
