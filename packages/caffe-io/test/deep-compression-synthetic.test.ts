/**
 * The .net reader on synthetic files written by an independent encoder (below, from the format description in
 * MANIFEST §2): conv (8-bit codes) and fc (4-bit codes, two per byte, low nibble first), zero runs longer than 15
 * (filler entries), odd entry counts, and a layer whose name does not contain conv/fc/ip (not stored).
 */
import { Rng } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { decodeDeepCompressionNet, parsePrototxt } from '../src/index.js';

const DEPLOY = `
  input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
  layer { name: "conv1" type: "Convolution" bottom: "data" top: "c1" convolution_param { num_output: 5 kernel_size: 3 } }
  layer { name: "relu" type: "ReLU" bottom: "c1" top: "c1" }
  layer { name: "mix" type: "Convolution" bottom: "c1" top: "m" convolution_param { num_output: 4 kernel_size: 1 } }
  layer { name: "fc6" type: "InnerProduct" bottom: "c1" top: "fc6" inner_product_param { num_output: 7 } }
  layer { name: "ip2" type: "InnerProduct" bottom: "fc6" top: "ip2" inner_product_param { num_output: 3 } }
`;

interface Layer { name: string; bits: number; size: number; out: number }

/** Quantizes `dense` to a codebook (entry 0 = 0) and writes the Deep Compression layout. */
function encode(layers: Layer[], dense: Map<string, Float32Array>, bias: Map<string, Float32Array>, rng: Rng): Uint8Array {
  const parts: Uint8Array[] = [];
  const counts: number[] = [];
  const bodies: Uint8Array[] = [];
  for (const l of layers) {
    const w = dense.get(l.name)!;
    const k = 1 << l.bits;
    const codebook = new Float32Array(k);
    for (let i = 1; i < k; i++) codebook[i] = Math.fround((rng.next() - 0.5) * 2);
    // Snap every non-zero weight to a random non-zero centroid (the test compares against this snapped blob).
    const codes: number[] = [];
    const gaps: number[] = [];
    let last = -1;
    for (let p = 0; p < w.length; p++) {
      if (w[p] === 0) continue;
      let gap = p - last - 1;
      while (gap > 15) {
        codes.push(0);
        gaps.push(15);
        gap -= 16;
      }
      const c = 1 + Math.floor(rng.next() * (k - 1));
      w[p] = codebook[c]!;
      codes.push(c);
      gaps.push(gap);
      last = p;
    }
    const n = codes.length;
    counts.push(n);
    const codeBytes = l.bits === 8 ? Uint8Array.from(codes) : new Uint8Array(Math.ceil(n / 2));
    if (l.bits === 4) codes.forEach((c, i) => (codeBytes[i >> 1]! |= i & 1 ? c << 4 : c));
    const gapBytes = new Uint8Array(Math.ceil(n / 2));
    gaps.forEach((g, i) => (gapBytes[i >> 1]! |= i & 1 ? g << 4 : g));
    bodies.push(new Uint8Array(codebook.buffer), new Uint8Array(bias.get(l.name)!.buffer), codeBytes, gapBytes);
  }
  parts.push(new Uint8Array(Uint32Array.from(counts).buffer), ...bodies);
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('Deep Compression .net on synthetic files', () => {
  it('decodes 8-bit and 4-bit layers, fillers for long zero runs, and skips layers not named conv/fc/ip', () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const deploy = parsePrototxt(DEPLOY).net;
    // conv1 [5,3,3,3]; c1 is 5x6x6, so fc6 [7,180]; ip2 [3,7]. "mix" is not stored.
    const layers: Layer[] = [
      { name: 'conv1', bits: 8, size: 5 * 27, out: 5 },
      { name: 'fc6', bits: 4, size: 7 * 180, out: 7 },
      { name: 'ip2', bits: 4, size: 21, out: 3 },
    ];
    const dense = new Map<string, Float32Array>();
    const bias = new Map<string, Float32Array>();
    for (const l of layers) {
      const w = new Float32Array(l.size);
      const density = l.name === 'fc6' ? 0.03 : 0.5; // fc6: long zero runs need fillers
      for (let i = 0; i < w.length; i++) if (rng.next() < density) w[i] = 1;
      dense.set(l.name, w);
      bias.set(l.name, Float32Array.from({ length: l.out }, () => rng.next()));
    }
    const bytes = encode(layers, dense, bias, rng);
    const got = decodeDeepCompressionNet(bytes, deploy, { file: 'synthetic.net' });
    expect([...got.keys()], `seed ${seed}`).toEqual(['conv1', 'fc6', 'ip2']);
    expect(got.get('conv1')![0]!.shape).toEqual([5, 3, 3, 3]);
    expect(got.get('fc6')![0]!.shape).toEqual([7, 180]);
    for (const l of layers) {
      expect(Array.from(got.get(l.name)![0]!.data), `${l.name}, seed ${seed}`).toEqual(Array.from(dense.get(l.name)!));
      expect(Array.from(got.get(l.name)![1]!.data), `${l.name} bias, seed ${seed}`).toEqual(Array.from(bias.get(l.name)!));
    }
    // One byte more or less is a typed error.
    expect(() => decodeDeepCompressionNet(bytes.subarray(0, bytes.length - 1), deploy, { file: 'synthetic.net' })).toThrowError(
      expect.objectContaining({ code: 'E_TRUNCATED' }),
    );
  });
});
