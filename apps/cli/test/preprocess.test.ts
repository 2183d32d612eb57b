import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import { readFileSync } from 'node:fs';
import { parseLabels, pixelsToInput, resolvePreprocess, topKIndices as topK } from '@sparsecnn/image';
import { decodeImage } from '@sparsecnn/image/node';
import { readNpy } from '../src/lib/npy.js';
import { pruneByMagnitude } from '@sparsecnn/pruning';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { caffe, tensorToBlob } from '@sparsecnn/caffe-io';
import { readMeanFile } from '../src/lib/model.js';
import { dataPath, dataTest, tempDir } from './helpers.js';

/** decodeImage to interleaved 8-bit pixels [h, w, channels] at [h, w]. */
async function decodeResized(source: string | Uint8Array, channels: 1 | 3, resize: [number, number]): Promise<Uint8Array> {
  const px = await decodeImage(source, { channels, resize });
  return px.data instanceof Uint8Array ? px.data : new Uint8Array(px.data);
}

function npyBytes(descr: string, shape: number[], values: number[]): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const size = Number(descr.slice(2));
  const out = new Uint8Array(10 + header.length + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const dv = new DataView(out.buffer, 10 + header.length);
  values.forEach((v, i) => (size === 8 ? dv.setFloat64(i * 8, v, descr[0] === '<') : dv.setFloat32(i * 4, v, descr[0] === '<')));
  return out;
}

