/** Where the real inputs come from: ../shared/data beside the checkout (SPARSECNN_DATA overrides). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** apps/fuzz/{src,dist,test} -> repository root -> ../shared/data. */
export const DATA = process.env['SPARSECNN_DATA'] ?? resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');

export function dataPath(rel: string): string {
  return join(DATA, rel);
}

export function haveData(...rels: string[]): boolean {
  return rels.every((r) => existsSync(dataPath(r)));
}

export function readData(rel: string): Uint8Array {
  const p = dataPath(rel);
  if (!existsSync(p)) throw new Error(`missing data file ${p} (the fuzzer mutates the real files under ../shared/data)`);
  return new Uint8Array(readFileSync(p));
}

export function readDataText(rel: string): string {
  return new TextDecoder().decode(readData(rel));
}

/** Every file under data/<dir> whose name ends with `ext`, as paths relative to DATA. */
export function findData(dir: string, ext: string): string[] {
  const base = dataPath(dir);
  if (!existsSync(base)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) out.push(relative(DATA, p));
    }
  };
  walk(base);
  return out;
}
