/**
 * The layer table (`@sparsecnn/tensor` layers/) drives caffe-io's conversion and the runtime's shape inference. On
 * every real prototxt in shared/data (both phases), the parameters and every layer's output shapes must equal what
 * the code before the table produced: test/fixtures/layer-shapes.golden.json was written by the per-type switch
 * statements of convert.ts and graph.ts (commit f863ec9) with the same inputs (data 2x3x227x227, batch 2).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrototxt, toNetDescription } from '@sparsecnn/caffe-io';
import { describe, expect } from 'vitest';
import { dataPath, dataTest } from '../../../tooling/test-data/index.js';
import { inferShapes } from '../src/index.js';

type Entry = { params: string; layers: string[] } | { params: string; error: string } | { convertError: string } | 'same as TEST';

const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'layer-shapes.golden.json'), 'utf8')) as Record<string, Entry>;

/** JSON with sorted keys, so that the digest does not depend on the order params are built in. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function describeNet(rel: string, phase: 'TEST' | 'TRAIN'): Entry {
  try {
    const net = parsePrototxt(readFileSync(dataPath(`models/${rel}`), 'utf8'), { file: rel }).net;
    const desc = toNetDescription(net, undefined, { file: rel, phase, inputShapes: { data: [2, 3, 227, 227] } });
    const params = createHash('sha256').update(canon(desc.layers.map((l) => [l.name, l.type, l.bottoms, l.tops, l.params]))).digest('hex').slice(0, 16);
    try {
      const s = inferShapes(desc, 2);
      return { params, layers: s.layers.map((l) => `${l.name} ${l.type} ${JSON.stringify(l.outputShapes)}`) };
    } catch (e) {
      return { params, error: (e as { code?: string }).code ?? String(e) };
    }
  } catch (e) {
    return { convertError: (e as { code?: string }).code ?? String(e) };
  }
}

describe('layer table: shapes and parameters on the real prototxts match the code it replaced', () => {
  const files = [...new Set(Object.keys(golden).map((k) => k.replace(/ (TEST|TRAIN)$/, '')))];
  for (const rel of files) {
    dataTest(rel, [`models/${rel}`], () => {
      const test = describeNet(rel, 'TEST');
      expect(test, `${rel} TEST`).toEqual(golden[`${rel} TEST`]);
      const train = describeNet(rel, 'TRAIN');
      const want = golden[`${rel} TRAIN`];
      expect(train, `${rel} TRAIN`).toEqual(want === 'same as TEST' ? golden[`${rel} TEST`] : want);
    });
  }
});
