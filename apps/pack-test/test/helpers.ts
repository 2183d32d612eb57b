/** Helpers of the pack-install round trip: package discovery, child processes, tarball and ELF inspection. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

export interface Publishable {
  /** Folder relative to the repository root, e.g. 'packages/runtime' or 'apps/cli'. */
  readonly dir: string;
  readonly name: string;
  readonly version: string;
}

/** Every non-private workspace package under packages/ and apps/ (new packages are picked up without edits here). */
export function publishablePackages(repo: string): Publishable[] {
  const out: Publishable[] = [];
  for (const group of ['packages', 'apps']) {
    const base = join(repo, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string; private?: boolean };
      if (pkg.private === true || !pkg.name || !pkg.version) continue;
      out.push({ dir: relative(repo, join(base, name)), name: pkg.name, version: pkg.version });
    }
  }
  return out;
}

/** The file name `pnpm pack` / `npm pack` gives a package's tarball. */
export function tarballName(p: Publishable): string {
  return `${p.name.replace(/^@/, '').replace('/', '-')}-${p.version}.tgz`;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The environment for child package managers and examples: without the npm_* / pnpm_* variables that `pnpm exec` and
 * `pnpm test` put there (they would point the child at this workspace), and without vitest's own.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|npm_config_)/i.test(k) || /^VITEST/.test(k) || k === 'NODE_OPTIONS' || k === 'INIT_CWD') continue;
    if (k.startsWith('SPARSECNN_')) continue; // the examples must see a user's default environment
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Run a command to completion (killed after `timeoutMs`), capturing its output. */
export function run(cmd: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** `cmd args` and its output, for assertion messages. */
export function describeRun(what: string, r: RunResult): string {
  return `${what} exited ${r.code}\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
}

/** Section names of an ELF64 little-endian file (throws on anything else). */
export function elfSectionNames(bytes: Uint8Array): string[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, false) !== 0x7f454c46) throw new Error('not an ELF file');
  if (bytes[4] !== 2 || bytes[5] !== 1) throw new Error('not ELF64 little-endian');
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true);
  const shnum = dv.getUint16(0x3c, true);
  const shstrndx = dv.getUint16(0x3e, true);
  if (shoff + shnum * shentsize > bytes.length || shstrndx >= shnum) throw new Error('ELF section table out of bounds');
  const strOff = Number(dv.getBigUint64(shoff + shstrndx * shentsize + 0x18, true));
  const names: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const nameOff = dv.getUint32(shoff + i * shentsize, true);
    let end = strOff + nameOff;
    while (end < bytes.length && bytes[end] !== 0) end++;
    names.push(new TextDecoder().decode(bytes.subarray(strOff + nameOff, end)));
  }
  return names;
}

/** The `<backend> p0 p1 ... p9` line the README example prints first. */
export interface ExampleOutput {
  readonly backend: string;
  readonly prob: number[];
}

export function parseExampleOutput(stdout: string): ExampleOutput {
  const first = stdout.split('\n')[0] ?? '';
  const [backend, ...rest] = first.trim().split(/\s+/);
  return { backend: backend ?? '', prob: rest.map(Number) };
}

/** Node's printed warnings of the SparseCnnWarning type (one line each). */
export function sparsecnnWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.includes('SparseCnnWarning'));
}

/** Debian's chromium (SPARSECNN_CHROMIUM overrides): present, or installed with apt when root. Why not, or null. */
export function ensureChromium(path = process.env.SPARSECNN_CHROMIUM ?? '/usr/bin/chromium'): string | null {
  if (existsSync(path)) return null;
  if (path !== '/usr/bin/chromium') return `${path} (SPARSECNN_CHROMIUM) does not exist`;
  if (process.getuid?.() !== 0) return `${path} is missing and installing it needs root (apt-get install chromium)`;
  const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
    stdio: ['ignore', 'ignore', 'pipe'], timeout: 15 * 60_000, encoding: 'utf8',
  });
  return existsSync(path) ? null : `apt-get install chromium failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-500)}`;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
};

/** Serve a folder's files on a free loopback port (GET only, nothing outside the folder). */
export function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = resolve(base, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
    const file = path === base ? join(base, 'index.html') : path;
    if (req.method !== 'GET' || !file.startsWith(base + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((res, rej) => {
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      res({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
    });
  });
}
