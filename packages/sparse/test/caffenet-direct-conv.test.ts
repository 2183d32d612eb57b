import { describe, it } from 'vitest';
import { csrToDense } from '../src/csr.js';
import type { DirectConvGeometry } from '../src/direct-conv.js';
import { readMatrixMarket } from '../src/matrix-market.js';
import { checkDirectConv } from './conv-reference.js';
import { readDataText, withSeed } from './helpers.js';
import { CAFFENET_GEOMETRY, MTX_FILES } from './real-files.js';

describe('direct-conv layout on the real pruned CaffeNet conv1-5 weights', () => {
  for (const [layer, geometry] of Object.entries(CAFFENET_GEOMETRY)) {
    it(`${layer}: JS direct sparse conv over the layout equals a float64 naive conv (random input, default blocking)`, (ctx) => {
      const file = MTX_FILES.find((f) => f.label === `caffenet ${layer}`)!;
      const text = readDataText(file.path);
      if (text === undefined) return ctx.skip();
      const weights = readMatrixMarket(text, { file: file.path });
      const g = geometry as unknown as DirectConvGeometry;
      withSeed(`caffenet ${layer}`, (rng) => {
        const image = new Float32Array(g.inChannels * g.inH * g.inW);
        for (let i = 0; i < image.length; i++) image[i] = rng.uniform(-1, 1);
        checkDirectConv(weights, csrToDense(weights), image, g, `caffenet ${layer}`);
      });
    });
  }
});
