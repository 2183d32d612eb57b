import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SparseCnnError } from '@sparsecnn/tensor';
import { findRepoRoot } from '../../../../tooling/repo-root/index.js';

/** Read a whole file; a missing or unreadable file is an E_IO error naming it. */
export function readFileOrThrow(path: string): Uint8Array {
  try {
    const buf = readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw ioError(path, e);
  }
}

export function readTextOrThrow(path: string): string {
  return new TextDecoder().decode(readFileOrThrow(path));
}

/** Throw E_IO naming `path` unless it is an existing regular file. */
export function requireFile(path: string, what = 'file'): void {
  let ok = false;
  try {
    ok = statSync(path).isFile();
  } catch (e) {
    throw ioError(path, e, what);
  }
  if (!ok) throw new SparseCnnError('E_IO', `${what} is not a regular file`, { file: path });
}

export function ioError(path: string, e: unknown, what = 'file'): SparseCnnError {
  const code = (e as { code?: string } | null)?.code;
  const reason =
    code === 'ENOENT' ? `${what} not found` : code === 'EACCES' ? `${what} is not readable` : code === 'EISDIR' ? `${what} is a directory` : `cannot read ${what}: ${e instanceof Error ? e.message : String(e)}`;
  return new SparseCnnError('E_IO', reason, { file: path }, { cause: e });
}

/**
 * The shared real-data folder: $SPARSECNN_DATA, else `../shared/data` next to the repository holding this module. May not exist (a fresh
 * clone has no shared data); callers check.
 */
export function sharedDataDir(): string | undefined {
  const env = process.env['SPARSECNN_DATA'];
  if (env) return resolve(env);
  const root = findRepoRoot(import.meta.dirname);
  return root === undefined ? undefined : resolve(root, '..', 'shared', 'data');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}
