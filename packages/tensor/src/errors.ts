/**
 * Stable error codes. Callers branch on `error.code`, never on the message text.
 *
 * - `E_ARGUMENT`: a call's arguments are invalid (wrong type, negative size, unknown option).
 * - `E_SHAPE`: tensor shapes or dtypes do not fit the operation or the model.
 * - `E_RANGE`: an index or value is out of its valid range (sparse indices, NaN/Inf where forbidden).
 * - `E_OVERFLOW`: a size computation exceeds what can be allocated or addressed.
 * - `E_FORMAT`: a file or buffer is malformed (bad magic, bad field, wrong structure).
 * - `E_TRUNCATED`: a file or buffer ends before its declared content.
 * - `E_CHECKSUM`: stored data does not match its checksum.
 * - `E_VERSION`: a file format version this build cannot read.
 * - `E_PARSE`: a text file (prototxt, MatrixMarket) does not parse; line and column are set.
 * - `E_UNSUPPORTED`: a valid request this library does not implement (layer type, op on a backend).
 * - `E_BACKEND`: no backend could be loaded, or a backend failed.
 * - `E_IO`: reading or writing a file failed.
 * - `E_DISPOSED`: a handle was used after `dispose()`.
 */
export type ErrorCode =
  | 'E_ARGUMENT'
  | 'E_SHAPE'
  | 'E_RANGE'
  | 'E_OVERFLOW'
  | 'E_FORMAT'
  | 'E_TRUNCATED'
  | 'E_CHECKSUM'
  | 'E_VERSION'
  | 'E_PARSE'
  | 'E_UNSUPPORTED'
  | 'E_BACKEND'
  | 'E_IO'
  | 'E_DISPOSED';

/** Where an error happened, when that is known. Every field is optional. */
export interface ErrorContext {
  /** The file being read or written. */
  readonly file?: string;
  /** 1-based line in a text file. */
  readonly line?: number;
  /** 1-based column in a text file. */
  readonly column?: number;
  /** Byte offset in a binary file or buffer. */
  readonly offset?: number;
  /** The layer (Caffe layer name) concerned. */
  readonly layer?: string;
  /** The op (kernel name) concerned. */
  readonly op?: string;
  /** The backend concerned. */
  readonly backend?: string;
}

function locate(ctx: ErrorContext): string {
  const parts: string[] = [];
  if (ctx.file !== undefined) {
    let where = ctx.file;
    if (ctx.line !== undefined) where += `:${ctx.line}${ctx.column !== undefined ? `:${ctx.column}` : ''}`;
    parts.push(where);
  } else if (ctx.line !== undefined) {
    parts.push(`line ${ctx.line}${ctx.column !== undefined ? `, column ${ctx.column}` : ''}`);
  }
  if (ctx.offset !== undefined) parts.push(`byte ${ctx.offset}`);
  if (ctx.layer !== undefined) parts.push(`layer '${ctx.layer}'`);
  if (ctx.op !== undefined) parts.push(`op ${ctx.op}`);
  if (ctx.backend !== undefined) parts.push(`backend ${ctx.backend}`);
  return parts.join(', ');
}

/**
 * The one error class of sparsecnn. `code` is stable; `context` says which file, line, layer or op; the message
 * starts with the location so that a user reading a log sees at once where to look.
 */
export class SparseCnnError extends Error {
  override readonly name = 'SparseCnnError';
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    const where = locate(context);
    super(where ? `${where}: ${message}` : message, options);
    this.code = code;
    this.context = context;
  }

  /** A copy of this error with more context (e.g. the file name added by an outer reader). */
  withContext(context: ErrorContext): SparseCnnError {
    const merged = { ...context, ...this.context };
    const bare = this.bareMessage();
    const err = new SparseCnnError(this.code, bare, merged, { cause: this.cause });
    return err;
  }

  /** The message without its location prefix. */
  bareMessage(): string {
    const where = locate(this.context);
    return where && this.message.startsWith(`${where}: `) ? this.message.slice(where.length + 2) : this.message;
  }
}

/** True when `e` is a SparseCnnError, optionally with the given code. Works across duplicate package copies. */
export function isSparseCnnError(e: unknown, code?: ErrorCode): e is SparseCnnError {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { name?: unknown; code?: unknown };
  return err.name === 'SparseCnnError' && typeof err.code === 'string' && (code === undefined || err.code === code);
}

/** Throw an E_ARGUMENT error unless `cond` holds. */
export function check(cond: unknown, code: ErrorCode, message: string | (() => string), context?: ErrorContext): asserts cond {
  if (!cond) throw new SparseCnnError(code, typeof message === 'function' ? message() : message, context);
}
