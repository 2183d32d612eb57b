/**
 * Randomized robustness: mutated real files fed to every parser. Each outcome must be a success or a
 * SparseCnnError (never another exception), and errors must name the file. The seed is fresh per run and printed
 * on failure; set CAFFE_IO_FUZZ_SEED to replay one.
 */
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { decodeCaffeModel, decodeDeepCompressionNet, parsePrototxt, toNetDescription } from '../src/index.js';
import type { NetParameter } from '../src/index.js';
import { allPrototxts, haveData, readData, readText } from './helpers.js';

const SEED = process.env['CAFFE_IO_FUZZ_SEED'] ? Number(process.env['CAFFE_IO_FUZZ_SEED']) : Rng.freshSeed();

interface Tally { ok: number; errors: Record<string, number> }

/** Runs f; returns normally on success or a SparseCnnError naming `file`; otherwise fails with the seed and case. */
function outcome(tally: Tally, file: string, what: string, f: () => unknown): void {
  try {
    f();
    tally.ok++;
  } catch (e) {
    if (!isSparseCnnError(e)) {
      throw new Error(`seed ${SEED}, ${what}: not a SparseCnnError: ${e instanceof Error ? e.stack : String(e)}`);
    }
    if (e.context.file !== file) {
      throw new Error(`seed ${SEED}, ${what}: error does not name the file ${file}: ${e.message}`);
    }
    tally.errors[e.code] = (tally.errors[e.code] ?? 0) + 1;
  }
}

function mutateBytes(rng: Rng, src: Uint8Array): { bytes: Uint8Array; how: string } {
  const kind = Math.floor(rng.next() * 4);
  const at = (n: number) => Math.floor(rng.next() * n);
  switch (kind) {
    case 0: {
      const out = src.slice();
      const flips = 1 + at(16);
      for (let i = 0; i < flips; i++) out[at(out.length)]! ^= 1 << at(8);
      return { bytes: out, how: `flip ${flips} bits` };
    }
    case 1: {
      const cut = at(src.length);
      return { bytes: src.subarray(0, cut), how: `truncate at ${cut}` };
    }
    case 2: {
      const out = src.slice();
      const start = at(out.length);
      const len = 1 + at(64);
      for (let i = start; i < Math.min(out.length, start + len); i++) out[i] = at(256);
      return { bytes: out, how: `randomize ${len} bytes at ${start}` };
    }
    default: {
      // Splice: drop a range.
      const start = at(src.length);
      const len = 1 + at(256);
      const out = new Uint8Array(src.length - Math.min(len, src.length - start));
      out.set(src.subarray(0, start));
      out.set(src.subarray(start + len), start);
      return { bytes: out, how: `drop ${len} bytes at ${start}` };
    }
  }
}

const NOISE = ['{', '}', '<', '>', '[', ']', ':', ';', ',', '"', "'", '\\', '#', '\n', '-', '.', '0', '9', 'e', 'x', ' ', 'inf', 'layer {', 'name: ', '\\x', '"\\', '1e999', '-0x'];

function mutateText(rng: Rng, src: string): { text: string; how: string } {
  const at = (n: number) => Math.floor(rng.next() * n);
  let text = src;
  const edits: string[] = [];
  const count = 1 + at(4);
  for (let k = 0; k < count; k++) {
    const kind = at(5);
    const p = at(text.length + 1);
    if (kind === 0) {
      const len = 1 + at(40);
      text = text.slice(0, p) + text.slice(p + len);
      edits.push(`del ${len}@${p}`);
    } else if (kind === 1) {
      const s = NOISE[at(NOISE.length)]!;
      text = text.slice(0, p) + s + text.slice(p);
      edits.push(`ins ${JSON.stringify(s)}@${p}`);
    } else if (kind === 2) {
      text = text.slice(0, p);
      edits.push(`cut@${p}`);
    } else if (kind === 3) {
      const q = at(text.length + 1);
      const len = at(80);
      text = text.slice(0, p) + text.slice(q, q + len) + text.slice(p);
      edits.push(`dup ${len} from ${q}@${p}`);
    } else {
      const c = String.fromCharCode(at(128));
      text = text.slice(0, p) + c + text.slice(p + 1);
      edits.push(`set ${JSON.stringify(c)}@${p}`);
    }
  }
  return { text, how: edits.join(', ') };
}

