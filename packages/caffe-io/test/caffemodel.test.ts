import $protobuf from 'protobufjs/minimal.js';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import type { LayerDescription, NetDescription, Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import {
  blobToTensor, caffe, decodeCaffeModel, encodeCaffeModel, fromNetDescription, parsePrototxt, toNetDescription,
} from '../src/index.js';
import { haveData, readData, readText } from './helpers.js';

const LENET = 'models/lenet_mnist/lenet_iter_10000.caffemodel';
const LENET_DEPLOY = 'models/lenet_mnist/lenet.prototxt';
const present = haveData(LENET, LENET_DEPLOY);

function bits(t: Tensor): Uint32Array {
  return new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);
}

function expectBitIdentical(a: NetDescription, b: NetDescription): void {
  const blobsOf = (d: NetDescription) => new Map(d.layers.map((l: LayerDescription) => [l.name, l.blobs]));
  const bb = blobsOf(b);
  for (const l of a.layers) {
    const other = bb.get(l.name);
    expect(other, l.name).toBeDefined();
    expect(other!.length, l.name).toBe(l.blobs.length);
    l.blobs.forEach((t, i) => {
      expect(other![i]!.shape).toEqual(t.shape);
      const x = bits(other![i]!);
      const y = bits(t);
      expect(x.length).toBe(y.length);
      let firstDiff = -1;
      for (let k = 0; k < x.length && firstDiff < 0; k++) if (x[k] !== y[k]) firstDiff = k;
      expect(firstDiff, `${l.name} blob ${i}: first differing element`).toBe(-1);
    });
  }
}

