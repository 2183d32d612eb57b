/**
 * Many async runs at once, on one session and on several (sharing one backend instance, so the native addon's
 * thread pool serves them all), give bit-for-bit the outputs of the same runs done one after the other. Feeds are
 * overwritten as soon as run() returns its promise (a run must not read the caller's buffers later), batch sizes
 * change between queued runs (re-planning while others wait), and a dispose while runs are queued rejects the
 * queued ones with E_DISPOSED.
 */
import { Rng, isSparseCnnError, randomUniform, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../src/index.js';
import { available } from './backends.js';
import { alexNet, resNet } from './nets.js';

const NETS: Record<string, (rng: Rng, batch: number, density?: number) => NetDescription> = { alex: alexNet, res: resNet };

function feedsFor(net: NetDescription, rng: Rng, batch: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const inp of net.inputs) feeds[inp.name] = randomUniform([batch, ...inp.shape.slice(1)], rng, -1, 1);
  return feeds;
}

function copyFeeds(f: Record<string, Tensor>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(f).map(([k, t]) => [k, { ...t, shape: [...t.shape], data: t.data.slice() }]));
}

function expectBitwise(got: Record<string, Tensor>, want: Record<string, Tensor>, what: string): void {
  expect(Object.keys(got).sort(), what).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) {
    expect(got[k]!.shape, `${what}: ${k} shape`).toEqual(want[k]!.shape);
    const a = new Uint32Array(got[k]!.data.buffer, got[k]!.data.byteOffset, got[k]!.data.length);
    const b = new Uint32Array(want[k]!.data.buffer, want[k]!.data.byteOffset, want[k]!.data.length);
    let diff = -1;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) { diff = i; break; }
    expect(diff, `${what}: ${k}[${diff}] = ${got[k]!.data[diff]} vs serial ${want[k]!.data[diff]}`).toBe(-1);
  }
}

/** Serial reference: one session, one run at a time. */
async function serial(net: NetDescription, backend: string, feeds: Array<Record<string, Tensor>>, sparse: 'never' | 'always'): Promise<Array<Record<string, Tensor>>> {
  const s = await createSession(net, { backends: [backend], sparse });
  try {
    const out: Array<Record<string, Tensor>> = [];
    for (const f of feeds) out.push(await s.run(f));
    return out;
  } finally {
    s.dispose();
  }
}

describe.each(available.map((b) => [b]))('backend %s', (backend) => {
  for (const [netName, make] of Object.entries(NETS)) {
    for (const sparse of ['never', 'always'] as const) {
      it(`${netName}, sparse ${sparse}: 40 concurrent runs on one session and on 4 sessions match serial runs bit for bit`, async () => {
        const seed = Rng.freshSeed();
        const rng = new Rng(seed);
        const net = make(rng, 2, sparse === 'always' ? 0.3 : 1);
        // Batch 2 mostly, some 1 and 3: queued runs of another batch size re-plan while others wait.
        const feeds = Array.from({ length: 40 }, (_, i) => feedsFor(net, rng, i % 7 === 3 ? 3 : i % 5 === 4 ? 1 : 2));
        const want = await serial(net, backend, feeds, sparse);

        const one = await createSession(net, { backends: [backend], sparse });
        const many: Session[] = await Promise.all(Array.from({ length: 4 }, () => createSession(net, { backends: [backend], sparse })));
        try {
          const mine = feeds.map(copyFeeds);
          const onOne = mine.map((f) => one.run(f));
          // The caller reuses its buffers at once: the queued runs must have copied them.
          for (const f of mine) for (const t of Object.values(f)) t.data.fill(Number.NaN);
          const theirs = feeds.map(copyFeeds);
          const onMany = theirs.map((f, i) => many[i % many.length]!.run(f));
          for (const f of theirs) for (const t of Object.values(f)) t.data.fill(Number.NaN);
          const [a, b] = await Promise.all([Promise.all(onOne), Promise.all(onMany)]);
          a.forEach((out, i) => expectBitwise(out, want[i]!, `seed ${seed}, one session, run ${i}`));
          b.forEach((out, i) => expectBitwise(out, want[i]!, `seed ${seed}, session ${i % many.length}, run ${i}`));
        } finally {
          one.dispose();
          for (const s of many) s.dispose();
        }
      });
    }
  }

  it('two different nets run concurrently, interleaved, match their serial runs', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const nets = [alexNet(rng, 2), resNet(rng, 2)];
    const feeds = nets.map((n) => Array.from({ length: 12 }, () => feedsFor(n, rng, 2)));
    const want = await Promise.all(nets.map((n, k) => serial(n, backend, feeds[k]!, 'never')));
    const sessions = await Promise.all(nets.map((n) => createSession(n, { backends: [backend] })));
    try {
      const runs: Array<Promise<void>> = [];
      for (let i = 0; i < 12; i++) {
        for (let k = 0; k < 2; k++) runs.push(sessions[k]!.run(feeds[k]![i]!).then((out) => expectBitwise(out, want[k]![i]!, `seed ${seed}, net ${k}, run ${i}`)));
      }
      await Promise.all(runs);
    } finally {
      for (const s of sessions) s.dispose();
    }
  });

  it('dispose with runs outstanding: each run either completes correctly or rejects with E_DISPOSED; later calls reject', async () => {
    const rng = new Rng(Rng.freshSeed());
    const net = alexNet(rng, 2);
    const feeds = Array.from({ length: 6 }, () => feedsFor(net, rng, 2));
    const want = await serial(net, backend, feeds, 'never');
    const s = await createSession(net, { backends: [backend] });
    // Small layers run synchronously inside run(), so these may all be done already; big ones would queue (below).
    const runs = feeds.map((f) => s.run(f));
    s.dispose();
    const settled = await Promise.allSettled(runs);
    expect(settled[0]!.status).toBe('fulfilled');
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') expectBitwise(r.value, want[i]!, `run ${i}`);
      else expect(isSparseCnnError(r.reason, 'E_DISPOSED'), String(r.reason)).toBe(true);
    });
    await expect(s.run(feeds[0]!)).rejects.toMatchObject({ code: 'E_DISPOSED' });
    expect(() => s.runSync(feeds[0]!)).toThrow(expect.objectContaining({ code: 'E_DISPOSED' }));
  });
});

