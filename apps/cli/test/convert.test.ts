import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@sparsecnn/tensor';
import {
  compactBlobToTensor, decodeCaffeModel, decodeDeepCompressionNet, parsePrototxt, readCompactModel, writeCompactModel,
  type CompactNetLike as NetLike,
} from '@sparsecnn/caffe-io';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

const LENET = ['models/lenet_mnist/lenet.prototxt', 'models/lenet_mnist/lenet_iter_10000.caffemodel'];
const SQZ = ['models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt', 'models/squeezenet_deep_compression/compressed_SqueezeNet.net'];

function blobsOf(bytes: Uint8Array): Map<string, Float32Array[]> {
  const net = decodeCaffeModel(bytes) as unknown as NetLike;
  const out = new Map<string, Float32Array[]>();
  for (const l of [...(net.layer ?? []), ...(net.layers ?? [])]) {
    if ((l.blobs ?? []).length === 0) continue;
    out.set(l.name ?? '', (l.blobs ?? []).map((b) => compactBlobToTensor(b, { layer: l.name ?? '' }).data));
  }
  return out;
}

function expectBitIdentical(a: Map<string, Float32Array[]>, b: Map<string, Float32Array[]>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, blobs] of a) {
    const other = b.get(name)!;
    expect(other.length, name).toBe(blobs.length);
    blobs.forEach((x, i) => {
      const y = other[i]!;
      expect(y.length, `${name}/${i}`).toBe(x.length);
      expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength)), `${name}/${i}`).toBe(true);
    });
  }
}

describe('convert', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('compact round trip keeps -0.0, legacy 4-D blob fields, V1 layers and duplicate layer names', () => {
    const rng = new Rng();
    const sparse = Array.from({ length: 6 * 12 }, () => (rng.next() < 0.2 ? Math.fround(rng.uniform(-1, 1)) : rng.next() < 0.5 ? -0 : 0));
    const dense = Array.from({ length: 6 }, () => Math.fround(rng.uniform(-1, 1)));
    const net = {
      name: 'synthetic',
      layer: [
        { name: 'conv', type: 'Convolution', blobs: [{ shape: { dim: [6, 3, 2, 2] }, data: sparse }, { shape: { dim: [6] }, data: dense }] },
        { name: 'conv', type: 'Convolution', blobs: [{ shape: { dim: [6] }, data: dense }] },
        { name: 'relu', type: 'ReLU', blobs: [] },
      ],
      layers: [{ name: 'old', type: 4, blobs: [{ num: 1, channels: 1, height: 6, width: 12, data: sparse }] }],
    };
    const back = readCompactModel(writeCompactModel(net as unknown as NetLike, { densityThreshold: 0.5 })) as typeof net;
    expect(back.name).toBe('synthetic');
    const bits = (a: ArrayLike<number>): number[] => [...new Uint32Array(Float32Array.from(a).buffer)];
    expect(bits(back.layer[0]!.blobs[0]!.data), `seed ${rng.seed}`).toEqual(bits(sparse));
    expect(back.layer[0]!.blobs[0]!.shape).toEqual({ dim: [6, 3, 2, 2] });
    expect(bits(back.layer[0]!.blobs[1]!.data)).toEqual(bits(dense));
    expect(bits(back.layer[1]!.blobs[0]!.data)).toEqual(bits(dense));
    expect(back.layer[2]!.blobs).toEqual([]);
    const old = back.layers[0]!.blobs[0]! as { num: number; channels: number; height: number; width: number; data: number[]; shape?: unknown };
    expect([old.num, old.channels, old.height, old.width]).toEqual([1, 1, 6, 12]);
    expect(old.shape ?? null).toBeNull();
    expect(bits(old.data)).toEqual(bits(sparse));
  });

  dataTest('caffemodel -> compact -> caffemodel gives bit-identical weights (dense and pruned)', LENET, async () => {
    const src = dataPath(LENET[1]!);
    const original = blobsOf(new Uint8Array(readFileSync(src)));
    const compact = join(tmp.dir, 'lenet.scnn');
    const back = join(tmp.dir, 'lenet-back.caffemodel');
    let r = await run('convert', src, compact);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lenet\.scnn \(compact/);
    r = await run('convert', compact, back);
    expect(r.code, r.stderr).toBe(0);
    expectBitIdentical(original, blobsOf(new Uint8Array(readFileSync(back))));

    // Pruned: convert writes a pruned caffemodel; it and its compact form read back bit-identically.
    const pruned = join(tmp.dir, 'lenet-pruned.caffemodel');
    r = await run('convert', src, pruned, '--prune', 'conv2=0.2,ip1=0.05');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pruned conv2 to 20\.0% density/);
    const prunedBlobs = blobsOf(new Uint8Array(readFileSync(pruned)));
    const ip1 = prunedBlobs.get('ip1')![0]!;
    expect(ip1.filter((v) => v !== 0).length).toBe(Math.round(0.05 * ip1.length));
    const prunedCompact = join(tmp.dir, 'lenet-pruned.scnn');
    const prunedBack = join(tmp.dir, 'lenet-pruned-back.caffemodel');
    expect((await run('convert', pruned, prunedCompact)).code).toBe(0);
    expect((await run('convert', prunedCompact, prunedBack)).code).toBe(0);
    expectBitIdentical(prunedBlobs, blobsOf(new Uint8Array(readFileSync(prunedBack))));
    expect(statSync(prunedCompact).size).toBeLessThan(statSync(src).size / 4);
  });

  dataTest('.net -> .caffemodel decodes to the same weights as the Deep Compression reader; compact round trip', SQZ, async () => {
    const out = join(tmp.dir, 'squeezenet.caffemodel');
    const r = await run('convert', dataPath(SQZ[1]!), out, '--model', dataPath(SQZ[0]!));
    expect(r.code, r.stderr).toBe(0);
    const deploy = parsePrototxt(readFileSync(dataPath(SQZ[0]!), 'utf8')).net;
    const ref = decodeDeepCompressionNet(new Uint8Array(readFileSync(dataPath(SQZ[1]!))), deploy);
    const written = blobsOf(new Uint8Array(readFileSync(out)));
    expect(ref.size).toBe(26);
    const refMap = new Map([...ref].map(([k, v]) => [k, v.map((t) => t.data)] as const));
    expectBitIdentical(refMap, written);
    const compact = join(tmp.dir, 'squeezenet.scnn');
    const back = join(tmp.dir, 'squeezenet-back.caffemodel');
    expect((await run('convert', out, compact)).code).toBe(0);
    expect((await run('convert', compact, back)).code).toBe(0);
    expectBitIdentical(written, blobsOf(new Uint8Array(readFileSync(back))));
    expect(statSync(compact).size).toBeLessThan(statSync(out).size * 0.6);
  });

  dataTest('a .net input without --model is a usage error; a corrupt compact file is a typed error naming it', SQZ, async () => {
    const r = await run('convert', dataPath(SQZ[1]!), join(tmp.dir, 'x.caffemodel'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model/);
    const bad = join(tmp.dir, 'bad.scnn');
    (await import('node:fs')).writeFileSync(bad, new Uint8Array(64).fill(7));
    const r2 = await run('convert', bad, join(tmp.dir, 'y.caffemodel'));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/^error \[E_[A-Z]+\]: .*bad\.scnn/);
  });
});
