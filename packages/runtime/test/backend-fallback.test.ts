/**
 * Backend fallback is never silent: a backend that does not load is warned about (once per process per reason, or
 * to options.onWarning), its reason is kept in session.backendReport, and backends named explicitly that all fail
 * are one E_BACKEND error listing each with its reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerBackend, unregisterBackend, type BackendFallbackWarning } from '@sparsecnn/kernels-api';
import { Rng, compareClose, isSparseCnnError, randomUniform, type NetDescription } from '@sparsecnn/tensor';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSession } from '../src/index.js';
import { poisonSessionForTests } from '../src/session.js';
import { available } from './backends.js';
import { chainNet } from './nets.js';
import { referenceForward } from './reference.js';

const TOL = { atol: 2e-4, rtol: 2e-3 };

async function expectRunsCorrectly(net: NetDescription, session: Awaited<ReturnType<typeof createSession>>, seed: number): Promise<void> {
  const rng = new Rng(seed);
  const feeds = { data: randomUniform([1, 4, 8, 8], rng, -1, 1) };
  poisonSessionForTests(session);
  const out = await session.run(feeds);
  const ref = referenceForward(net, feeds);
  for (const name of session.outputNames) {
    const r = compareClose(out[name]!.data, ref.get(name)!.data, TOL);
    expect(r.ok, `${name}: ${r.message} (seed ${seed})`).toBe(true);
  }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/garbage.wasm') {
      res.writeHead(200, { 'content-type': 'application/wasm' });
      res.end(Buffer.from('this is not WebAssembly'));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

afterEach(() => {
  vi.restoreAllMocks();
  unregisterBackend('broken-fast');
});

describe('backend fallback', () => {
  it('warns once per process when a preferred backend whose create() throws falls back, and reports it on the session', async () => {
    const seed = Rng.freshSeed();
    const net = chainNet(new Rng(seed), 1);
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    let creates = 0;
    registerBackend({
      name: 'broken-fast', priority: 100, isSupported: () => true,
      create: async () => {
        creates++;
        throw new Error('simulated: the broken-fast addon failed to load');
      },
    });
    const first = await createSession(net);
    const second = await createSession(net);
    expect(creates).toBe(2); // a failed backend is retried, but warned about once
    const fellTo = first.backend;
    expect(fellTo).not.toBe('broken-fast');
    const fallbackCalls = emit.mock.calls.filter((c) => String(c[0]).includes("'broken-fast'"));
    expect(fallbackCalls).toHaveLength(1);
    expect(String(fallbackCalls[0]![0])).toBe(
      `the 'broken-fast' backend is not used, falling back to '${fellTo}' (slower): simulated: the broken-fast addon failed to load`,
    );
    expect(fallbackCalls[0]![1]).toEqual({ type: 'SparseCnnWarning', code: 'SPARSECNN_BACKEND_FALLBACK' });
    for (const s of [first, second]) {
      expect(s.backendReport.requested).toBeNull();
      expect(s.backendReport.attempts[0]).toEqual({
        name: 'broken-fast', state: 'failed', reason: 'simulated: the broken-fast addon failed to load',
      });
      expect(s.backendReport.fallbacks.map((w) => [w.from, w.to])).toEqual([['broken-fast', fellTo]]);
      expect(s.backendReport.loaded[0]).toBe(fellTo);
    }
    await expectRunsCorrectly(net, first, seed);
    first.dispose();
    second.dispose();
  });

  it('passes every fallback of a session to options.onWarning instead of process warnings', async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    registerBackend({
      name: 'broken-fast', priority: 100, isSupported: () => 'simulated: unsupported CPU', create: async () => {
        throw new Error('not reached');
      },
    });
    const net = chainNet(new Rng(7), 1);
    for (let i = 0; i < 2; i++) {
      const got: BackendFallbackWarning[] = [];
      const s = await createSession(net, { onWarning: (w) => got.push(w) });
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ from: 'broken-fast', reason: 'simulated: unsupported CPU', code: 'SPARSECNN_BACKEND_FALLBACK' });
      expect(s.backendReport.attempts[0]).toMatchObject({ name: 'broken-fast', state: 'unsupported' });
      s.dispose();
    }
    expect(emit).not.toHaveBeenCalled();
  });

  it('wasm given bytes that are not WebAssembly falls back to js with the reason', async () => {
    const seed = Rng.freshSeed();
    const net = chainNet(new Rng(seed), 1);
    const got: BackendFallbackWarning[] = [];
    const s = await createSession(net, {
      backends: ['wasm', 'js'], wasmBinary: new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00]), onWarning: (w) => got.push(w),
    });
    expect(s.backend).toBe('js');
    expect(got.map((w) => [w.from, w.to])).toEqual([['wasm', 'js']]);
    expect(got[0]!.reason.length).toBeGreaterThan(0);
    expect(s.backendReport.requested).toEqual(['wasm', 'js']);
    expect(s.backendReport.attempts[0]).toMatchObject({ name: 'wasm', state: 'failed' });
    await expectRunsCorrectly(net, s, seed);
    s.dispose();
  });

  it('a .wasm URL that answers 404 falls back to js, and the warning names the URL and the status', async () => {
    const got: BackendFallbackWarning[] = [];
    const url = `${base}/missing/sparsecnn-kernels.simd.wasm`;
    const s = await createSession(chainNet(new Rng(3), 1), { backends: ['wasm', 'js'], wasmPath: url, onWarning: (w) => got.push(w) });
    expect(s.backend).toBe('js');
    expect(got).toHaveLength(1);
    expect(got[0]!.reason).toContain(url);
    expect(got[0]!.reason).toContain('404');
    expect(got[0]!.reason).not.toMatch(/pnpm|--filter/);
    s.dispose();
  });

  it('throws E_BACKEND listing each explicitly named backend with its reason when none loads', async () => {
    const net = chainNet(new Rng(5), 1);
    const e = await rejection(createSession(net, { backends: ['wasm'], wasmPath: `${base}/garbage.wasm` }));
    expect(isSparseCnnError(e, 'E_BACKEND')).toBe(true);
    expect(e.message).toContain('none of the requested backends (wasm) could be loaded');
    expect(e.message).toMatch(/ - wasm: .+/);
    expect(e.message).not.toMatch(/pnpm|--filter/);

    const e2 = await rejection(createSession(net, {
      backends: ['native', 'wasm'], nativeBinding: '/nonexistent/sparsecnn.node', wasmPath: `${base}/missing.wasm`,
    }));
    expect(isSparseCnnError(e2, 'E_BACKEND')).toBe(true);
    expect(e2.message).toContain('none of the requested backends (native, wasm) could be loaded');
    expect(e2.message).toMatch(/ - native: .*\/nonexistent\/sparsecnn\.node/);
    expect(e2.message).toMatch(/ - wasm: .*missing\.wasm.*404/);
    expect(e2.message).not.toMatch(/pnpm|--filter/);
  });

  it.runIf(available.includes('native'))('does not warn when the preferred backend loads', async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const s = await createSession(chainNet(new Rng(9), 1));
    expect(s.backend).toBe('native');
    expect(s.backendReport.fallbacks).toEqual([]);
    expect(emit).not.toHaveBeenCalled();
    s.dispose();
  });
});