describe(`fuzz (seed ${SEED})`, () => {
  it.runIf(haveData('models/lenet_mnist/lenet_iter_10000.caffemodel', 'models/lenet_mnist/lenet.prototxt'))(
    'mutated .caffemodel bytes: decode and convert succeed or throw SparseCnnError',
    () => {
      const rng = new Rng(SEED);
      const file = 'lenet_iter_10000.caffemodel';
      const src = readData('models/lenet_mnist/lenet_iter_10000.caffemodel');
      const deploy = parsePrototxt(readText('models/lenet_mnist/lenet.prototxt')).net;
      const tally: Tally = { ok: 0, errors: {} };
      for (let i = 0; i < 120; i++) {
        const { bytes, how } = mutateBytes(rng, src);
        outcome(tally, file, `caffemodel case ${i} (${how})`, () => {
          const net = decodeCaffeModel(bytes, { file });
          toNetDescription(deploy, net, { file, weightsFile: file });
        });
        outcome(tally, file, `caffemodel alone case ${i} (${how})`, () => {
          toNetDescription(decodeCaffeModel(bytes, { file }), undefined, { file, inputShapes: { data: [1, 1, 28, 28] } });
        });
      }
      console.log(`caffemodel fuzz (seed ${SEED}):`, JSON.stringify(tally));
      expect(tally.ok + Object.values(tally.errors).reduce((a, b) => a + b, 0)).toBe(240);
    },
  );

  it('mutated .prototxt text: parse and convert succeed or throw SparseCnnError with a line', () => {
    const files = allPrototxts().filter((f) => !f.includes('solver'));
    if (files.length === 0) return;
    const rng = new Rng(SEED + 1);
    const tally: Tally = { ok: 0, errors: {} };
    const texts = files.map((f) => [f, readText(f)] as const);
    for (let i = 0; i < 600; i++) {
      const [file, src] = texts[Math.floor(rng.next() * texts.length)]!;
      const { text, how } = mutateText(rng, src);
      let net: NetParameter | undefined;
      outcome(tally, file, `prototxt case ${i} ${file} (${how})`, () => {
        try {
          net = parsePrototxt(text, { file }).net;
        } catch (e) {
          if (isSparseCnnError(e, 'E_PARSE') && (e.context.line === undefined || e.context.column === undefined)) {
            throw new Error(`E_PARSE without line/column: ${e.message}`);
          }
          throw e;
        }
      });
      if (net) outcome(tally, file, `prototxt convert case ${i} ${file} (${how})`, () => toNetDescription(net!, undefined, { file }));
    }
    console.log(`prototxt fuzz (seed ${SEED}):`, JSON.stringify(tally));
    expect(tally.ok).toBeGreaterThan(0);
  });

  it.runIf(haveData('models/squeezenet_deep_compression/compressed_SqueezeNet.net'))(
    'mutated .net bytes: decode succeeds or throws SparseCnnError',
    () => {
      const rng = new Rng(SEED + 2);
      const file = 'compressed_SqueezeNet.net';
      const src = readData('models/squeezenet_deep_compression/compressed_SqueezeNet.net');
      const deploy = parsePrototxt(readText('models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt')).net;
      const tally: Tally = { ok: 0, errors: {} };
      for (let i = 0; i < 80; i++) {
        const { bytes, how } = mutateBytes(rng, src);
        outcome(tally, file, `.net case ${i} (${how})`, () => {
          const w = decodeDeepCompressionNet(bytes, deploy, { file });
          toNetDescription(deploy, w, { file, weightsFile: file });
        });
      }
      console.log(`.net fuzz (seed ${SEED}):`, JSON.stringify(tally));
      expect(tally.ok + Object.values(tally.errors).reduce((a, b) => a + b, 0)).toBe(80);
    },
  );
});
