/** The /data route: only regular files inside the folder, streamed with Content-Length; fetchBytes over it. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, isSparseCnnError } from '@sparsecnn/tensor';
import { dataFile, dataHandler, resolveDataDir } from '../server/data.js';
import { fetchBytes } from '../src/lib/fetch-progress.js';

const SEED = Number(process.env['SPARSECNN_SEED'] ?? Date.now() % 2 ** 31);
let root = '';
let dir = '';
let server: Server | undefined;
let base = '';
let payload = new Uint8Array(0);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sparsecnn-demo-'));
  dir = join(root, 'data');
  mkdirSync(join(dir, 'models', 'x'), { recursive: true });
  const rng = new Rng(SEED);
  payload = new Uint8Array(300_000).map(() => Math.floor(rng.next() * 256));
  writeFileSync(join(dir, 'models', 'x', 'w.bin'), payload);
  writeFileSync(join(dir, 'a b.txt'), 'hello\n');
  writeFileSync(join(root, 'secret.txt'), 'outside\n');
  symlinkSync(join(root, 'secret.txt'), join(dir, 'link.txt'));
  const handle = dataHandler(dir);
  server = createServer((req, res) => {
    if (req.url === '/broken') {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write(new Uint8Array(10));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (!req.url?.startsWith('/data/')) {
      res.writeHead(404).end();
      return;
    }
    req.url = req.url.slice('/data'.length);
    handle(req, res, () => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  rmSync(root, { recursive: true, force: true });
});

describe('data folder route', () => {
  it('maps request paths to regular files inside the folder only', () => {
    expect(dataFile(dir, '/models/x/w.bin')).toEqual({ path: join(dir, 'models', 'x', 'w.bin'), size: payload.length });
    expect(dataFile(dir, '/a%20b.txt?v=2')).toEqual({ path: join(dir, 'a b.txt'), size: 6 });
    for (const bad of ['/', '/models', '/../secret.txt', '/%2e%2e/secret.txt', '/models/../../secret.txt', '/link.txt', '/nope',
      '/a%00b', '/%E0%A4%A', '/..%5csecret.txt']) {
      expect(dataFile(dir, bad), bad).toBeNull();
    }
  });

  it('SPARSECNN_DATA overrides ../shared/data beside the repository', () => {
    expect(resolveDataDir('/x/y', { SPARSECNN_DATA: '/some/where' })).toBe('/some/where');
    const app = resolve(import.meta.dirname, '..');
    expect(resolveDataDir(app, {})).toBe(resolve(app, '..', '..', '..', 'shared', 'data'));
  });

  it('streams a file with its length and isolation headers; 404 and 405 otherwise', async () => {
    const seen: Array<[number, number | null]> = [];
    const got = await fetchBytes(`${base}/data/models/x/w.bin`, (loaded, total) => seen.push([loaded, total]));
    expect(Buffer.from(got).equals(Buffer.from(payload)), "the body is the file").toBe(true);
    expect(seen.at(-1)).toEqual([payload.length, payload.length]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
    const head = await fetch(`${base}/data/models/x/w.bin`, { method: "HEAD" });
    expect(head.headers.get('content-length')).toBe(String(payload.length));
    expect(head.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(head.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    for (const [path, method, status] of [['/data/link.txt', 'GET', 404], ['/data/models/x/w.bin', 'POST', 405]] as const) {
      const r = await fetch(`${base}${path}`, { method });
      await r.arrayBuffer();
      expect(r.status, `${method} ${path}`).toBe(status);
    }
  });

  it('fetchBytes turns HTTP errors and broken downloads into E_IO / E_TRUNCATED errors naming the URL', async () => {
    for (const [path, code] of [['/data/missing.bin', 'E_IO'], ['/broken', 'E_IO']] as const) {
      const err = await fetchBytes(`${base}${path}`).then(() => null, (e: unknown) => e);
      expect(isSparseCnnError(err), String(err)).toBe(true);
      expect((err as { code: string }).code, path).toBe(code);
      expect((err as Error).message).toContain(path);
    }
    const refused = await fetchBytes('http://127.0.0.1:1/x').then(() => null, (e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('E_IO');
  });
});
