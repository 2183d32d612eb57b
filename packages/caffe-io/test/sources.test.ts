/**
 * loadCaffeModel from every kind of source (path, file: URL, http: URL, ArrayBuffer, Uint8Array view, Blob, File,
 * { text }, compact .scnn weights): each gives the same network, bit for bit, as the plain file paths; bad sources
 * are typed errors naming the source.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSparseCnnError, type NetDescription } from '@sparsecnn/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCaffeModel, isCompactModel, loadCaffeModel, readCompactModel, writeCompactModel } from '../src/index.js';
import { DATA, haveData, readData, readText } from './helpers.js';

const PROTO = 'models/lenet_mnist/lenet.prototxt';
const WEIGHTS = 'models/lenet_mnist/lenet_iter_10000.caffemodel';
const protoPath = join(DATA, PROTO);
const weightsPath = join(DATA, WEIGHTS);

const dir = mkdtempSync(join(tmpdir(), 'caffe-io-src-'));
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const files: Record<string, string> = { '/lenet.prototxt': protoPath, '/lenet.caffemodel': weightsPath };
    const f = files[req.url ?? ''];
    if (!f) {
      res.writeHead(404).end('missing');
      return;
    }
    res.writeHead(200).end(readData(f.slice(DATA.length + 1)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function expectSameNet(a: NetDescription, b: NetDescription, what: string): void {
  expect(b.inputs, what).toEqual(a.inputs);
  expect(b.layers.map((l) => [l.name, l.type, l.bottoms, l.tops]), what).toEqual(a.layers.map((l) => [l.name, l.type, l.bottoms, l.tops]));
  for (let i = 0; i < a.layers.length; i++) {
    const la = a.layers[i]!;
    const lb = b.layers[i]!;
    expect(lb.blobs.length, `${what}: ${la.name} blobs`).toBe(la.blobs.length);
    la.blobs.forEach((blob, j) => {
      const x = blob.data;
      const y = lb.blobs[j]!.data;
      expect(lb.blobs[j]!.shape, `${what}: ${la.name}/${j} shape`).toEqual(blob.shape);
      expect(Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)), `${what}: ${la.name}/${j} bits`).toBe(0);
    });
  }
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; context?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe.runIf(haveData(PROTO, WEIGHTS))('loadCaffeModel sources', () => {
  it('paths, file: URLs, http: URLs, ArrayBuffer, Uint8Array views, Blob, File and { text } give the same net', async () => {
    const ref = await loadCaffeModel({ prototxt: protoPath, weights: weightsPath });
    const protoBytes = readData(PROTO);
    const weightBytes = readData(WEIGHTS);
    // A view with a non-zero offset into a larger buffer.
    const padded = new Uint8Array(weightBytes.length + 13);
    padded.set(weightBytes, 7);
    const view = padded.subarray(7, 7 + weightBytes.length);
    const cases: Array<[string, Parameters<typeof loadCaffeModel>[0]]> = [
      ['file: URLs', { prototxt: pathToFileURL(protoPath), weights: pathToFileURL(weightsPath) }],
      ['http: URLs', { prototxt: new URL(`${base}/lenet.prototxt`), weights: new URL(`${base}/lenet.caffemodel`) }],
      ['ArrayBuffers', { prototxt: protoBytes.slice().buffer, weights: weightBytes.slice().buffer }],
      ['Uint8Array views', { prototxt: protoBytes, weights: view }],
      ['Blobs', { prototxt: new Blob([protoBytes as BlobPart]), weights: new Blob([weightBytes as BlobPart]) }],
      ['Files', { prototxt: new File([protoBytes as BlobPart], 'lenet.prototxt'), weights: new File([weightBytes as BlobPart], 'lenet.caffemodel') }],
      ['{ text } and bytes', { prototxt: { text: readText(PROTO), name: 'lenet.prototxt' }, weights: weightBytes }],
    ];
    for (const [what, options] of cases) expectSameNet(ref, await loadCaffeModel(options), what);
  });

  it('reads compact .scnn weights (by name or by content) as the same weights as the .caffemodel', async () => {
    const ref = await loadCaffeModel({ prototxt: protoPath, weights: weightsPath });
    const scnn = writeCompactModel(decodeCaffeModel(readData(WEIGHTS)));
    expect(isCompactModel(scnn)).toBe(true);
    expect(isCompactModel(readData(WEIGHTS))).toBe(false);
    const file = join(dir, 'lenet.scnn');
    writeFileSync(file, scnn);
    expectSameNet(ref, await loadCaffeModel({ prototxt: protoPath, weights: file }), '.scnn path');
    expectSameNet(ref, await loadCaffeModel({ prototxt: protoPath, weights: scnn }), '.scnn bytes (by content)');
    expectSameNet(ref, await loadCaffeModel({ prototxt: protoPath, weights: new File([scnn as BlobPart], 'w.bin'), weightsFormat: 'scnn' }), 'weightsFormat');
    // The compact file is smaller than the dense caffemodel only when the weights are sparse; LeNet is dense.
    expect(readCompactModel(scnn).layer?.length).toBe(decodeCaffeModel(readData(WEIGHTS)).layer?.length);
  });

  it('a failing source is a typed error naming it', async () => {
    const missing = await rejection(loadCaffeModel({ prototxt: new URL(`${base}/nope.prototxt`) }));
    expect(isSparseCnnError(missing, 'E_IO')).toBe(true);
    expect(missing.message).toContain('HTTP 404');
    expect(missing.context?.['file']).toBe(`${base}/nope.prototxt`);

    const noWeights = await rejection(loadCaffeModel({ prototxt: protoPath, weights: join(dir, 'absent.caffemodel') }));
    expect(isSparseCnnError(noWeights, 'E_IO')).toBe(true);
    expect(noWeights.message).toContain('weights');
    expect(noWeights.context?.['file']).toBe(join(dir, 'absent.caffemodel'));

    const urlString = await rejection(loadCaffeModel({ prototxt: `${base}/lenet.prototxt` }));
    expect(isSparseCnnError(urlString, 'E_IO')).toBe(true);
    expect(urlString.message).toContain('new URL(');

    const scheme = await rejection(loadCaffeModel({ prototxt: new URL('ftp://example.test/x.prototxt') }));
    expect(isSparseCnnError(scheme, 'E_ARGUMENT')).toBe(true);
    expect(scheme.message).toContain("'ftp:'");

    const wrongType = await rejection(loadCaffeModel({ prototxt: protoPath, weights: 42 as unknown as string }));
    expect(isSparseCnnError(wrongType, 'E_ARGUMENT')).toBe(true);
    expect(wrongType.message).toMatch(/^weights: expected .* got number/);

    const textWeights = await rejection(loadCaffeModel({ prototxt: protoPath, weights: { text: 'x' } as unknown as string }));
    expect(isSparseCnnError(textWeights, 'E_ARGUMENT')).toBe(true);

    const swapped = await rejection(loadCaffeModel({ prototxt: new File([readData(WEIGHTS) as BlobPart], 'swapped.prototxt') }));
    expect(isSparseCnnError(swapped, 'E_FORMAT')).toBe(true);
    expect(swapped.context?.['file']).toBe('swapped.prototxt');

    const badScnn = writeCompactModel(decodeCaffeModel(readData(WEIGHTS))).slice(0, 100);
    const truncated = await rejection(loadCaffeModel({ prototxt: protoPath, weights: new File([badScnn], 'cut.scnn') }));
    expect(isSparseCnnError(truncated)).toBe(true);
    expect(truncated.context?.['file']).toBe('cut.scnn');

    const badFormat = await rejection(loadCaffeModel({ prototxt: protoPath, weightsFormat: 'onnx' as 'net' }));
    expect(isSparseCnnError(badFormat, 'E_ARGUMENT')).toBe(true);
  });
});
