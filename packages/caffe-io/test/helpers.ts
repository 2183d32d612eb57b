import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared/data relative to the repository root. */
export const DATA = resolve(import.meta.dirname, '../../../../shared/data');
export const MODELS = join(DATA, 'models');

export function haveData(...paths: string[]): boolean {
  const ok = paths.every((p) => existsSync(join(DATA, p)));
  if (!ok && process.env.CI === 'true') throw new Error(`real-data file missing under ${DATA}: ${paths.join(', ')}`);
  return ok;
}

export function readData(path: string): Uint8Array {
  const b = readFileSync(join(DATA, path));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function readText(path: string): string {
  return readFileSync(join(DATA, path), 'utf8');
}

/** Every .prototxt under shared/data/models, relative to DATA. */
export function allPrototxts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.prototxt')) out.push(p.slice(DATA.length + 1));
    }
  };
  walk(MODELS);
  return out;
}
