import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line usage error (unknown flag, missing or malformed argument): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into UsageError. */
export function parseCommandArgs<O extends OptionsConfig>(
  argv: readonly string[],
  options: O,
  command: string,
): { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new UsageError(msg.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
}

export function stringOpt(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function boolOpt(values: Record<string, unknown>, name: string): boolean {
  return values[name] === true;
}

/** A numeric flag: finite, optionally an integer and within [min, max]. */
export function numberOpt(
  values: Record<string, unknown>,
  name: string,
  command: string,
  { integer = false, min = -Infinity, max = Infinity }: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  const raw = stringOpt(values, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const what = integer ? 'an integer' : 'a number';
    const range = min > -Infinity && max < Infinity ? ` in [${min}, ${max}]` : min > -Infinity ? ` >= ${min}` : '';
    throw new UsageError(`--${name} must be ${what}${range}, got '${raw}'`, command);
  }
  return v;
}

/** A comma-separated list of numbers, e.g. --mean 104,117,123. */
export function numberListOpt(values: Record<string, unknown>, name: string, command: string): number[] | undefined {
  const raw = stringOpt(values, name);
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
    throw new UsageError(`--${name} must be a comma-separated list of numbers, got '${raw}'`, command);
  }
  return nums;
}