describe.runIf(present)('LeNet .caffemodel', () => {
  const bytes = present ? readData(LENET) : new Uint8Array();
  const deploy = present ? parsePrototxt(readText(LENET_DEPLOY), { file: LENET_DEPLOY }).net : {};

  it('decodes the V2 layers and the blob shapes of MANIFEST §1', () => {
    const net = decodeCaffeModel(bytes, { file: LENET });
    expect(net.layer!.length).toBeGreaterThan(0);
    const shapes = new Map<string, number[][]>();
    for (const l of net.layer!) {
      if (l.blobs?.length) shapes.set(l.name!, l.blobs.map((b) => blobToTensor(b).shape as number[]));
    }
    expect(Object.fromEntries(shapes)).toEqual({
      conv1: [[20, 1, 5, 5], [20]],
      conv2: [[50, 20, 5, 5], [50]],
      ip1: [[500, 800], [500]],
      ip2: [[10, 500], [10]],
    });
    expect(net.layer!.find((l) => l.name === 'mnist')?.type).toBe('Data');
    // Packed float data are decoded in bulk into Float32Arrays (fast-blob.ts), not number arrays.
    expect(net.layer!.find((l) => l.name === 'ip1')!.blobs![0]!.data).toBeInstanceOf(Float32Array);
  });

  it('converts with the deploy net to a NetDescription', () => {
    const desc = toNetDescription(deploy, decodeCaffeModel(bytes), { file: LENET_DEPLOY, weightsFile: LENET });
    expect(desc.name).toBe('LeNet');
    expect(desc.inputs).toEqual([{ name: 'data', shape: [64, 1, 28, 28] }]);
    expect(desc.layers.map((l) => `${l.name}:${l.type}`)).toEqual([
      'conv1:Convolution', 'pool1:Pooling', 'conv2:Convolution', 'pool2:Pooling', 'ip1:InnerProduct', 'relu1:ReLU',
      'ip2:InnerProduct', 'prob:Softmax',
    ]);
    const conv1 = desc.layers[0]!;
    expect(conv1.params).toEqual({
      numOutput: 20, kernel: [5, 5], stride: [1, 1], pad: [0, 0], dilation: [1, 1], group: 1, biasTerm: true,
    });
    expect(desc.layers[1]!.params).toEqual({ pool: 'max', kernel: [2, 2], stride: [2, 2], pad: [0, 0], global: false });
    expect(desc.layers[4]!.blobs.map((b) => b.shape)).toEqual([[500, 800], [500]]);
    // Dense model (MANIFEST: 0% zeros): no weight is exactly zero, all finite.
    for (const l of desc.layers) for (const b of l.blobs) expect(b.data.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('converts the caffemodel on its own (TRAIN-phase Data layer as input, loss dropped)', () => {
    expect(() => toNetDescription(decodeCaffeModel(bytes), undefined, { file: LENET })).toThrowError(
      expect.objectContaining({ code: 'E_SHAPE', context: expect.objectContaining({ file: LENET, layer: 'mnist' }) }),
    );
    const desc = toNetDescription(decodeCaffeModel(bytes), undefined, { file: LENET, inputShapes: { data: [1, 1, 28, 28] } });
    expect(desc.inputs).toEqual([{ name: 'data', shape: [1, 1, 28, 28] }]);
    expect(desc.layers.map((l) => l.type)).not.toContain('Accuracy');
    expect(desc.layers.map((l) => l.type)).not.toContain('SoftmaxWithLoss');
    expect(desc.layers.find((l) => l.name === 'ip1')!.blobs[0]!.shape).toEqual([500, 800]);
    // The transform of the data layer (scale 1/256) is kept for the CLI.
    expect(desc.transform?.scale).toBe(0.00390625);
  });

  it('encode -> decode is bit-identical in every weight', () => {
    const desc = toNetDescription(deploy, decodeCaffeModel(bytes));
    const written = encodeCaffeModel(fromNetDescription(desc));
    const back = toNetDescription(decodeCaffeModel(written));
    expect(back.inputs).toEqual(desc.inputs);
    expect(back.layers.map((l) => [l.name, l.type, l.params])).toEqual(desc.layers.map((l) => [l.name, l.type, l.params]));
    expectBitIdentical(desc, back);
    // Writing the decoded model again gives the same bytes.
    const again = encodeCaffeModel(fromNetDescription(back));
    expect(again.length).toBe(written.length);
    expect(Buffer.compare(Buffer.from(again), Buffer.from(written))).toBe(0);
  });

  it('prune (zero small weights) -> encode -> decode reads back bit-identically', () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const desc = toNetDescription(deploy, decodeCaffeModel(bytes));
    let zeroed = 0;
    const pruned: NetDescription = {
      ...desc,
      layers: desc.layers.map((l) => {
        if (l.blobs.length === 0) return l;
        const w = l.blobs[0]!;
        const threshold = 0.02 + 0.05 * rng.next();
        const data = w.data.map((v) => (Math.abs(v) < threshold ? 0 : v));
        zeroed += data.filter((v) => v === 0).length;
        return { ...l, blobs: [{ ...w, data }, ...l.blobs.slice(1)] };
      }),
    };
    expect(zeroed, `seed ${seed}`).toBeGreaterThan(1000);
    const back = toNetDescription(decodeCaffeModel(encodeCaffeModel(fromNetDescription(pruned))));
    expectBitIdentical(pruned, back);
    const ip1 = back.layers.find((l) => l.name === 'ip1')!.blobs[0]!;
    expect(ip1.data.some((v) => v === 0), `seed ${seed}`).toBe(true);
  });

  it('writes blobs the way Caffe does: shape + packed float data in V2 layers', () => {
    const desc = toNetDescription(deploy, decodeCaffeModel(bytes));
    const net = decodeCaffeModel(encodeCaffeModel(fromNetDescription(desc)));
    expect(net.layers ?? []).toHaveLength(0);
    const conv1 = net.layer!.find((l) => l.name === 'conv1')!;
    expect(conv1.blobs![0]!.shape!.dim!.map(Number)).toEqual([20, 1, 5, 5]);
    expect(Object.prototype.hasOwnProperty.call(conv1.blobs![0], 'num')).toBe(false);
    expect(net.layer![0]!.type).toBe('Input');
  });

  it('rejects truncated and corrupt bytes with typed errors naming the file', () => {
    for (const cut of [1, 7, 100, 1000, bytes.length >> 1, bytes.length - 3]) {
      try {
        const net = decodeCaffeModel(bytes.subarray(0, cut), { file: LENET });
        // A cut at a message boundary can decode; the result must then still convert or fail typed.
        toNetDescription(deploy, net, { weightsFile: LENET });
      } catch (e) {
        expect(isSparseCnnError(e), String(e)).toBe(true);
        expect((e as Error).message).toContain(LENET);
      }
    }
    expect(() => decodeCaffeModel(new Uint8Array(), { file: 'empty.caffemodel' })).toThrow(/empty/);
    expect(() => decodeCaffeModel(new Uint8Array([0xff, 0xff, 0xff]), { file: 'x' })).toThrowError(
      expect.objectContaining({ code: expect.stringMatching(/E_TRUNCATED|E_FORMAT/) }),
    );
  });
});

describe('legacy V1 `layers` models', () => {
  function v1Net(): caffe.NetParameter {
    const T = caffe.V1LayerParameter.LayerType;
    const rng = new Rng(7);
    const floats = (n: number) => Array.from({ length: n }, () => rng.next() - 0.5);
    return caffe.NetParameter.create({
      name: 'old',
      input: ['data'],
      input_dim: [1, 2, 6, 6],
      layers: [
        caffe.V1LayerParameter.create({
          name: 'conv1', type: T.CONVOLUTION, bottom: ['data'], top: ['conv1'],
          convolution_param: { num_output: 3, kernel_size: [3] },
          blobs: [
            { num: 3, channels: 2, height: 3, width: 3, data: floats(54) },
            { num: 1, channels: 1, height: 1, width: 3, data: floats(3) },
          ],
        }),
        caffe.V1LayerParameter.create({ name: 'relu1', type: T.RELU, bottom: ['conv1'], top: ['conv1'] }),
        caffe.V1LayerParameter.create({
          name: 'pool1', type: T.POOLING, bottom: ['conv1'], top: ['pool1'], pooling_param: { pool: 1, kernel_size: 2, stride: 2 },
        }),
        caffe.V1LayerParameter.create({
          name: 'fc', type: T.INNER_PRODUCT, bottom: ['pool1'], top: ['fc'], inner_product_param: { num_output: 4 },
          blobs: [
            { num: 1, channels: 1, height: 4, width: 12, data: floats(48) },
            { num: 1, channels: 1, height: 1, width: 4, data: floats(4) },
          ],
        }),
        caffe.V1LayerParameter.create({ name: 'prob', type: T.SOFTMAX, bottom: ['fc'], top: ['prob'] }),
        caffe.V1LayerParameter.create({
          name: 'loss', type: T.SOFTMAX_LOSS, bottom: ['fc', 'label'], top: ['loss'], include: [{ phase: caffe.Phase.TRAIN }],
        }),
      ],
    });
  }

  it('decodes `layers`, maps the type enum to type names and reshapes legacy 4-D blobs', () => {
    const bytes = encodeCaffeModel(v1Net());
    const net = decodeCaffeModel(bytes, { file: 'old.caffemodel' });
    expect(net.layers).toHaveLength(6);
    const desc = toNetDescription(net, undefined, { file: 'old.caffemodel' });
    expect(desc.inputs).toEqual([{ name: 'data', shape: [1, 2, 6, 6] }]);
    expect(desc.layers.map((l) => l.type)).toEqual(['Convolution', 'ReLU', 'Pooling', 'InnerProduct', 'Softmax']);
    expect(desc.layers[0]!.blobs.map((b) => b.shape)).toEqual([[3, 2, 3, 3], [3]]);
    expect(desc.layers[3]!.blobs.map((b) => b.shape)).toEqual([[4, 12], [4]]);
    expect(desc.layers[2]!.params).toMatchObject({ pool: 'ave', kernel: [2, 2], stride: [2, 2] });
    // Blob values are the float32 roundings of what was written.
    const written = v1Net().layers[3]!.blobs![0]!.data!;
    expect(Array.from(desc.layers[3]!.blobs[0]!.data)).toEqual(written.map((v) => Math.fround(v)));
  });

  it('re-encodes a V1 model as V2 layers that decode to the same weights', () => {
    const desc = toNetDescription(decodeCaffeModel(encodeCaffeModel(v1Net())));
    const back = toNetDescription(decodeCaffeModel(encodeCaffeModel(fromNetDescription(desc))));
    expectBitIdentical(desc, back);
  });
});

describe('BlobProto wire forms', () => {
  it('reads unpacked floats, split packed chunks, double_data and legacy dims', () => {
    const w = $protobuf.Writer.create();
    w.uint32(8).int32(1).uint32(16).int32(1).uint32(24).int32(1).uint32(32).int32(5); // num/channels/height/width
    w.uint32(45).float(1.5); // data, unpacked (wire type 5)
    w.uint32(42).bytes(new Uint8Array(new Float32Array([2, 3]).buffer)); // data, packed chunk
    w.uint32(45).float(-4);
    w.uint32(42).bytes(new Uint8Array(new Float32Array([0.25]).buffer));
    w.uint32(0x58).int32(7); // unknown field 11: skipped
    const blob = caffe.BlobProto.decode(w.finish());
    expect(Array.from(blob.data as ArrayLike<number>)).toEqual([1.5, 2, 3, -4, 0.25]);
    expect(blobToTensor(blob).shape).toEqual([1, 1, 1, 5]);

    const d = $protobuf.Writer.create();
    d.uint32(58).fork().uint32(10).bytes(new Uint8Array([2, 3])).ldelim(); // shape { dim: [2, 3] } packed int64
    d.uint32(66).bytes(new Uint8Array(new Float64Array([1, 2, 3, 4, 5, 0.1]).buffer));
    const t = blobToTensor(caffe.BlobProto.decode(d.finish()));
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, Math.fround(0.1)]);
  });

  it('rejects a packed field that is not a whole number of floats, or that overruns the message', () => {
    const odd = $protobuf.Writer.create();
    odd.uint32(42).bytes(new Uint8Array(6));
    expect(() => decodeCaffeModel(wrapBlob(odd.finish()), { file: 'odd' })).toThrowError(expect.objectContaining({ code: 'E_TRUNCATED' }));
    const over = new Uint8Array([42, 100, 0, 0, 0, 0]);
    expect(() => decodeCaffeModel(wrapBlob(over), { file: 'over' })).toThrowError(expect.objectContaining({ code: 'E_TRUNCATED' }));
  });

  it('rejects a blob whose data count does not match its shape (E_SHAPE naming file and layer)', () => {
    const bytes = encodeCaffeModel({ layer: [{ name: 'fc', type: 'InnerProduct', blobs: [{ shape: { dim: [2, 3] }, data: [1, 2, 3, 4, 5] }] }] });
    const deploy = parsePrototxt('input: "x" input_shape { dim: 1 dim: 3 } layer { name: "fc" type: "InnerProduct" bottom: "x" top: "y" inner_product_param { num_output: 2 } }').net;
    expect(() => toNetDescription(deploy, decodeCaffeModel(bytes), { file: 'deploy', weightsFile: 'bad.caffemodel' })).toThrowError(
      expect.objectContaining({ code: 'E_SHAPE', context: expect.objectContaining({ file: 'bad.caffemodel', layer: 'fc' }) }),
    );
  });
});

/** A NetParameter with one layer holding the given raw BlobProto bytes. */
function wrapBlob(blob: Uint8Array): Uint8Array {
  const layer = $protobuf.Writer.create();
  layer.uint32(10).string('l').uint32(58).bytes(blob);
  const net = $protobuf.Writer.create();
  net.uint32(802).bytes(layer.finish());
  return net.finish();
}
