import { registerBackend, resolveBackend, type BackendProvider, type KernelBackend } from '@sparsecnn/kernels-api';
import {
  Rng, compareClose, isSparseCnnError, randomUniform, type NetDescription, type Tensor,
} from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { createSession, inferShapes, planNetwork, type Session, type SessionOptions } from '../src/index.js';
import { poisonSessionForTests } from '../src/session.js';
import { available } from './backends.js';
import { alexNet, chainNet, conv, layer, relu, resNet } from './nets.js';
import { referenceForward } from './reference.js';

/** float32 kernels vs the float64 reference, over nets a few layers deep. */
const TOL = { atol: 2e-4, rtol: 2e-3 };

const NETS: Record<string, (rng: Rng, batch: number, density?: number) => NetDescription> = {
  alex: alexNet,
  res: resNet,
  chain: chainNet,
};

function feedsFor(net: NetDescription, rng: Rng, batch: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const inp of net.inputs) feeds[inp.name] = randomUniform([batch, ...inp.shape.slice(1)], rng, -1, 1);
  return feeds;
}

async function expectMatchesReference(session: Session, net: NetDescription, feeds: Record<string, Tensor>, seed: number): Promise<void> {
  poisonSessionForTests(session);
  const out = await session.run(feeds);
  const ref = referenceForward(net, feeds);
  expect(Object.keys(out).sort()).toEqual([...session.outputNames].sort());
  for (const name of session.outputNames) {
    const want = ref.get(name)!;
    expect(out[name]!.shape, `${name} shape (seed ${seed})`).toEqual(want.shape);
    const r = compareClose(out[name]!.data, want.data, TOL);
    expect(r.ok, `${name}: ${r.message} (seed ${seed})`).toBe(true);
  }
}