describe('preprocessing', () => {
  it('crop, BGR, mean values and scale match a direct float64 computation', () => {
    const rng = new Rng();
    const seed = rng.seed;
    const [rh, rw, H, W] = [13, 17, 8, 9];
    const pixels = new Uint8Array(rh * rw * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = rng.nextUint32() & 255;
    const mean = [rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)];
    const scale = rng.uniform(0.001, 2);
    const p = resolvePreprocess({ channels: 3, height: H, width: W, resize: [rh, rw], meanValues: mean, scale });
    const out = new Float32Array(3 * H * W + 5).fill(Number.NaN);
    pixelsToInput(pixels, p, out, 5);
    const oy = Math.floor((rh - H) / 2);
    const ox = Math.floor((rw - W) / 2);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const rgb = pixels[((y + oy) * rw + (x + ox)) * 3 + (2 - c)]!; // network channel c = BGR
          const want = (rgb - mean[c]!) * scale;
          const got = out[5 + c * H * W + y * W + x]!;
          expect(Math.abs(got - want), `seed ${seed} c${c} y${y} x${x}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
        }
      }
    }
  });

  it('a mean image the size of the resized image is cropped with it', () => {
    const [rh, rw, H, W] = [6, 6, 4, 4];
    const pixels = new Uint8Array(rh * rw).fill(100);
    const mean = new Float32Array(rh * rw);
    for (let i = 0; i < mean.length; i++) mean[i] = i;
    // Grayscale resizes straight to the input size unless a resize is given.
    const p6 = resolvePreprocess({ channels: 1, height: H, width: W, resize: [rh, rw], meanImage: { dtype: 'float32', shape: [1, rh, rw], data: mean } });
    const out = new Float32Array(H * W);
    pixelsToInput(pixels, p6, out);
    expect(out[0]).toBe(100 - (1 * rw + 1));
    expect(out[H * W - 1]).toBe(100 - (4 * rw + 4));
  });

  it('rejects bad options with typed errors', () => {
    expect(() => resolvePreprocess({ channels: 4, height: 8, width: 8 })).toThrow(/1 or 3 channels/);
    expect(() => resolvePreprocess({ channels: 3, height: 300, width: 300, resize: [256, 256] })).toThrow(/smaller than the crop/);
    expect(() => resolvePreprocess({ channels: 3, height: 8, width: 8, meanValues: [1, 2] })).toThrow(/2 mean values/);
  });

  it('decodes a PNG (RGB and grayscale) to the requested size and channels', async () => {
    const raw = Buffer.alloc(4 * 3 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) & 255;
    const png = await sharp(raw, { raw: { width: 4, height: 3, channels: 3 } }).png().toBuffer();
    const same = await decodeResized(new Uint8Array(png), 3, [3, 4]);
    expect([...same]).toEqual([...raw]);
    const gray = await decodeResized(new Uint8Array(png), 1, [6, 8]);
    expect(gray.length).toBe(48);
  });

  it('an undecodable image is E_FORMAT naming the file; a missing one E_IO', async () => {
    const err = await decodeResized(new TextEncoder().encode('not an image'), 3, [4, 4]).catch((e: unknown) => e);
    expect(isSparseCnnError(err, 'E_FORMAT')).toBe(true);
    const missing = await decodeResized('/nonexistent/x.jpg', 3, [4, 4]).catch((e: unknown) => e);
    expect(isSparseCnnError(missing, 'E_IO')).toBe(true);
    expect(String(missing)).toContain('/nonexistent/x.jpg');
  });
});

describe('.npy reader', () => {
  it('reads float64 and float32, little and big endian', () => {
    const v = [1.5, -2.25, 3, 1e-3, 7, 8];
    for (const d of ['<f8', '>f8', '<f4', '>f4']) {
      const t = readNpy(npyBytes(d, [2, 3], v));
      expect(t.shape).toEqual([2, 3]);
      expect([...t.data]).toEqual(v.map(Math.fround));
    }
  });

  it('rejects bad magic, truncation and Fortran order', () => {
    const good = npyBytes('<f8', [4], [1, 2, 3, 4]);
    const bad = good.slice();
    bad[1] = 0;
    expect(() => readNpy(bad, { file: 'm.npy' })).toThrow(/m\.npy.*bad magic/);
    expect(() => readNpy(good.subarray(0, good.length - 3))).toThrow(expect.objectContaining({ code: 'E_TRUNCATED' }));
    const fortran = new TextDecoder('latin1').decode(good).replace('False', 'True ');
    expect(() => readNpy(Uint8Array.from(fortran, (c) => c.charCodeAt(0)))).toThrow(/Fortran/);
  });

  dataTest('reads Caffe\'s ilsvrc_2012_mean.npy: [3, 256, 256], channel means 104.007 / 116.669 / 122.679', ['images/ilsvrc12/ilsvrc_2012_mean.npy'], () => {
    const t = readNpy(new Uint8Array(readFileSync(dataPath('images/ilsvrc12/ilsvrc_2012_mean.npy'))));
    expect(t.shape).toEqual([3, 256, 256]);
    const means = [0, 1, 2].map((c) => t.data.subarray(c * 65536, (c + 1) * 65536).reduce((a, b) => a + b, 0) / 65536);
    expect(means[0]).toBeCloseTo(104.007, 2);
    expect(means[1]).toBeCloseTo(116.669, 2);
    expect(means[2]).toBeCloseTo(122.679, 2);
  });
});

describe('mean files', () => {
  it('reads a Caffe .binaryproto mean ([1, C, H, W] BlobProto) and an .npy as [C, H, W]', () => {
    const tmp = tempDir();
    try {
      const rng = new Rng();
      const data = new Float32Array(3 * 5 * 6);
      for (let i = 0; i < data.length; i++) data[i] = Math.fround(rng.uniform(0, 255));
      const blob = tensorToBlob({ dtype: 'float32', shape: [1, 3, 5, 6], data });
      const path = join(tmp.dir, 'mean.binaryproto');
      writeFileSync(path, caffe.BlobProto.encode(blob).finish());
      const t = readMeanFile(path);
      expect(t.shape).toEqual([3, 5, 6]);
      expect([...t.data], `seed ${rng.seed}`).toEqual([...data]);
      const npy = join(tmp.dir, 'mean.npy');
      writeFileSync(npy, npyBytes('<f4', [3, 5, 6], [...data]));
      expect([...readMeanFile(npy).data]).toEqual([...data]);
      writeFileSync(npy, npyBytes('<f4', [5, 6], [...data.subarray(0, 30)]));
      expect(() => readMeanFile(npy)).toThrow(/must be \[C, H, W\]/);
      expect(() => readMeanFile(join(tmp.dir, 'missing.npy'))).toThrow(/missing\.npy/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('labels, top-k, pruning', () => {
  it('parses synset_words lines and plain names; ignores trailing blank lines', () => {
    expect(parseLabels('n01440764 tench, Tinca tinca\nn01443537 goldfish\n\n')).toEqual([
      { wnid: 'n01440764', name: 'tench, Tinca tinca' },
      { wnid: 'n01443537', name: 'goldfish' },
    ]);
    expect(parseLabels('zero\none\n')).toEqual([{ name: 'zero' }, { name: 'one' }]);
  });

  it('topK agrees with a full sort on random data', () => {
    const rng = new Rng();
    const v = Array.from({ length: 1000 }, () => Math.round(rng.uniform(0, 50))); // many ties
    const want = [...v.keys()].sort((a, b) => v[b]! - v[a]! || a - b).slice(0, 7);
    expect(topK(v, 7), `seed ${rng.seed}`).toEqual(want);
  });

  it('magnitude pruning keeps the largest values at the requested density', () => {
    const rng = new Rng();
    const d = new Float32Array(1000);
    for (let i = 0; i < d.length; i++) d[i] = rng.uniform(-1, 1);
    const orig = d.slice();
    const kept = pruneByMagnitude(d, 0.1);
    expect(kept).toBe(100);
    const min = Math.min(...[...d].filter((x) => x !== 0).map(Math.abs));
    const maxDropped = Math.max(...[...orig].filter((_, i) => d[i] === 0).map(Math.abs));
    expect(min, `seed ${rng.seed}`).toBeGreaterThanOrEqual(maxDropped);
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) expect(d[i]).toBe(orig[i]);
  });
});
