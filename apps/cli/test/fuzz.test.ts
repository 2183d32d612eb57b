import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { decodeCaffeModel, readCompactModel, writeCompactModel, type CompactNetLike as NetLike } from '@sparsecnn/caffe-io';
import { decodeBundle, encodeBundle } from '@sparsecnn/sparse';
import { isSparseCnnError, Rng } from '@sparsecnn/tensor';
import { readNpy } from '../src/lib/npy.js';
import { dataPath, dataTest } from './helpers.js';

/** Flip, overwrite, truncate or extend a copy of `bytes`. */
function mutate(bytes: Uint8Array, rng: Rng): Uint8Array {
  const kind = rng.nextUint32() % 4;
  if (kind === 0) return bytes.slice(0, rng.nextUint32() % bytes.length);
  const out = kind === 3 ? new Uint8Array([...bytes, ...Array.from({ length: 1 + (rng.nextUint32() % 16) }, () => rng.nextUint32() & 255)]) : bytes.slice();
  const edits = 1 + (rng.nextUint32() % 8);
  for (let i = 0; i < edits; i++) {
    // Bias towards the headers, where the structure is.
    const pos = rng.next() < 0.5 ? rng.nextUint32() % Math.min(256, out.length) : rng.nextUint32() % out.length;
    out[pos] = kind === 1 ? out[pos]! ^ (1 << (rng.nextUint32() % 8)) : rng.nextUint32() & 255;
  }
  return out;
}

function expectTypedOrOk(fn: () => unknown, what: string): void {
  try {
    fn();
  } catch (e) {
    if (!isSparseCnnError(e)) throw new Error(`${what}: not a SparseCnnError: ${String(e)}`, { cause: e });
    expect(e.message).toContain('x.file');
  }
}

describe('mutated real files give typed errors naming the file', () => {
  dataTest('.npy mean file', ['images/ilsvrc12/ilsvrc_2012_mean.npy'], () => {
    const rng = new Rng();
    const good = new Uint8Array(readFileSync(dataPath('images/ilsvrc12/ilsvrc_2012_mean.npy'))).subarray(0, 4096);
    for (let i = 0; i < 300; i++) expectTypedOrOk(() => readNpy(mutate(good, rng), { file: 'x.file' }), `seed ${rng.seed} case ${i}`);
  });

  dataTest('compact .scnn model', ['models/lenet_mnist/lenet_iter_10000.caffemodel'], () => {
    const rng = new Rng();
    const net = decodeCaffeModel(new Uint8Array(readFileSync(dataPath('models/lenet_mnist/lenet_iter_10000.caffemodel')))) as unknown as NetLike;
    // Keep it small: only the first two layers' blobs.
    const small: NetLike = { ...net, layer: (net.layer ?? []).slice(0, 3) };
    const good = writeCompactModel(small);
    expect(() => readCompactModel(good, { file: 'x.file' })).not.toThrow();
    for (let i = 0; i < 300; i++) expectTypedOrOk(() => readCompactModel(mutate(good, rng), { file: 'x.file' }), `seed ${rng.seed} case ${i}`);
    // The bundle's CRC catches most byte damage; re-wrap a damaged meta block with a valid CRC to reach the meta parser.
    const bundle = decodeBundle(good);
    for (let i = 0; i < 300; i++) {
      const meta = mutate(bundle.meta!, rng);
      const bytes = encodeBundle({ meta, entries: bundle.entries });
      expectTypedOrOk(() => readCompactModel(bytes, { file: 'x.file' }), `seed ${rng.seed} meta case ${i}`);
    }
  });
});
