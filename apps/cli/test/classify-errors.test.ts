/**
 * classify: a bad image in a folder does not abort the run (per-image error entries, text and JSON; exit 1), fatal
 * errors are JSON with --json, and a labels file whose line count differs from the output size is an error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMnistTest } from '../src/lib/mnist.js';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

const LENET = ['models/lenet_mnist/lenet.prototxt', 'models/lenet_mnist/lenet_iter_10000.caffemodel'];

interface JsonImage {
  file: string;
  top?: Array<{ index: number; score: number; label?: string }>;
  error?: { code: string; message: string };
}

/** A PNG header declaring 60000 x 60000 gray pixels, with almost no data: a decompression bomb. */
function bombPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60000, 0);
  ihdr.writeUInt32BE(60000, 4);
  ihdr[8] = 8;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64 * 60001))), chunk('IEND', Buffer.alloc(0))]);
}

describe('classify with bad images and labels', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const folder = join(tmp.dir, 'digits');
  const model = (): string[] => ['--model', dataPath(LENET[0]!), '--weights', dataPath(LENET[1]!), '--scale', '0.00390625'];

  /** 6 MNIST digits as PNG plus a corrupt, a truncated and a bomb image, in one folder (sorted by name). */
  async function writeFolder(): Promise<{ good: Map<string, number>; bad: Map<string, string> }> {
    mkdirSync(folder, { recursive: true });
    const mnist = loadMnistTest();
    const good = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const f = join(folder, `d${i}.png`);
      await sharp(Buffer.from(mnist.pixels.subarray(i * 784, (i + 1) * 784)), { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(f);
      good.set(f, mnist.labels[i]!);
    }
    const bad = new Map<string, string>();
    const corrupt = join(folder, 'd2-corrupt.png');
    writeFileSync(corrupt, 'this is not a PNG file at all');
    bad.set(corrupt, 'E_FORMAT');
    const full = await sharp(Buffer.from(mnist.pixels.subarray(0, 784)), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();
    const truncated = join(folder, 'd4-truncated.png');
    writeFileSync(truncated, full.subarray(0, 40));
    bad.set(truncated, 'E_FORMAT');
    const bomb = join(folder, 'd5-bomb.png');
    writeFileSync(bomb, bombPng());
    bad.set(bomb, 'E_RANGE');
    return { good, bad };
  }

  dataTest('one undecodable image in a folder: per-image error entries in JSON, the rest classified, exit 1', LENET, async () => {
    const { good, bad } = await writeFolder();
    for (const batch of ['1', '4', '16']) {
      const r = await run('classify', folder, ...model(), '--json', '--batch', batch);
      expect(r.code, r.stderr).toBe(1);
      const out = JSON.parse(r.stdout) as { images: JsonImage[]; failed: number };
      expect(out.failed).toBe(bad.size);
      expect(out.images.map((x) => x.file)).toEqual([...good.keys(), ...bad.keys()].sort());
      for (const img of out.images) {
        if (bad.has(img.file)) {
          expect(img.top, img.file).toBeUndefined();
          expect(img.error?.code, img.file).toBe(bad.get(img.file));
          expect(img.error?.message.length).toBeGreaterThan(0);
          expect(Object.keys(img).sort()).toEqual(['error', 'file']);
        } else {
          expect(img.error, img.file).toBeUndefined();
          expect(img.top![0]!.index, `${img.file} (batch ${batch})`).toBe(good.get(img.file));
        }
      }
      expect(out.images.find((x) => x.file.endsWith('d5-bomb.png'))!.error!.message).toMatch(/decompression bomb/);
    }
  });

  dataTest('text output: results on stdout, one error line per bad image on stderr, exit 1; all good: exit 0', LENET, async () => {
    const { good, bad } = await writeFolder();
    const r = await run('classify', folder, ...model(), '--top', '1');
    expect(r.code).toBe(1);
    for (const [file, label] of good) expect(r.stdout).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\s+1\\.\\s+[01]\\.\\d{4}\\s+${label}\\n`));
    for (const [file, code] of bad) expect(r.stderr).toContain(`error [${code}]: ${file}: `);
    expect(r.stdout).not.toContain('corrupt');
    expect(r.stderr).toMatch(/3 of 9 image\(s\) failed/);
    const ok = await run('classify', ...[...good.keys()].slice(0, 2), ...model());
    expect(ok.code).toBe(0);
  });

  dataTest('--labels with a wrong line count is an error naming the file and both counts (text and JSON)', LENET, async () => {
    const { good } = await writeFolder();
    const nine = join(tmp.dir, 'nine.txt');
    writeFileSync(nine, Array.from({ length: 9 }, (_, i) => `digit ${i}`).join('\n'));
    const img = [...good.keys()][0]!;
    const r = await run('classify', img, ...model(), '--labels', nine);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error \[E_SHAPE\]: .*nine\.txt.*9 label line\(s\).*10 classes/);
    const j = await run('classify', img, ...model(), '--labels', nine, '--json');
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as { error: { code: string; message: string; file: string } };
    expect(doc.error.code).toBe('E_SHAPE');
    expect(doc.error.file).toBe(nine);
    expect(doc.error.message).toMatch(/9 label line\(s\).*10 classes/);
    // The right count: labels attached.
    const ten = join(tmp.dir, 'ten.txt');
    writeFileSync(ten, Array.from({ length: 10 }, (_, i) => `digit ${i}`).join('\n') + '\n');
    const okRun = await run('classify', img, ...model(), '--labels', ten, '--json');
    expect(okRun.code).toBe(0);
    const top = (JSON.parse(okRun.stdout) as { images: JsonImage[] }).images[0]!.top![0]!;
    expect(top.label).toBe(`digit ${good.get(img)}`);
  });

  it('with --json, fatal and usage errors are JSON documents on stdout', async () => {
    const missing = await run('classify', 'img.png', '--model', '/nonexistent/a.prototxt', '--weights', '/nonexistent/b.caffemodel', '--json');
    expect(missing.code).toBe(1);
    const doc = JSON.parse(missing.stdout) as { error: { code: string; message: string; file: string } };
    expect(doc.error).toMatchObject({ code: 'E_IO', file: '/nonexistent/a.prototxt' });
    expect(doc.error.message).toMatch(/not found/);
    const usage = await run('classify', 'img.png', '--json', '--batch', '0', '--model', 'x', '--weights', 'y');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'E_USAGE' } });
    const badMax = await run('classify', 'img.png', '--json', '--max-pixels', '-4', '--model', 'x', '--weights', 'y');
    expect(badMax.code).toBe(2);
    expect((JSON.parse(badMax.stdout) as { error: { message: string } }).error.message).toContain('--max-pixels');
  });
});
