import { isSparseCnnError } from '@sparsecnn/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendOptions, BackendProvider, KernelBackend } from './backend.js';
import type { KernelTable } from './ops.js';
import {
  backendStatus, kernelFor, registerBackend, registeredBackends, resolveBackend, resolveBackendChain,
  resolveBackendsWithReport, unregisterBackend, type BackendFallbackWarning,
} from './registry.js';

function fakeBackend(name: string, kernels: Partial<KernelTable> = {}): KernelBackend {
  return { name, kernels, info: () => ({ name, isa: 'js', threads: 1, version: '0' }), dispose: () => {} };
}

interface FakeOptions {
  priority: number;
  supported?: boolean | string;
  fail?: string;
  delayMs?: number;
  kernels?: Partial<KernelTable>;
}

/** A provider that counts create() calls; registered names are removed after each test. */
function fake(name: string, o: FakeOptions): BackendProvider & { creates: number; options: Array<BackendOptions | undefined> } {
  const p = {
    name,
    priority: o.priority,
    creates: 0,
    options: [] as Array<BackendOptions | undefined>,
    isSupported: () => o.supported ?? true,
    async create(options?: BackendOptions) {
      p.creates++;
      p.options.push(options);
      if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
      if (o.fail) throw new Error(o.fail);
      return fakeBackend(name, o.kernels);
    },
  };
  registerBackend(p);
  return p;
}

