import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '@sparsecnn/tensor';
import { expect } from 'vitest';
import { crc32 } from '../src/crc32.js';

/** `/work/shared/data` resolved relative to the repository (`../shared/data` from the repo root). */
export const DATA_DIR = resolve(import.meta.dirname, '../../../../shared/data');

export const CAFFENET_MTX_DIR = join(DATA_DIR, 'models/skimcaffe/caffenet_pruned_l1_acc0.56256_mtx');
export const LENET_MTX_DIRS = [
  join(DATA_DIR, 'models/skimcaffe/lenet_pruned_acc0.9846_mtx'),
  join(DATA_DIR, 'models/skimcaffe/lenet_pruned_acc0.9865_mtx'),
];

export const IN_CI = process.env.CI === 'true';

/** Read a data file; under CI a missing file throws (the test fails), otherwise returns undefined (the test skips). */
export function readDataText(path: string): string | undefined {
  if (!existsSync(path)) {
    if (IN_CI) throw new Error(`required data file is missing: ${path}`);
    return undefined;
  }
  return readFileSync(path, 'utf8');
}

export function dataAvailable(path: string): boolean {
  if (existsSync(path)) return true;
  if (IN_CI) throw new Error(`required data file is missing: ${path}`);
  return false;
}

/**
 * Run `fn` with a fresh seeded generator. On failure the error message gains the seed, so that the run can be
 * replayed with `SPARSE_SEED=<seed>`.
 */
export function withSeed<T>(label: string, fn: (rng: Rng) => T): T {
  const env = process.env.SPARSE_SEED;
  const rng = new Rng(env !== undefined ? Number(env) : Rng.freshSeed());
  try {
    return fn(rng);
  } catch (e) {
    if (e instanceof Error) e.message = `[${label}: seed ${rng.seed}, replay with SPARSE_SEED=${rng.seed}] ${e.message}`;
    throw e;
  }
}

/** Expect two Float32Arrays to be identical bit for bit (so -0 vs 0 and NaN payloads are told apart). */
export function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) {
      throw new Error(`${what}: element ${i} differs: ${actual[i]} (0x${a[i]!.toString(16)}) vs ${expected[i]} (0x${e[i]!.toString(16)})`);
    }
  }
}

/** Expect two integer arrays to hold the same numbers. */
export function expectSameInts(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) throw new Error(`${what}: element ${i} differs: ${actual[i]} vs ${expected[i]}`);
  }
}

/** A dense row-major matrix with the given density of non-zero float32 values (never 0 or -0). */
export function randomDense(rng: Rng, rows: number, cols: number, density: number): Float32Array {
  const d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) {
    if (rng.next() < density) {
      let v = 0;
      while (v === 0) v = Math.fround(rng.normal(0, rng.pick([1e-3, 1, 1e4])));
      d[i] = v;
    }
  }
  return d;
}

/** Recompute the CRC of a (mutated) compact sparse matrix so that the structural checks behind it are reached. */
export function resealSparse(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 36) return bytes;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv.setUint32(32, crc32(bytes, 36, bytes.length, crc32(bytes, 0, 32)), true);
  return bytes;
}