/** A layer above the runtime's async threshold (>= 40M MACs), so that native runs go to the addon's worker threads. */
function bigNet(rng: Rng, density: number): NetDescription {
  const c = 64;
  const w = randomUniform([c, c, 3, 3], rng, -0.05, 0.05);
  for (let i = 0; i < w.data.length; i++) if (rng.next() >= density) w.data[i] = 0;
  const L = (type: string, name: string, bottoms: string[], tops: string[], params: object, blobs: Tensor[] = []) =>
    ({ type, name, bottoms, tops, params, blobs }) as unknown as NetDescription['layers'][number];
  return {
    name: 'big',
    inputs: [{ name: 'data', shape: [1, c, 40, 40] }],
    layers: [
      L('Convolution', 'conv', ['data'], ['conv'], { numOutput: c, kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], group: 1, biasTerm: true }, [w, randomUniform([c], rng, -0.1, 0.1)]),
      L('ReLU', 'relu', ['conv'], ['conv'], { negativeSlope: 0 }),
      L('Pooling', 'pool', ['conv'], ['pool'], { pool: 'max', kernel: [8, 8], stride: [8, 8], pad: [0, 0], global: false }),
      L('InnerProduct', 'fc', ['pool'], ['fc'], { numOutput: 10, biasTerm: true, transpose: false, axis: 1 }, [randomUniform([10, c * 25], rng, -0.1, 0.1), randomUniform([10], rng, -0.1, 0.1)]),
    ],
  };
}

describe.runIf(available.includes('native'))('native, layers on the worker threads (run() really queues)', () => {
  for (const sparse of ['never', 'always'] as const) {
    it(`sparse ${sparse}: 16 concurrent runs on one session and on 3 sessions match serial runs bit for bit`, async () => {
      const seed = Rng.freshSeed();
      const rng = new Rng(seed);
      const net = bigNet(rng, sparse === 'always' ? 0.2 : 1);
      const feeds = Array.from({ length: 16 }, (_, i) => feedsFor(net, rng, i % 4 === 3 ? 2 : 1));
      const want = await serial(net, 'native', feeds, sparse);
      const one = await createSession(net, { backends: ['native'], sparse });
      const many = await Promise.all(Array.from({ length: 3 }, () => createSession(net, { backends: ['native'], sparse })));
      try {
        const mine = feeds.map(copyFeeds);
        const onOne = mine.map((f) => one.run(f));
        const onMany = mine.map((f, i) => many[i % 3]!.run(f));
        for (const f of mine) for (const t of Object.values(f)) t.data.fill(Number.NaN);
        const [a, b] = await Promise.all([Promise.all(onOne), Promise.all(onMany)]);
        a.forEach((out, i) => expectBitwise(out, want[i]!, `seed ${seed}, one session, run ${i}`));
        b.forEach((out, i) => expectBitwise(out, want[i]!, `seed ${seed}, session ${i % 3}, run ${i}`));
      } finally {
        one.dispose();
        for (const s of many) s.dispose();
      }
    });
  }

  it('dispose while runs are queued: the running one finishes, the queued ones reject with E_DISPOSED; runSync cannot jump the queue', async () => {
    const rng = new Rng(Rng.freshSeed());
    const net = bigNet(rng, 1);
    const feeds = Array.from({ length: 5 }, () => feedsFor(net, rng, 1));
    const want = await serial(net, 'native', feeds.slice(0, 1), 'never');
    const s = await createSession(net, { backends: ['native'] });
    const runs = feeds.map((f) => s.run(f));
    expect(() => s.runSync(feeds[0]!)).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    s.dispose();
    const settled = await Promise.allSettled(runs);
    expect(settled[0]!.status).toBe('fulfilled');
    expectBitwise((settled[0] as PromiseFulfilledResult<Record<string, Tensor>>).value, want[0]!, 'the run in progress at dispose');
    for (const r of settled.slice(1)) {
      expect(r.status).toBe('rejected');
      expect(isSparseCnnError((r as PromiseRejectedResult).reason, 'E_DISPOSED'), String((r as PromiseRejectedResult).reason)).toBe(true);
    }
  });
});
