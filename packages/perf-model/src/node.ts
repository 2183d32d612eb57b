import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SparseCnnError } from '@sparsecnn/tensor';
import type { KernelBackend } from '@sparsecnn/kernels-api';
import { calibrate, type CalibrateOptions } from './calibrate.js';
import { parseProfile, profileFileName, type MachineProfile } from './profile.js';

/** Where profiles are cached: SPARSECNN_CACHE_DIR, else ~/.cache/sparsecnn. */
export function defaultProfileDir(): string {
  return process.env.SPARSECNN_CACHE_DIR ?? join(homedir(), '.cache', 'sparsecnn');
}

export async function readProfile(file: string): Promise<MachineProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot read machine profile: ${(e as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `machine profile is not JSON: ${(e as Error).message}`, { file });
  }
  return parseProfile(json, file);
}

/** Write atomically (temporary file + rename): a failed write never leaves a half profile. */
export async function writeProfile(file: string, profile: MachineProfile): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * The cached profile of this backend (+ ISA + threads), calibrating and caching it when absent, stale in version,
 * or when `recalibrate` is set.
 */
export async function loadOrCalibrate(
  backend: KernelBackend,
  options: CalibrateOptions & { dir?: string; recalibrate?: boolean } = {},
): Promise<{ profile: MachineProfile; file: string; fresh: boolean }> {
  const info = backend.info();
  const dir = options.dir ?? defaultProfileDir();
  const file = join(dir, profileFileName(info.name, info.isa, info.threads));
  if (!options.recalibrate) {
    try {
      return { profile: await readProfile(file), file, fresh: false };
    } catch {
      // absent or unreadable: calibrate below
    }
  }
  const profile = await calibrate(backend, options);
  try {
    await mkdir(dir, { recursive: true });
    await writeProfile(file, profile);
  } catch {
    // caching is best effort (read-only home): the profile is still returned
  }
  return { profile, file, fresh: true };
}
