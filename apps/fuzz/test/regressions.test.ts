/**
 * Regression tests for the fuzz findings (one per fix; the inputs are built here, not read from the corpus, which
 * is not committed).
 */
import { caffe, parsePrototxt, readCompactModel, toNetDescription, writeCompactModel, type NetParameter } from '@sparsecnn/caffe-io';
import { decodeBundle, encodeBundle } from '@sparsecnn/sparse';
import { isSparseCnnError } from '@sparsecnn/tensor';
import { resolveBackend } from '@sparsecnn/kernels-api';
import { planNetwork } from '@sparsecnn/runtime';
import { readFileSync } from 'node:fs';
import { dataPath } from '../src/data.js';
import { dataTest } from './helpers.js';
import { describe, expect, it } from 'vitest';

function expectTyped(fn: () => unknown, code: string, context: Record<string, unknown> = {}): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a SparseCnnError').toBeDefined();
  expect(isSparseCnnError(err), `not a SparseCnnError: ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  expect((err as { context: object }).context).toMatchObject(context);
}

const IP_NET = `
name: "tiny"
input: "data"
input_shape { dim: 1 dim: 4 }
layer { name: "fc" type: "InnerProduct" bottom: "data" top: "fc" inner_product_param { num_output: 2 } }
`;

describe('fuzz findings stay fixed', () => {
  it('scnn (compact meta record with its blob index moved 0 -> 1): a blob list with a hole is E_FORMAT naming the layer, not a TypeError', () => {
    // What the compact reader rebuilt from that record: layer 'fc' with blobs [<hole>, weights].
    const deploy = parsePrototxt(IP_NET).net;
    const weights = caffe.NetParameter.create({ layer: [caffe.LayerParameter.create({ name: 'fc', type: 'InnerProduct' })] }) as NetParameter;
    const blobs: caffe.BlobProto[] = [];
    blobs[1] = caffe.BlobProto.create({ shape: { dim: [2, 4] }, data: [1, 2, 3, 4, 5, 6, 7, 8] });
    weights.layer![0]!.blobs = blobs;
    expectTyped(() => toNetDescription(deploy, weights, { file: 'tiny.prototxt', weightsFile: 'tiny.scnn' }), 'E_FORMAT', { file: 'tiny.scnn', layer: 'fc' });
  });

  it('scnn (compact meta record with a blob index of 2^31 - 2): a sparse blob list is refused at once, not walked', () => {
    const deploy = parsePrototxt(IP_NET).net;
    const weights = caffe.NetParameter.create({ layer: [caffe.LayerParameter.create({ name: 'fc', type: 'InnerProduct' })] }) as NetParameter;
    const blobs: caffe.BlobProto[] = [];
    blobs[2 ** 31 - 2] = caffe.BlobProto.create({ shape: { dim: [2, 4] }, data: [1, 2, 3, 4, 5, 6, 7, 8] });
    weights.layer![0]!.blobs = blobs;
    expectTyped(() => toNetDescription(deploy, weights, { file: 'tiny.prototxt', weightsFile: 'tiny.scnn' }), 'E_FORMAT', { layer: 'fc' });
  });

  describe('scnn: compact meta records are checked before use', () => {
    // A tiny compact model, then the same with one field of its meta JSON record replaced.
    const net = caffe.NetParameter.create({
      layer: [caffe.LayerParameter.create({ name: 'fc', type: 'InnerProduct', blobs: [caffe.BlobProto.create({ shape: { dim: [2, 4] }, data: [1, 0, 0, 2, 0, 3, 0, 0] })] })],
    }) as NetParameter;
    const good = writeCompactModel(net);
    const withRecord = (edit: (rec: Record<string, unknown>) => void): Uint8Array => {
      const b = decodeBundle(good);
      const meta = b.meta!;
      const dv = new DataView(meta.buffer, meta.byteOffset, meta.byteLength);
      const jsonLen = dv.getUint32(12, true);
      const info = JSON.parse(new TextDecoder().decode(meta.subarray(16, 16 + jsonLen))) as { blobs: Array<Record<string, unknown>> };
      edit(info.blobs[0]!);
      const json = new TextEncoder().encode(JSON.stringify(info));
      const m = new Uint8Array(16 + json.length + meta.length - 16 - jsonLen);
      m.set(meta.subarray(0, 16));
      new DataView(m.buffer).setUint32(12, json.length, true);
      m.set(json, 16);
      m.set(meta.subarray(16 + jsonLen), 16 + json.length);
      return encodeBundle({ meta: m, entries: b.entries });
    };

    it('the unedited file reads back', () => {
      expect(readCompactModel(good).layer![0]!.blobs![0]!.data).toEqual(Float32Array.from([1, 0, 0, 2, 0, 3, 0, 0]));
    });
    for (const [what, edit] of [
      ['blob index 0 -> 1 (a hole at 0; was a TypeError)', (r: Record<string, unknown>) => { r['blob'] = 1; }],
      ['blob index 2^31 - 1 (was a > 2 s walk over a sparse array)', (r: Record<string, unknown>) => { r['blob'] = 2 ** 31 - 1; }],
      ['negZeros not an array (was a TypeError)', (r: Record<string, unknown>) => { r['negZeros'] = 5; }],
      ["list '__proto__'", (r: Record<string, unknown>) => { r['list'] = '__proto__'; }],
      ['layer index -1', (r: Record<string, unknown>) => { r['layer'] = -1; }],
      ['dim with a string', (r: Record<string, unknown>) => { r['dim'] = ['2', 4]; }],
      ['the record is null', (r: Record<string, unknown>) => { for (const k of Object.keys(r)) delete r[k]; }],
    ] as const) {
      it(`${what}: E_FORMAT naming the file`, () => {
        expectTyped(() => readCompactModel(withRecord(edit), { file: 'm.scnn' }), 'E_FORMAT', { file: 'm.scnn' });
      });
    }
  });

  dataTest('prototxt (lenet.prototxt with a pooling stride of 2147483648): refused at conversion and planning, not a 2^31-step loop in the js pooling kernel', ['models/lenet_mnist/lenet.prototxt'], async () => {
    const text = readFileSync(dataPath('models/lenet_mnist/lenet.prototxt'), 'utf8').replace('stride: 2\n', 'stride: 2147483648\n');
    expect(text).toContain('stride: 2147483648');
    const net = parsePrototxt(text, { file: 'lenet.prototxt' }).net;
    expectTyped(() => toNetDescription(net, undefined, { file: 'lenet.prototxt' }), 'E_OVERFLOW', { file: 'lenet.prototxt', layer: 'pool1' });
    // A description built in code gets the same answer from the runtime's planning.
    const good = toNetDescription(parsePrototxt(readFileSync(dataPath('models/lenet_mnist/lenet.prototxt'), 'utf8')).net);
    const lying = { ...good, layers: good.layers.map((l) => (l.name === 'pool2' ? { ...l, params: { ...(l.params as object), stride: [2 ** 31, 2 ** 31] } } : l)) } as typeof good;
    expectTyped(() => planNetwork(lying, 1), 'E_OVERFLOW', { layer: 'pool2' });
    // The kernels check the same geometry when called directly.
    const js = await resolveBackend(['js']);
    expectTyped(() => js.kernels.pool2d!({ dtype: 'float32', shape: [1, 1, 8, 8], data: new Float32Array(64) }, { method: 'max', kernel: [2, 2], stride: [2 ** 31, 2 ** 31], pad: [0, 0], global: false }), 'E_OVERFLOW');
  });
});