async function expectCode(p: Promise<unknown> | (() => unknown), code: string, layer?: string): Promise<void> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(isSparseCnnError(err), `expected a SparseCnnError ${code}, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code, String(err)).toBe(code);
  if (layer !== undefined) expect((err as { context: { layer?: string } }).context.layer).toBe(layer);
}

it('the js backend loads', () => {
  expect(available).toContain('js');
});

describe.each(available.map((b) => [b]))('backend %s', (backend) => {
  for (const [netName, make] of Object.entries(NETS)) {
    for (const sparse of ['never', 'always', 'auto'] as const) {
      it(`${netName}, sparse: ${sparse}: matches the float64 reference, across batch sizes`, async () => {
        const seed = Rng.freshSeed();
        const rng = new Rng(seed);
        const net = make(rng, 2, 0.3);
        const session = await createSession(net, { backends: [backend], sparse });
        try {
          expect(session.backend).toBe(backend);
          await expectMatchesReference(session, net, feedsFor(net, rng, 2), seed);
          await expectMatchesReference(session, net, feedsFor(net, rng, 3), seed); // re-planned buffers
          await expectMatchesReference(session, net, feedsFor(net, rng, 2), seed); // back to the default plan
        } finally {
          session.dispose();
        }
      });
    }
  }

  it('concurrent run() calls each get their own answer', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = alexNet(rng, 2, 0.3);
    const session = await createSession(net, { backends: [backend] });
    const feeds = [2, 3, 2, 1].map((n) => feedsFor(net, rng, n));
    const pending = feeds.map((f) => session.run(f));
    // The caller may reuse its buffers at once: queued runs copied their feeds.
    const kept = feeds.map((f) => f.data!.data.slice());
    for (const f of feeds) f.data!.data.fill(0);
    const results = await Promise.all(pending);
    results.forEach((out, i) => {
      const ref = referenceForward(net, { data: { ...feeds[i]!.data!, data: kept[i]! } });
      const r = compareClose(out.prob!.data, ref.get('prob')!.data, TOL);
      expect(r.ok, `run ${i}: ${r.message} (seed ${seed})`).toBe(true);
    });
    session.dispose();
  });

  it('dense and sparse kernels give the same answer', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = alexNet(rng, 4, 0.25);
    const feeds = feedsFor(net, rng, 4);
    const dense = await createSession(net, { backends: [backend], sparse: 'never' });
    const sparse = await createSession(net, { backends: [backend], sparse: 'always' });
    expect(dense.plan.filter((l) => l.kernel === 'sparse')).toEqual([]);
    expect(sparse.plan.filter((l) => l.kernel === 'dense')).toEqual([]);
    const a = await dense.run(feeds);
    const b = await sparse.run(feeds);
    const r = compareClose(b.prob!.data, a.prob!.data, { atol: 1e-5, rtol: 1e-4 });
    expect(r.ok, `${r.message} (seed ${seed})`).toBe(true);
    dense.dispose();
    sparse.dispose();
  });
});

describe('plan', () => {
  it('fuses ReLUs, infers Caffe shapes and reports kernels, bytes and MACs', async () => {
    const rng = new Rng(Rng.freshSeed());
    const net = alexNet(rng, 2, 1);
    const session = await createSession(net, { backends: ['js'] });
    const byName = new Map(session.plan.map((l) => [l.name, l]));
    expect(byName.get('conv1')!.fusedWith).toBe('relu1');
    expect(byName.get('relu1')!.kernel).toBe('fused');
    expect(byName.get('relu2')!.kernel).toBe('fused'); // not in place, but its only reader
    expect(byName.get('fc3')!.fusedWith).toBe('relu3');
    expect(byName.get('drop3')!.kernel).toBe('none');
    expect(byName.get('conv1')!.outputShapes).toEqual([[2, 8, 9, 9]]);
    expect(byName.get('pool1')!.outputShapes).toEqual([[2, 8, 4, 4]]); // ceil((9 - 3) / 2) + 1
    expect(byName.get('conv2')!.outputShapes).toEqual([[2, 12, 4, 4]]);
    expect(byName.get('pool2')!.outputShapes).toEqual([[2, 12, 3, 3]]); // pad 1, clipped
    const c1 = byName.get('conv1')!;
    expect(c1).toMatchObject({ kernel: 'dense', op: 'conv2d', backend: 'js', weightCount: 8 * 3 * 9, weightDensity: 1 });
    expect(c1.macs).toBe(8 * 9 * 9 * 3 * 9);
    expect(c1.weightBytes.dense).toBe((8 * 27 + 8) * 4);
    expect(c1.weightBytes.prepared).toBeGreaterThan(0);
    expect(byName.get('conv2')!.macs).toBe(12 * 4 * 4 * 4 * 9); // groups: 4 input channels per group
    expect(byName.get('pool1')).toMatchObject({ kernel: 'op', op: 'pool2d', backend: 'js', weightDensity: null });
    expect(session.inputNames).toEqual(['data']);
    expect(session.outputNames).toEqual(['prob']);

    const pure = planNetwork(net, 5);
    expect(pure.layers.map((l) => l.outputShapes[0]?.slice(1))).toEqual(session.plan.map((l) => l.outputShapes[0]?.slice(1)));
    expect(pure.layers.every((l) => l.backend === null)).toBe(true);
    expect(pure.inputs).toEqual([{ name: 'data', shape: [5, 3, 17, 17] }]);
    expect(pure.totals.macs).toBe(session.plan.reduce((a, l) => a + l.macs, 0));
    const shapes = inferShapes(net, 1);
    expect(shapes.outputs).toEqual([{ name: 'prob', shape: [1, 10] }]);
    session.dispose();
  });

  it('chooses sparse by density, with per-layer and global overrides', () => {
    const rng = new Rng(Rng.freshSeed());
    const net = alexNet(rng, 1, 0.2);
    const auto = planNetwork(net);
    for (const l of auto.layers.filter((x) => x.weightCount > 0)) expect(l.kernel, l.name).toBe('sparse');
    const conv1 = auto.layers.find((l) => l.name === 'conv1')!;
    expect(conv1.weightBytes.prepared).toBe(conv1.weightBytes.sparse);
    expect(conv1.sparseMacs).toBeLessThan(conv1.macs);
    const dense = planNetwork(alexNet(rng, 1, 1));
    for (const l of dense.layers.filter((x) => x.weightCount > 0)) expect(l.kernel, l.name).toBe('dense');
    const mixed = planNetwork(net, 1, { sparse: { conv1: 'dense', fc4: 'dense' } });
    expect(mixed.layers.filter((l) => l.kernel === 'dense').map((l) => l.name)).toEqual(['conv1', 'fc4']);
    const strict = planNetwork(net, 1, { sparseThreshold: 0.1 });
    expect(strict.layers.filter((l) => l.kernel === 'sparse')).toEqual([]);
    expect(() => planNetwork(net, 1, { sparse: { pool1: 'sparse' } })).toThrow(/pool1/);
  });

  it('plans a bare description (no weights loaded); a session then names the layer that lacks them', async () => {
    const rng = new Rng(Rng.freshSeed());
    const bare: NetDescription = { ...alexNet(rng, 1), layers: alexNet(rng, 1).layers.map((l) => ({ ...l, blobs: l.type === 'Convolution' || l.type === 'InnerProduct' ? [] : l.blobs })) };
    const plan = planNetwork(bare);
    const c1 = plan.layers.find((l) => l.name === 'conv1')!;
    expect(c1).toMatchObject({ kernel: 'dense', weightDensity: null, weightCount: 8 * 27, reason: 'no weights loaded' });
    expect(c1.sparseMacs).toBe(c1.macs);
    await expectCode(createSession(bare, { backends: ['js'] }), 'E_SHAPE', 'conv1');
  });

  it('treats Input layers and data layers as inputs', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const alex = alexNet(rng, 2);
    const viaInput: NetDescription = { ...alex, inputs: [], layers: [layer('Input', 'input', [], ['data'], { shape: [2, 3, 17, 17] }), ...alex.layers] };
    const data = { name: 'mnist', type: 'Data', bottoms: [], tops: ['data', 'label'], params: {}, blobs: [] } as unknown as NetDescription['layers'][number];
    const viaData: NetDescription = { ...alex, layers: [data, ...alex.layers] };
    for (const net of [viaInput, viaData]) {
      const plan = planNetwork(net);
      expect(plan.inputs).toEqual([{ name: 'data', shape: [2, 3, 17, 17] }]);
      expect(plan.layers[0]!.kernel).toBe('none');
      const session = await createSession(net, { backends: ['js'] });
      await expectMatchesReference(session, alex, feedsFor(alex, rng, 2), seed);
      session.dispose();
    }
    const usesLabel = { ...viaData, layers: [...viaData.layers, layer('Eltwise', 'bad', ['prob', 'label'], ['bad'], { operation: 'sum', coeffs: [] })] };
    expect(() => planNetwork(usesLabel)).toThrow(/'label'/);
  });

  it('reuses buffers: the arena is smaller than one buffer per blob, and results stay right', async () => {
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = chainNet(rng, 2);
    const plan = planNetwork(net, 2);
    expect(plan.memory.arenaBytes).toBeLessThan(plan.memory.unsharedBytes);
    // 6 convs of [2, 4, 8, 8] in a chain: live at once are at most two of them plus the kept c3 and the outputs.
    expect(plan.memory.arenaBytes).toBeLessThanOrEqual(plan.memory.unsharedBytes / 2);
    const session = await createSession(net, { backends: ['js'] });
    expect(session.memory).toEqual(plan.memory);
    expect([...session.outputNames].sort()).toEqual(['c3copy', 'sm']);
    for (let i = 0; i < 3; i++) await expectMatchesReference(session, net, feedsFor(net, rng, 2), seed);
    session.dispose();
  });

  it('hands out fresh output tensors', async () => {
    const rng = new Rng(Rng.freshSeed());
    const net = alexNet(rng, 1);
    const session = await createSession(net, { backends: ['js'] });
    const a = await session.run(feedsFor(net, rng, 1));
    const kept = a.prob!.data.slice();
    await session.run(feedsFor(net, rng, 1));
    expect(Array.from(a.prob!.data)).toEqual(Array.from(kept));
    session.dispose();
  });

  it('profiles per layer: last and median times, backend and kernel', async () => {
    const rng = new Rng(Rng.freshSeed());
    const net = alexNet(rng, 2);
    const session = await createSession(net, { backends: ['js'] });
    for (let i = 0; i < 3; i++) session.runSync(feedsFor(net, rng, 2));
    const prof = session.profile();
    expect(prof.map((p) => p.name)).toEqual(['conv1', 'pool1', 'norm1', 'conv2', 'pool2', 'fc3', 'fc4', 'prob']);
    for (const p of prof) {
      expect(p.runs).toBe(3);
      expect(p.backend).toBe('js');
      expect(p.lastMs).toBeGreaterThanOrEqual(0);
      expect(p.medianMs).toBeGreaterThanOrEqual(0);
    }
    expect(prof[0]).toMatchObject({ kernel: 'dense', op: 'conv2d', type: 'Convolution' });
    session.dispose();
  });
});

describe('per-op fallback', () => {
  /** A backend that only has relu, pool2d and softmax (borrowed from js), to exercise the fallback chain. */
  function partialProvider(name: string): BackendProvider {
    return {
      name,
      priority: -1,
      isSupported: () => true,
      async create(): Promise<KernelBackend> {
        const js = await resolveBackend(['js']);
        return {
          name,
          kernels: { relu: js.kernels.relu!, pool2d: js.kernels.pool2d!, softmax: js.kernels.softmax! },
          info: () => ({ ...js.info(), name }),
          dispose: () => {},
        };
      },
    };
  }

  it("'per-op' runs missing ops on the next backend; 'none' is a typed error naming the layer", async () => {
    registerBackend(partialProvider('partial-test'));
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = alexNet(rng, 2);
    const session = await createSession(net, { backends: ['partial-test', 'js'] });
    expect(session.backend).toBe('partial-test');
    const byName = new Map(session.plan.map((l) => [l.name, l.backend]));
    expect(byName.get('pool1')).toBe('partial-test');
    expect(byName.get('prob')).toBe('partial-test');
    expect(byName.get('conv1')).toBe('js');
    expect(byName.get('norm1')).toBe('js');
    await expectMatchesReference(session, net, feedsFor(net, rng, 2), seed);
    session.dispose();
    await expectCode(createSession(net, { backends: ['partial-test'], fallback: 'none' }), 'E_UNSUPPORTED', 'conv1');
  });

  it('run() uses async kernels when the backend has them; runs are serialised; dispose lets the running one finish', async () => {
    const js = await resolveBackend(['js']);
    let asyncCalls = 0;
    const delayed = <A extends unknown[]>(f: (...a: A) => Tensor) => (...a: A): Promise<Tensor> => {
      asyncCalls++;
      return new Promise((r, j) => setTimeout(() => { try { r(f(...a)); } catch (e) { j(e instanceof Error ? e : new Error(String(e))); } }, 2));
    };
    registerBackend({
      name: 'async-test', priority: -1, isSupported: () => true,
      create: async () => ({
        name: 'async-test', kernels: js.kernels, info: () => ({ ...js.info(), name: 'async-test' }), dispose: () => {},
        async: { conv2d: delayed(js.kernels.conv2d!), gemm: delayed(js.kernels.gemm!) },
      }),
    });
    const seed = Rng.freshSeed();
    const rng = new Rng(seed);
    const net = alexNet(rng, 2);
    const session = await createSession(net, { backends: ['async-test'], sparse: 'never', asyncMinMacs: 0 });
    const feeds = [1, 2, 3].map((n) => feedsFor(net, rng, n));
    const kept = feeds.map((f) => f.data!.data.slice());
    const pending = feeds.map((f) => session.run(f));
    for (const f of feeds) f.data!.data.fill(0);
    expect(() => session.runSync(feedsFor(net, rng, 2))).toThrow(/in progress/);
    const results = await Promise.all(pending);
    expect(asyncCalls).toBe(3 * 4); // conv1, conv2, fc3, fc4 per run
    results.forEach((out, i) => {
      const ref = referenceForward(net, { data: { ...feeds[i]!.data!, data: kept[i]! } });
      const r = compareClose(out.prob!.data, ref.get('prob')!.data, TOL);
      expect(r.ok, `run ${i}: ${r.message} (seed ${seed})`).toBe(true);
    });
    const first = session.run(feedsFor(net, rng, 2));
    const second = session.run(feedsFor(net, rng, 2));
    session.dispose();
    await expect(first).resolves.toHaveProperty('prob');
    await expectCode(second, 'E_DISPOSED');
  });

  it('a backend that fails to load is skipped; when none loads the error lists each with its reason', async () => {
    registerBackend({ name: 'broken-test', priority: -1, isSupported: () => 'no such hardware', create: async () => { throw new Error('unreachable'); } });
    registerBackend({ name: 'failing-test', priority: -1, isSupported: () => true, create: async () => { throw new Error('binary missing'); } });
    const rng = new Rng(Rng.freshSeed());
    const net = alexNet(rng, 1);
    const s = await createSession(net, { backends: ['broken-test', 'failing-test', 'js'] });
    expect(s.backend).toBe('js');
    s.dispose();
    let msg = '';
    try {
      await createSession(net, { backends: ['broken-test', 'failing-test'] });
    } catch (e) {
      expect(isSparseCnnError(e, 'E_BACKEND')).toBe(true);
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/broken-test: no such hardware/);
    expect(msg).toMatch(/failing-test: binary missing/);
  });
});

describe('errors', () => {
  const rng = new Rng(Rng.freshSeed());
  const base = (): NetDescription => alexNet(rng, 1);
  const withLayers = (net: NetDescription, f: (ls: NetDescription['layers']) => NetDescription['layers']): NetDescription =>
    ({ ...net, layers: f(net.layers) });
  const opts: SessionOptions = { backends: ['js'] };

  it('unknown layer type: E_UNSUPPORTED naming the layer', async () => {
    const net = withLayers(base(), (ls) => [...ls, { ...ls[0]!, name: 'weird', type: 'Deconvolution' as never, bottoms: ['prob'], tops: ['w'] }]);
    await expectCode(createSession(net, opts), 'E_UNSUPPORTED', 'weird');
    expect(() => planNetwork(net)).toThrow(/Deconvolution/);
  });

  it('missing bottom, duplicate top, bad weights, no inputs', async () => {
    await expectCode(createSession(withLayers(base(), (ls) => [...ls, relu('r', 'nope', 'r')]), opts), 'E_FORMAT', 'r');
    await expectCode(createSession(withLayers(base(), (ls) => [...ls, layer('Softmax', 'again', ['fc4'], ['pool1'], { axis: 1 })]), opts), 'E_FORMAT', 'again');
    const badW = withLayers(base(), (ls) => ls.map((l) => (l.name === 'fc4' ? { ...l, blobs: [randomUniform([10, 19], rng), l.blobs[1]!] } : l)));
    await expectCode(createSession(badW, opts), 'E_SHAPE', 'fc4');
    const badGroups = withLayers(base(), (ls) => [...ls.slice(0, 1), conv(rng, 'g', 'conv1', 'g', 8, { numOutput: 6, group: 4 }), ...ls.slice(1)]);
    await expectCode(createSession(badGroups, opts), 'E_SHAPE', 'g');
    await expectCode(createSession({ ...base(), inputs: [] }, opts), 'E_FORMAT');
    await expectCode(createSession(base(), { backends: ['js'], fallback: 'sometimes' as never }), 'E_ARGUMENT');
    await expectCode(createSession(base(), { backends: ['not-registered'] }), 'E_BACKEND');
  });

  it('bad feeds: typed errors; disposed sessions: E_DISPOSED', async () => {
    const net = base();
    const s = await createSession(net, opts);
    await expectCode(s.run({}), 'E_ARGUMENT');
    await expectCode(s.run({ data: randomUniform([1, 3, 17, 17], rng), extra: randomUniform([1], rng) }), 'E_ARGUMENT');
    await expectCode(s.run({ data: randomUniform([1, 3, 16, 17], rng) }), 'E_SHAPE');
    await expectCode(s.run({ data: randomUniform([3, 17, 17], rng) }), 'E_SHAPE');
    await expectCode(s.run({ data: { dtype: 'int32', shape: [1, 3, 17, 17], data: new Int32Array(867) } as never }), 'E_SHAPE');
    await expectCode(s.run({ data: { dtype: 'float32', shape: [1, 3, 17, 17], data: new Float32Array(5) } }), 'E_SHAPE');
    s.dispose();
    await expectCode(s.run({ data: randomUniform([1, 3, 17, 17], rng) }), 'E_DISPOSED');
  });
});
