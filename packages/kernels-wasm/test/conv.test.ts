import { describe, expect, it } from 'vitest';
import { tensorToCsr } from '@sparsecnn/sparse';
import { Rng, compareClose, poison, randomUniform, zeros } from '@sparsecnn/tensor';
import type { Conv2dSpec } from '@sparsecnn/kernels-api';
import { createWasmBackend } from '../src/index.js';
import { ensureWasmBuilt, randomWeights, refConv, spec } from './helpers.js';

ensureWasmBuilt();
const TOL = { atol: 1e-4, rtol: 1e-4 };

const cases: Array<[string, Conv2dSpec, number]> = [
  ['3x3 pad 1 (flat)', spec({ inChannels: 8, inH: 13, inW: 13, outChannels: 20, pad: [1, 1] }), 0.3],
  ['5x5 pad 2 groups 2 (AlexNet conv2 shape, small)', spec({ inChannels: 16, inH: 27, inW: 27, outChannels: 24, kernel: [5, 5], pad: [2, 2], groups: 2 }), 0.15],
  ['3x3 no pad, relu', spec({ inChannels: 5, inH: 9, inW: 11, outChannels: 7, relu: true }), 0.5],
  ['1x1', spec({ inChannels: 16, inH: 7, inW: 7, outChannels: 9, kernel: [1, 1] }), 0.4],
  ['stride 2 pad 1', spec({ inChannels: 6, inH: 15, inW: 14, outChannels: 10, stride: [2, 2], pad: [1, 1] }), 0.4],
  ['11x11 stride 4 (conv1 shape, small)', spec({ inChannels: 3, inH: 39, inW: 43, outChannels: 8, kernel: [11, 11], stride: [4, 4] }), 0.7],
  ['stride (1, 3) pad (0, 2)', spec({ inChannels: 4, inH: 10, inW: 17, outChannels: 6, stride: [1, 3], pad: [0, 2] }), 0.5],
  ['stride (2, 1)', spec({ inChannels: 4, inH: 12, inW: 12, outChannels: 5, stride: [2, 1] }), 0.5],
  ['dilation 2 pad 2', spec({ inChannels: 6, inH: 14, inW: 13, outChannels: 8, dilation: [2, 2], pad: [2, 2] }), 0.4],
  ['pad larger than kernel extent', spec({ inChannels: 3, inH: 6, inW: 5, outChannels: 4, kernel: [2, 2], pad: [3, 3] }), 0.6],
  ['rectangular kernel 3x1 groups 3 relu', spec({ inChannels: 9, inH: 8, inW: 30, outChannels: 6, kernel: [3, 1], pad: [1, 0], groups: 3, relu: true }), 0.5],
  ['depthwise 3x3', spec({ inChannels: 8, inH: 10, inW: 10, outChannels: 8, groups: 8, pad: [1, 1] }), 0.8],
  ['wide output 60 (tiles of 6)', spec({ inChannels: 3, inH: 5, inW: 62, outChannels: 4 }), 0.7],
  ['stride 2, 38 outputs per row (tiles 6 + 4), 13 channels (partial dense quad)', spec({ inChannels: 3, inH: 9, inW: 77, outChannels: 13, stride: [2, 2] }), 0.5],
  ['stride 2, 30 outputs per row (tiles 6 + 2), 6 channels', spec({ inChannels: 2, inH: 7, inW: 60, outChannels: 6, stride: [2, 2], pad: [0, 1] }), 0.5],
  ['stride 3, 11 outputs per row (tiles 2 + 1)', spec({ inChannels: 4, inH: 8, inW: 32, outChannels: 3, stride: [3, 3], pad: [1, 1] }), 0.6],
  ['all-zero rows', spec({ inChannels: 4, inH: 6, inW: 6, outChannels: 5 }), 0.0],
];

describe('wasm direct convolution vs float64 reference', async () => {
  const backend = await createWasmBackend();
  const k = backend.kernels;
  for (const [name, s, density] of cases) {
    for (const sparse of [true, false]) {
      it(`${sparse ? 'sparseConv2d' : 'conv2d'}: ${name}`, () => {
        const rng = new Rng();
        const w = randomWeights(s, rng, density);
        const bias = rng.uniform() < 0.8 ? randomUniform([s.outChannels], rng).data : null;
        const N = 1 + (rng.uniform() < 0.5 ? 1 : 0);
        const input = randomUniform([N, s.inChannels, s.inH, s.inW], rng);
        const prepared = sparse ? k.prepareSparseConv2d!(tensorToCsr(w), bias, s) : k.prepareConv2d!(w, bias, s);
        const shape = prepared.outputShape(input.shape);
        const out = zeros(shape);
        poison(out.data);
        const y = sparse ? k.sparseConv2d!(input, prepared as never, out) : k.conv2d!(input, prepared as never, out);
        expect(y).toBe(out);
        const r = compareClose(y.data, refConv(input, w.data, bias, s), TOL);
        expect(r.ok, `seed ${rng.seed}: ${r.message}`).toBe(true);
        // A second call on the same handle (padded buffer reused) gives the same answer.
        const again = sparse ? k.sparseConv2d!(input, prepared as never) : k.conv2d!(input, prepared as never);
        expect(Array.from(again.data)).toEqual(Array.from(y.data));
        prepared.dispose();
      });
    }
  }

  it('channel blocking and OC blocking options give the same result', async () => {
    const rng = new Rng();
    const s = spec({ inChannels: 32, inH: 13, inW: 13, outChannels: 40, pad: [1, 1] });
    const w = randomWeights(s, rng, 0.2);
    const input = randomUniform([1, 32, 13, 13], rng);
    const ref = refConv(input, w.data, null, s);
    for (const conv of [{ channelBlock: 8, ocBlock: 3 }, { channelBlock: 32, ocBlock: 1 }, { channelBlock: 4, ocBlock: 64 }]) {
      const b = await createWasmBackend({ conv });
      const p = b.kernels.prepareSparseConv2d!(tensorToCsr(w), null, s);
      const r = compareClose(b.kernels.sparseConv2d!(input, p).data, ref, TOL);
      expect(r.ok, `seed ${rng.seed} ${JSON.stringify(conv)}: ${r.message}`).toBe(true);
      b.dispose();
    }
  });

  it('a batch of 0 images gives an empty output', () => {
    const s = spec({ inChannels: 2, inH: 4, inW: 4, outChannels: 3 });
    const w = randomWeights(s, new Rng(), 0.5);
    const p = k.prepareConv2d!(w, null, s);
    expect(k.conv2d!(zeros([0, 2, 4, 4]), p).shape).toEqual([0, 3, 2, 2]);
  });
});
