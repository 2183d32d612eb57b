import { isSparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { decodeDeepCompressionNet, deepCompressionLayers, parsePrototxt, toNetDescription } from '../src/index.js';
import type { DeepCompressionLayerInfo } from '../src/index.js';
import { haveData, readData, readText } from './helpers.js';

const NET = 'models/squeezenet_deep_compression/compressed_SqueezeNet.net';
const DEPLOY = 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt';

const present = haveData(NET, DEPLOY);

describe.runIf(present)('Deep Compression SqueezeNet .net', () => {
  // Read only when present: a skipped describe block still runs its body to collect the tests.
  const bytes = present ? readData(NET) : new Uint8Array();
  const deploy = present ? parsePrototxt(readText(DEPLOY), { file: DEPLOY }).net : {};

  it('consumes exactly the whole file: 26 layers, 1,244,448 weights, 415,921 non-zero (MANIFEST §2)', () => {
    expect(bytes.length).toBe(675_763);
    const info: DeepCompressionLayerInfo[] = [];
    const w = decodeDeepCompressionNet(bytes, deploy, { file: NET, info });
    expect(w.size).toBe(26);
    expect(info).toHaveLength(26);
    expect(info.reduce((a, l) => a + l.weights, 0)).toBe(1_244_448);
    let nonZero = 0;
    for (const [, [weights]] of w) nonZero += weights!.data.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
    expect(nonZero).toBe(415_921);
    expect(info.reduce((a, l) => a + l.nonZero, 0)).toBe(415_921);
    // Filler entries: stored entries minus real non-zeros, between 0 and 3,650 per layer.
    for (const l of info) expect(l.entries - l.nonZero).toBeGreaterThanOrEqual(0);
    expect(Math.max(...info.map((l) => l.entries - l.nonZero))).toBeLessThanOrEqual(3650);
    const names = [...w.keys()];
    expect(names[0]).toBe('conv1');
    expect(names[25]).toBe('conv_final');
    expect(w.get('conv1')![0]!.shape).toEqual([96, 3, 7, 7]);
    expect(w.get('conv_final')![0]!.shape).toEqual([1000, 512, 1, 1]);
    expect(w.get('conv_final')![1]!.shape).toEqual([1000]);
    // Per-layer densities the MANIFEST quotes: conv1 98.5 %, conv_final 20.0 %.
    const density = (n: string) => info.find((l) => l.name === n)!.nonZero / info.find((l) => l.name === n)!.weights;
    expect(density('conv1')).toBeCloseTo(0.985, 2);
    expect(density('conv_final')).toBeCloseTo(0.2, 2);
  });

  it('converts with the deploy net', () => {
    const desc = toNetDescription(deploy, decodeDeepCompressionNet(bytes, deploy, { file: NET }), { file: DEPLOY, weightsFile: NET });
    expect(desc.inputs).toEqual([{ name: 'data', shape: [1, 3, 227, 227] }]);
    const last = desc.layers[desc.layers.length - 1]!;
    expect(last).toMatchObject({ name: 'pool_final', type: 'Pooling', params: { pool: 'ave', global: true, kernel: [15, 15] } });
    expect(desc.layers.filter((l) => l.blobs.length === 2)).toHaveLength(26);
  });

  it('lists the stored layers: conv layers use 8-bit codes', () => {
    const layers = deepCompressionLayers(deploy);
    expect(layers).toHaveLength(26);
    expect(layers.every((l) => l.bits === 8)).toBe(true);
  });

  it('rejects truncated files (E_TRUNCATED) and oversized files (E_FORMAT), naming the file', () => {
    for (const cut of [0, 3, 104, 105, 2000, 400_000, bytes.length - 1]) {
      let err: unknown;
      try {
        decodeDeepCompressionNet(bytes.subarray(0, cut), deploy, { file: NET });
      } catch (e) {
        err = e;
      }
      expect(isSparseCnnError(err, 'E_TRUNCATED'), `cut ${cut}: ${err}`).toBe(true);
      expect((err as Error).message).toContain(NET);
    }
    const longer = new Uint8Array(bytes.length + 5);
    longer.set(bytes);
    expect(() => decodeDeepCompressionNet(longer, deploy, { file: NET })).toThrowError(
      expect.objectContaining({ code: 'E_FORMAT', context: expect.objectContaining({ file: NET, offset: bytes.length }) }),
    );
  });

  it('rejects a header count larger than the layer (E_FORMAT naming the layer)', () => {
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint32(0, 0x7fffffff, true);
    expect(() => decodeDeepCompressionNet(bad, deploy, { file: NET })).toThrowError(
      expect.objectContaining({ code: 'E_FORMAT', context: expect.objectContaining({ layer: 'conv1' }) }),
    );
  });

  it('needs a deploy net with known input shapes', () => {
    const noInput = parsePrototxt('layer { name: "conv1" type: "Convolution" bottom: "x" top: "c" convolution_param { num_output: 2 kernel_size: 1 } }').net;
    expect(() => decodeDeepCompressionNet(bytes, noInput, { file: NET })).toThrowError(expect.objectContaining({ code: expect.stringMatching(/^E_/) }));
  });
});
