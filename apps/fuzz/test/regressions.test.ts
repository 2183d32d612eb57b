/**
 * Regression tests for the fuzz findings (one per fix; the inputs are built here, not read from the corpus, which
 * is not committed).
 */
import { caffe, parsePrototxt, toNetDescription, type NetParameter } from '@sparsecnn/caffe-io';
import { isSparseCnnError } from '@sparsecnn/tensor';
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
});
