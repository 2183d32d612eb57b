import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../../tooling/repo-root/index.js';
import { sharedDataDir } from '../src/lib/files.js';

describe('repo root and shared data (tooling/repo-root)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sparsecnn-root-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds the nearest folder holding pnpm-workspace.yaml, from a file path or a folder, else undefined', () => {
    const outer = join(tmp, 'outer');
    const inner = join(outer, 'nested', 'repo');
    mkdirSync(join(inner, 'apps', 'x', 'src'), { recursive: true });
    writeFileSync(join(outer, 'pnpm-workspace.yaml'), '');
    writeFileSync(join(inner, 'pnpm-workspace.yaml'), '');
    expect(findRepoRoot(join(inner, 'apps', 'x', 'src'))).toBe(inner);
    expect(findRepoRoot(join(inner, 'apps', 'x', 'src', 'missing.ts'))).toBe(inner);
    expect(findRepoRoot(join(outer, 'nested'))).toBe(outer);
    expect(findRepoRoot(join(tmp, 'elsewhere'))).toBeUndefined();
  });

  it('this checkout: the root holds apps/cli, and the shared data dir is ../shared/data unless SPARSECNN_DATA is set', () => {
    const root = findRepoRoot(import.meta.dirname);
    expect(root).toBe(resolve(import.meta.dirname, '..', '..', '..'));
    const saved = process.env['SPARSECNN_DATA'];
    try {
      delete process.env['SPARSECNN_DATA'];
      expect(sharedDataDir()).toBe(resolve(root!, '..', 'shared', 'data'));
      process.env['SPARSECNN_DATA'] = join(tmp, 'data');
      expect(sharedDataDir()).toBe(join(tmp, 'data'));
    } finally {
      if (saved === undefined) delete process.env['SPARSECNN_DATA'];
      else process.env['SPARSECNN_DATA'] = saved;
    }
  });
});
