import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSparseCnnError } from '@sparsecnn/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { detectWeightsFormat, encodeCaffeModel, fromNetDescription, loadCaffeModel, writeFileAtomic } from '../src/index.js';
import { DATA, haveData, readData } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'caffe-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the bytes and leaves no temporary file', async () => {
    const path = join(dir, 'a.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, new Uint8Array([4, 5]));
    expect([...readFileSync(path)]).toEqual([4, 5]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the target untouched and throws E_IO when it cannot write', async () => {
    const path = join(dir, 'b.bin');
    writeFileSync(path, 'old');
    // The target is a directory: the rename fails after the temporary file was written.
    const target = join(dir, 'sub');
    (await import('node:fs')).mkdirSync(join(target, 'x'), { recursive: true });
    await expect(writeFileAtomic(target, new Uint8Array([1]))).rejects.toMatchObject({ code: 'E_IO', context: { file: target } });
    await expect(writeFileAtomic(join(dir, 'missing', 'c.bin'), new Uint8Array([1]))).rejects.toMatchObject({ code: 'E_IO' });
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe.runIf(haveData('models/lenet_mnist/lenet_iter_10000.caffemodel', 'models/squeezenet_deep_compression/compressed_SqueezeNet.net'))(
  'loadCaffeModel',
  () => {
    it('loads LeNet (.caffemodel) and SqueezeNet (.net) from disk', async () => {
      const lenet = await loadCaffeModel({
        prototxt: join(DATA, 'models/lenet_mnist/lenet.prototxt'),
        weights: join(DATA, 'models/lenet_mnist/lenet_iter_10000.caffemodel'),
      });
      expect(lenet.layers.find((l) => l.name === 'ip1')!.blobs[0]!.shape).toEqual([500, 800]);
      const sq = await loadCaffeModel({
        prototxt: join(DATA, 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt'),
        weights: join(DATA, 'models/squeezenet_deep_compression/compressed_SqueezeNet.net'),
      });
      expect(sq.layers.filter((l) => l.blobs.length > 0)).toHaveLength(26);
    });

    it('detects the weights format by content when the extension says nothing', async () => {
      const cm = join(dir, 'weights.bin');
      const dc = join(dir, 'weights2.bin');
      copyFileSync(join(DATA, 'models/lenet_mnist/lenet_iter_10000.caffemodel'), cm);
      copyFileSync(join(DATA, 'models/squeezenet_deep_compression/compressed_SqueezeNet.net'), dc);
      expect(detectWeightsFormat(cm, readData('models/lenet_mnist/lenet_iter_10000.caffemodel'))).toBe('caffemodel');
      expect(detectWeightsFormat(dc, readData('models/squeezenet_deep_compression/compressed_SqueezeNet.net'))).toBe('net');
      const sq = await loadCaffeModel({ prototxt: join(DATA, 'models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt'), weights: dc });
      expect(sq.layers.filter((l) => l.blobs.length > 0)).toHaveLength(26);
    });

    it('round-trips a written .caffemodel through writeFileAtomic and loadCaffeModel', async () => {
      const lenet = await loadCaffeModel({
        prototxt: join(DATA, 'models/lenet_mnist/lenet.prototxt'),
        weights: join(DATA, 'models/lenet_mnist/lenet_iter_10000.caffemodel'),
      });
      const out = join(dir, 'lenet_pruned.caffemodel');
      await writeFileAtomic(out, encodeCaffeModel(fromNetDescription(lenet)));
      const back = await loadCaffeModel({ prototxt: join(DATA, 'models/lenet_mnist/lenet.prototxt'), weights: out });
      const a = lenet.layers[0]!.blobs[0]!.data;
      const b = back.layers[0]!.blobs[0]!.data;
      expect(Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(0);
    });

    it('reports missing files as E_IO and forwards parser warnings', async () => {
      await expect(loadCaffeModel({ prototxt: join(dir, 'nope.prototxt') })).rejects.toMatchObject({ code: 'E_IO' });
      const warnings: string[] = [];
      const file = join(DATA, 'models/skimcaffe/caffenet/train_val_ft.prototxt');
      const d = await loadCaffeModel({ prototxt: file, onWarning: (w) => warnings.push(w) });
      expect(warnings).toHaveLength(5);
      expect(d.inputs[0]!.shape).toEqual([50, 3, 227, 227]);
      const err = await loadCaffeModel({
        prototxt: join(DATA, 'models/lenet_mnist/lenet.prototxt'),
        weights: join(DATA, 'models/squeezenet_deep_compression/compressed_SqueezeNet.net'),
      }).catch((e: unknown) => e);
      expect(isSparseCnnError(err)).toBe(true);
    });
  },
);
