/**
 * Serves the shared data folder (models, images) under /data/ from the Vite dev and preview servers, so the app
 * fetches them at run time and nothing third-party is bundled. Read-only: GET and HEAD of regular files inside the
 * folder (no listings, no path escapes, symlinks resolved and checked).
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { findRepoRoot } from '../../../tooling/repo-root/index.js';

/** Headers that make the page cross-origin isolated (SharedArrayBuffer for threaded wasm). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8', '.tsv': 'text/plain; charset=utf-8',
  '.prototxt': 'text/plain; charset=utf-8', '.json': 'application/json',
};

/** $SPARSECNN_DATA, else `../shared/data` beside the repository that holds `from`. */
export function resolveDataDir(from: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = env['SPARSECNN_DATA'];
  if (override) return resolve(override);
  const root = findRepoRoot(from) ?? resolve(from, '..', '..');
  return resolve(root, '..', 'shared', 'data');
}

/**
 * The file a request path names inside `dir` (its real path and size, from the one stat that checked it), or null
 * when it is outside, malformed or not a regular file. `urlPath` is the part after the mount point (e.g.
 * "/models/x.prototxt?v=1").
 */
export function dataFile(dir: string, urlPath: string): { path: string; size: number } | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split(/[?#]/, 1)[0] ?? '');
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0 || segments.some((s) => s === '..' || s === '.')) return null;
  let root: string;
  let file: string;
  try {
    root = realpathSync(dir);
    file = realpathSync(join(root, ...segments));
  } catch {
    return null;
  }
  if (!file.startsWith(root + sep)) return null;
  try {
    const st = statSync(file);
    return st.isFile() ? { path: file, size: st.size } : null;
  } catch {
    return null;
  }
}

/** Connect-style handler for the mount point. */
export function dataHandler(dir: string) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume(); // drain any body so the connection is not left waiting
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const found = dataFile(dir, req.url ?? '/');
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION_HEADERS }).end(`not found in the data folder\n`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(found.path).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(found.size),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...ISOLATION_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.path);
    stream.on('error', (e) => {
      res.destroy(e);
      next(e);
    });
    stream.pipe(res);
  };
}

/** Vite plugin: /data/ -> the data folder, in `vite` (dev) and `vite preview`. */
export function sharedData(options: { dir?: string; mount?: string } = {}): Plugin {
  const mount = options.mount ?? '/data';
  let dir = options.dir ?? '';
  return {
    name: 'sparsecnn-shared-data',
    configResolved(config) {
      if (!dir) dir = resolveDataDir(config.root);
      if (!existsSync(dir)) {
        config.logger.warn(`[sparsecnn-demo] data folder ${dir} does not exist: the app cannot load its models (set SPARSECNN_DATA)`);
      }
    },
    configureServer(server) {
      server.middlewares.use(mount, dataHandler(dir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(mount, dataHandler(dir));
    },
  };
}