afterEach(() => {
  for (const p of registeredBackends()) unregisterBackend(p.name);
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('registry', () => {
  it('gives threads to the first backend of a chain only (fallbacks behind it start no idle workers)', async () => {
    const a = fake('first-fails', { priority: 40, fail: 'no addon here' });
    const b = fake('primary', { priority: 30 });
    const c = fake('fallback', { priority: 20 });
    const { chain } = await resolveBackendsWithReport(undefined, { threads: 2, isa: 'avx2' }, { onWarning: () => {} });
    expect(chain.map((k) => k.name)).toEqual(['primary', 'fallback']);
    expect(a.options).toEqual([{ threads: 2, isa: 'avx2' }]);
    expect(b.options).toEqual([{ threads: 2, isa: 'avx2' }]);
    expect(c.options).toEqual([{ isa: 'avx2' }]);
  });

  it('resolves by priority, highest first, and the chain keeps that order', async () => {
    fake('low', { priority: 10 });
    fake('high', { priority: 30 });
    fake('mid', { priority: 20 });
    expect((await resolveBackend()).name).toBe('high');
    expect((await resolveBackendChain()).map((b) => b.name)).toEqual(['high', 'mid', 'low']);
    expect(backendStatus().map((s) => [s.name, s.state])).toEqual([['high', 'ready'], ['mid', 'ready'], ['low', 'ready']]);
  });

  it('follows hints in the given order, even below a higher priority', async () => {
    fake('low', { priority: 10 });
    fake('high', { priority: 30 });
    expect((await resolveBackend(['low', 'high'])).name).toBe('low');
  });

  it('rejects an unregistered hint with E_BACKEND naming the registered backends', async () => {
    fake('js-like', { priority: 10 });
    const e = await rejection(resolveBackend(['nope']));
    expect(isSparseCnnError(e, 'E_BACKEND')).toBe(true);
    expect(String((e as Error).message)).toMatch(/nope.*js-like/);
  });

  it('uses a negative priority only when asked by name', async () => {
    const hidden = fake('hidden', { priority: -1 });
    fake('visible', { priority: 1 });
    expect((await resolveBackend()).name).toBe('visible');
    expect(hidden.creates).toBe(0);
    expect((await resolveBackend(['hidden'])).name).toBe('hidden');
  });

  it('skips a failing backend, records its error, and loads the next one', async () => {
    fake('broken', { priority: 30, fail: 'addon missing: build it' });
    fake('ok', { priority: 10 });
    expect((await resolveBackend()).name).toBe('ok');
    const status = backendStatus().find((s) => s.name === 'broken');
    expect(status?.state).toBe('failed');
    expect(status?.error).toContain('addon missing');
  });

  it('records the reason of an unsupported backend without calling create()', async () => {
    const simd = fake('simd', { priority: 30, supported: 'WebAssembly SIMD is not available' });
    const plain = fake('plain', { priority: 20, supported: false });
    fake('ok', { priority: 10 });
    expect((await resolveBackend()).name).toBe('ok');
    expect(simd.creates).toBe(0);
    expect(plain.creates).toBe(0);
    const byName = new Map(backendStatus().map((s) => [s.name, s]));
    expect(byName.get('simd')).toMatchObject({ state: 'unsupported', error: 'WebAssembly SIMD is not available' });
    expect(byName.get('plain')).toMatchObject({ state: 'unsupported', error: 'not supported on this platform' });
  });

  it('throws one E_BACKEND error listing every backend with its reason when none loads', async () => {
    fake('native-ish', { priority: 30, fail: 'no prebuild for linux-riscv64' });
    fake('wasm-ish', { priority: 20, supported: 'no WebAssembly' });
    fake('js-ish', { priority: 10, fail: 'disabled by test' });
    const e = await rejection(resolveBackend());
    expect(isSparseCnnError(e, 'E_BACKEND')).toBe(true);
    const msg = (e as Error).message;
    expect(msg).toContain('native-ish: no prebuild for linux-riscv64');
    expect(msg).toContain('wasm-ish: no WebAssembly');
    expect(msg).toContain('js-ish: disabled by test');
    expect(msg).toContain('Possible solutions');
    const chainError = await rejection(resolveBackendChain());
    expect(isSparseCnnError(chainError, 'E_BACKEND')).toBe(true);
  });

  it('reports an empty registry in the error', async () => {
    const e = await rejection(resolveBackend());
    expect(isSparseCnnError(e, 'E_BACKEND')).toBe(true);
    expect((e as Error).message).toContain('no backend is registered');
  });

  it('retries a backend that failed on a later call', async () => {
    let attempts = 0;
    registerBackend({
      name: 'flaky', priority: 5, isSupported: () => true,
      create: async () => {
        if (++attempts === 1) throw new Error('first load fails');
        return fakeBackend('flaky');
      },
    });
    await expect(resolveBackend(['flaky'])).rejects.toThrow(/first load fails/);
    expect((await resolveBackend(['flaky'])).name).toBe('flaky');
    expect(attempts).toBe(2);
  });

  it('shares one instance among concurrent resolves, and caches it per options', async () => {
    const slow = fake('slow', { priority: 10, delayMs: 20 });
    const all = await Promise.all([resolveBackend(), resolveBackend(), resolveBackendChain(), resolveBackend(['slow'])]);
    expect(slow.creates).toBe(1);
    const first = all[0];
    expect(all[1]).toBe(first);
    expect(all[2][0]).toBe(first);
    expect(all[3]).toBe(first);
    const scalar = await resolveBackend(undefined, { isa: 'scalar' });
    expect(scalar).not.toBe(first);
    expect(slow.creates).toBe(2);
    expect(slow.options[1]).toEqual({ isa: 'scalar' });
    expect(await resolveBackend(undefined, { isa: 'scalar' })).toBe(scalar);
  });

  it('replaces a provider registered twice under one name', async () => {
    fake('dup', { priority: 10, fail: 'old' });
    fake('dup', { priority: 10 });
    expect(registeredBackends().filter((p) => p.name === 'dup')).toHaveLength(1);
    expect((await resolveBackend(['dup'])).name).toBe('dup');
  });

  it('rejects malformed providers', () => {
    expect(() => registerBackend({ name: '', priority: 1 } as unknown as BackendProvider)).toThrow(/provider/);
    expect(() => registerBackend({ name: 'x', priority: Number.NaN, isSupported: () => true, create: async () => fakeBackend('x') })).toThrow(/priority/);
  });
});

describe('kernelFor', () => {
  const reluFast: KernelTable['relu'] = (input) => ({ ...input, shape: [...input.shape], data: input.data.map(() => 1) });
  const softmaxOnly: Partial<KernelTable> = {
    softmax(input) {
      // `this` must be the kernel table the op came from
      if (this !== softmaxOnly) throw new Error('unbound');
      return input;
    },
  };

  it('falls back per op along the chain and binds the kernel to its table', async () => {
    fake('fast', { priority: 30, kernels: { relu: reluFast } });
    fake('full', { priority: 10, kernels: softmaxOnly });
    const chain = await resolveBackendChain();
    expect(kernelFor(chain, 'relu').backend.name).toBe('fast');
    const soft = kernelFor(chain, 'softmax');
    expect(soft.backend.name).toBe('full');
    const x = { dtype: 'float32' as const, shape: [1, 2], data: new Float32Array(2) };
    expect(soft.kernel(x, { axis: 1 })).toBe(x);
  });

  it('throws E_UNSUPPORTED naming the op and every backend tried', async () => {
    fake('fast', { priority: 30, kernels: { relu: reluFast } });
    fake('other', { priority: 10 });
    const chain = await resolveBackendChain();
    let err: unknown;
    try {
      kernelFor(chain, 'lrn');
    } catch (e) {
      err = e;
    }
    expect(isSparseCnnError(err, 'E_UNSUPPORTED')).toBe(true);
    expect((err as Error).message).toMatch(/lrn.*fast, other/);
    expect(() => kernelFor([], 'relu')).toThrow(/none/);
  });
});

describe('fallback warnings and the report', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reports each backend skipped before the first that loads, with its reason, to onWarning', async () => {
    fake('native-ish', { priority: 30, fail: 'addon missing for onWarning test' });
    fake('wasm-ish', { priority: 20, supported: 'WebAssembly SIMD is not available' });
    fake('js-ish', { priority: 10 });
    const got: BackendFallbackWarning[] = [];
    const { chain, report } = await resolveBackendsWithReport(undefined, undefined, { onWarning: (w) => got.push(w) });
    expect(chain.map((b) => b.name)).toEqual(['js-ish']);
    expect(got.map((w) => [w.from, w.to, w.code])).toEqual([
      ['native-ish', 'js-ish', 'SPARSECNN_BACKEND_FALLBACK'],
      ['wasm-ish', 'js-ish', 'SPARSECNN_BACKEND_FALLBACK'],
    ]);
    expect(got[0]!.reason).toBe('addon missing for onWarning test');
    expect(got[0]!.message).toMatch(/'native-ish'.*'js-ish'.*addon missing for onWarning test/);
    expect(got[1]!.reason).toBe('WebAssembly SIMD is not available');
    expect(report.requested).toBeNull();
    expect(report.loaded).toEqual(['js-ish']);
    expect(report.attempts).toEqual([
      { name: 'native-ish', state: 'failed', reason: 'addon missing for onWarning test' },
      { name: 'wasm-ish', state: 'unsupported', reason: 'WebAssembly SIMD is not available' },
      { name: 'js-ish', state: 'ready' },
    ]);
    expect(report.fallbacks).toEqual(got);
  });

  it('warns through process.emitWarning once per process per (from, to, reason)', async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    fake('top', { priority: 30, fail: 'once-only reason A' });
    fake('bottom', { priority: 10 });
    await resolveBackend();
    await resolveBackendChain();
    await resolveBackend();
    expect(emit).toHaveBeenCalledTimes(1);
    const [message, opts] = emit.mock.calls[0]! as unknown as [string, { type: string; code: string }];
    expect(message).toMatch(/'top' backend is not used, falling back to 'bottom'.*once-only reason A/);
    expect(opts).toEqual({ type: 'SparseCnnWarning', code: 'SPARSECNN_BACKEND_FALLBACK' });
    // Another reason is another warning; the same one again is not.
    fake('top', { priority: 30, fail: 'once-only reason B' });
    await resolveBackend();
    await resolveBackend();
    expect(emit).toHaveBeenCalledTimes(2);
    expect(String(emit.mock.calls[1]![0])).toContain('once-only reason B');
  });

  it('falls back to console.warn where there is no process.emitWarning (browsers)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const saved = process.emitWarning;
    (process as { emitWarning?: unknown }).emitWarning = undefined;
    try {
      fake('wasm-like', { priority: 20, fail: 'fetch https://example.test/k.wasm: 404 Not Found' });
      fake('js-like', { priority: 10 });
      expect((await resolveBackend()).name).toBe('js-like');
      await resolveBackend();
    } finally {
      process.emitWarning = saved;
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^SparseCnnWarning: .*'wasm-like'.*'js-like'.*404 Not Found/);
  });

  it('does not warn when the preferred backend loads, even if a lower one fails', async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    fake('best', { priority: 30 });
    fake('worse', { priority: 20, fail: 'lower backend broken' });
    fake('last', { priority: 10 });
    const { chain, report } = await resolveBackendsWithReport();
    expect(chain.map((b) => b.name)).toEqual(['best', 'last']);
    expect(report.fallbacks).toEqual([]);
    expect(report.attempts[1]).toEqual({ name: 'worse', state: 'failed', reason: 'lower backend broken' });
    expect(emit).not.toHaveBeenCalled();
  });

  it('throws one E_BACKEND listing each requested backend with its reason when none of them loads', async () => {
    fake('native', { priority: 30, fail: 'the addon does not exist' });
    fake('wasm', { priority: 20, supported: 'no WebAssembly' });
    fake('js', { priority: 10 });
    for (const call of [() => resolveBackend(['native', 'wasm']), () => resolveBackendChain(['native', 'wasm'])]) {
      const e = await rejection(call());
      expect(isSparseCnnError(e, 'E_BACKEND')).toBe(true);
      const msg = (e as Error).message;
      expect(msg).toContain('none of the requested backends (native, wasm) could be loaded');
      expect(msg).toContain('  - native: the addon does not exist');
      expect(msg).toContain('  - wasm: no WebAssembly');
      expect(msg).not.toMatch(/pnpm|--filter/);
    }
  });

  it('treats a requested name that is not registered as a failed candidate (one list for Node and browsers)', async () => {
    const got: BackendFallbackWarning[] = [];
    fake('wasm', { priority: 20 });
    const { chain, report } = await resolveBackendsWithReport(['native', 'wasm'], undefined, { onWarning: (w) => got.push(w) });
    expect(chain.map((b) => b.name)).toEqual(['wasm']);
    expect(report.requested).toEqual(['native', 'wasm']);
    expect(report.attempts[0]).toMatchObject({ name: 'native', state: 'not-registered' });
    expect(got).toHaveLength(1);
    expect(got[0]!.reason).toMatch(/'native' is not registered \(registered: wasm\)/);
  });
});
