import { SparseCnnError, isSparseCnnError, type ErrorCode } from '@sparsecnn/tensor';

export const BACKEND = 'native';
const CODES = new Set<ErrorCode>([
  'E_ARGUMENT', 'E_SHAPE', 'E_RANGE', 'E_OVERFLOW', 'E_FORMAT', 'E_TRUNCATED', 'E_CHECKSUM', 'E_VERSION', 'E_PARSE',
  'E_UNSUPPORTED', 'E_BACKEND', 'E_IO', 'E_DISPOSED',
]);

/** Turn an addon error ("E_CODE: text", with `code`) into a SparseCnnError naming the op. */
export function toSparseCnnError(e: unknown, op: string): SparseCnnError {
  if (isSparseCnnError(e)) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' && CODES.has(err.code as ErrorCode) ? (err.code as ErrorCode) : 'E_BACKEND';
  const message = String(err?.message ?? e).replace(/^E_[A-Z]+: /, '');
  return new SparseCnnError(code, message, { op, backend: BACKEND }, { cause: e });
}

/** Run `fn`, rethrowing any failure as a SparseCnnError naming `op` and the native backend. */
export function guard<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toSparseCnnError(e, op);
  }
}

/** The async form of `guard`. */
export async function guardAsync<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toSparseCnnError(e, op);
  }
}
