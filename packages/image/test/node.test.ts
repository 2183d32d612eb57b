/**
 * '@sparsecnn/image/node': decoding with sharp, decompression-bomb refusal, sharp missing, label files; and the
 * browser-safe core agreeing with the Node (libvips) resize.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { build } from 'esbuild';
import sharp from 'sharp';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PIXELS, __setSharpImporterForTests, decodeImage, imageDimensions, loadImageInto, loadImageTensor,
  pixelsToInput, readLabels, resizeImage, resolvePreprocess,
} from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'sparsecnn-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => __setSharpImporterForTests(undefined));

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; context?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  const body = new Uint8Array(4 + data.length);
  body.set(new TextEncoder().encode(type), 0);
  body.set(data, 4);
  out.set(body, 4);
  dv.setUint32(8 + data.length, crc32(body));
  return out;
}

/**
 * A tiny PNG that declares width x height (8-bit gray) with a few hundred bytes of zlib data: a decompression bomb
 * when the dimensions are large (the rows inflate to width x height bytes).
 */
function bombPng(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc(Math.min(height, 64) * (width + 1)), { level: 9 });
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('decodeImage', () => {
  it('decodes PNG to RGB and gray at the requested size; a 1:1 decode is lossless', async () => {
    const raw = Buffer.alloc(4 * 3 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) & 255;
    const png = await sharp(raw, { raw: { width: 4, height: 3, channels: 3 } }).png().toBuffer();
    const file = join(dir, 'a.png');
    writeFileSync(file, png);
    const same = await decodeImage(file, { channels: 3 });
    expect([same.width, same.height, same.channels]).toEqual([4, 3, 3]);
    expect([...same.data]).toEqual([...raw]);
    const gray = await decodeImage(new Uint8Array(png), { channels: 1, resize: [6, 8] });
    expect([gray.width, gray.height, gray.channels, gray.data.length]).toEqual([8, 6, 1, 48]);
    expect(await imageDimensions(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength))).toEqual({ width: 4, height: 3, format: 'png' });
  });

  it('an undecodable image is E_FORMAT naming the file; a missing one E_IO; a folder E_IO', async () => {
    const bad = join(dir, 'corrupt.jpg');
    writeFileSync(bad, 'this is not a JPEG');
    const e1 = await rejection(decodeImage(bad));
    expect(isSparseCnnError(e1, 'E_FORMAT')).toBe(true);
    expect(e1.context?.['file']).toBe(bad);
    const e2 = await rejection(decodeImage(new TextEncoder().encode('nope'), { file: 'upload #3' }));
    expect(isSparseCnnError(e2, 'E_FORMAT')).toBe(true);
    expect(e2.message).toContain('upload #3');
    const e3 = await rejection(decodeImage(join(dir, 'missing.png')));
    expect(isSparseCnnError(e3, 'E_IO')).toBe(true);
    expect(e3.message).toContain('missing.png');
    expect(isSparseCnnError(await rejection(decodeImage(dir)), 'E_IO')).toBe(true);
    // A truncated JPEG: the header decodes, the data does not.
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 10, b: 90 } } }).jpeg().toBuffer();
    const cut = join(dir, 'cut.jpg');
    writeFileSync(cut, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    expect(isSparseCnnError(await rejection(decodeImage(cut, { channels: 3 })), 'E_FORMAT')).toBe(true);
  });

  it('refuses decompression bombs from the declared size, before decoding', async () => {
    const bomb = bombPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(20_000);
    const file = join(dir, 'bomb.png');
    writeFileSync(file, bomb);
    const calls = [() => decodeImage(file, { channels: 3 }), () => loadImageTensor(file, { channels: 3, height: 8, width: 8 }), () => imageDimensions(bomb)];
    for (const call of calls) {
      const e = await rejection(call());
      expect(isSparseCnnError(e, 'E_RANGE'), String(e)).toBe(true);
      expect(e.message).toMatch(/refusing to decode a 100000x100000 image.*maxPixels 67108864.*decompression bomb/);
    }
    // A legitimate image above a lowered bound, and the same image allowed by a raised one.
    const ok = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const e = await rejection(decodeImage(new Uint8Array(ok), { maxPixels: 50_000, file: 'big.png' }));
    expect(isSparseCnnError(e, 'E_RANGE')).toBe(true);
    expect(e.context?.['file']).toBe('big.png');
    expect((await decodeImage(new Uint8Array(ok), { maxPixels: 60_000 })).width).toBe(300);
    expect(DEFAULT_MAX_PIXELS).toBe(2 ** 26);
  });

  it('without sharp: a clear E_UNSUPPORTED naming the peer dependency', async () => {
    __setSharpImporterForTests(async () => {
      throw Object.assign(new Error("Cannot find package 'sharp'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    const e = await rejection(decodeImage(new Uint8Array(8)));
    expect(isSparseCnnError(e, 'E_UNSUPPORTED')).toBe(true);
    expect(e.message).toContain("optional peer dependency 'sharp'");
    expect(e.message).toContain('npm i sharp');
    __setSharpImporterForTests(undefined);
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer();
    expect((await decodeImage(new Uint8Array(png))).width).toBe(2);
  });
});

describe('preprocessing from files', () => {
  it('loadImageTensor = sharp decode at the resize size + the core pixelsToInput', async () => {
    const rng = new Rng();
    const [w, h] = [97, 61];
    const raw = Buffer.alloc(w * h * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = rng.nextUint32() & 255;
    const file = join(dir, 'rand.png');
    writeFileSync(file, await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer());
    const options = { channels: 3, height: 32, width: 32, resize: [40, 36] as const, meanValues: [104, 117, 123], scale: 0.5 };
    const t = await loadImageTensor(file, options);
    expect(t.shape).toEqual([1, 3, 32, 32]);
    const px = await decodeImage(file, { channels: 3, resize: [40, 36] });
    const want = new Float32Array(3 * 32 * 32);
    pixelsToInput(px.data, resolvePreprocess(options), want);
    expect(Array.from(t.data), `seed ${rng.seed}`).toEqual(Array.from(want));
    const out = new Float32Array(2 * 3 * 32 * 32).fill(Number.NaN);
    await loadImageInto(file, resolvePreprocess(options), out, 3 * 32 * 32);
    expect(Array.from(out.subarray(3 * 32 * 32))).toEqual(Array.from(want));
    expect(Number.isNaN(out[0])).toBe(true);
  });

  it('the browser-safe resize agrees with sharp (libvips linear): shrinking within ~0.3 levels on average, enlarging exactly', async () => {
    const cases: Array<[number, number, number, number, number, number]> = [
      // in h, in w, out h, out w, max mean abs difference, max abs difference
      [300, 400, 256, 256, 0.35, 4],
      [500, 375, 256, 256, 0.35, 4],
      [100, 120, 256, 256, 0.05, 1],
      [28, 28, 227, 227, 0.05, 1],
    ];
    const rng = new Rng();
    for (const [h, w, oh, ow, meanTol, maxTol] of cases) {
      // A photo-like image: smooth gradients plus noise.
      const raw = new Uint8Array(h * w * 3);
      const phase = rng.uniform(0, 6);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          for (let c = 0; c < 3; c++) {
            const v = 128 + 60 * Math.sin(x / 7 + c + phase) + 50 * Math.cos(y / 11) + rng.uniform(-12, 12);
            raw[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
          }
        }
      }
      const { data } = await sharp(Buffer.from(raw), { raw: { width: w, height: h, channels: 3 } })
        .resize(ow, oh, { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: false }).raw().toBuffer({ resolveWithObject: true });
      const mine = resizeImage({ data: raw, width: w, height: h, channels: 3 }, ow, oh).data;
      let sum = 0;
      let max = 0;
      for (let i = 0; i < mine.length; i++) {
        const d = Math.abs(mine[i]! - data[i]!);
        sum += d;
        max = Math.max(max, d);
      }
      expect(sum / mine.length, `${h}x${w}->${oh}x${ow} mean (seed ${rng.seed})`).toBeLessThanOrEqual(meanTol);
      expect(max, `${h}x${w}->${oh}x${ow} max (seed ${rng.seed})`).toBeLessThanOrEqual(maxTol);
    }
  });

  it('readLabels names a missing file', async () => {
    const f = join(dir, 'labels.txt');
    writeFileSync(f, 'n01440764 tench\ncat\n');
    expect(await readLabels(f)).toEqual([{ wnid: 'n01440764', name: 'tench' }, { name: 'cat' }]);
    const e = await rejection(readLabels(join(dir, 'none.txt')));
    expect(isSparseCnnError(e, 'E_IO')).toBe(true);
    expect(e.message).toContain('none.txt');
  });
});

describe('browser bundle', () => {
  it('the core bundles with esbuild for browsers without Node built-ins or sharp', async () => {
    const r = await build({
      entryPoints: [resolve(import.meta.dirname, '../src/index.ts')], bundle: true, platform: 'browser', format: 'esm',
      write: false, metafile: true, logLevel: 'silent',
      alias: { '@sparsecnn/tensor': resolve(import.meta.dirname, '../../tensor/src/index.ts') },
    });
    expect(r.errors).toEqual([]);
    const text = r.outputFiles[0]!.text;
    expect(Object.values(r.metafile.outputs).flatMap((o) => o.imports)).toEqual([]);
    expect(text).not.toMatch(/["'](?:node:[a-z/]+|fs|path|sharp)["']/);
    expect(text).toContain('preprocessImage');
  });
});
