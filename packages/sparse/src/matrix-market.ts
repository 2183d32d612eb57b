import { SparseCnnError, type ErrorCode } from '@sparsecnn/tensor';
import { csbToCsr } from './csb.js';
import { validateCsr } from './csr.js';
import { DEFAULT_MAX_DIMENSION } from './limits.js';
import type { CsrMatrix, SparseMatrix } from './types.js';

export interface ReadMatrixMarketOptions {
  /** File name for error messages. */
  readonly file?: string;
  /**
   * What to do when the same (row, column) appears twice (after symmetric expansion). Default `'error'`: a pruned
   * weight matrix never legitimately repeats an entry, so a repeat means a broken writer, and summing would hide it.
   * `'sum'` adds the values in float64 (in file order) and rounds once to float32, as most MatrixMarket readers do.
   */
  readonly duplicates?: 'error' | 'sum';
  /** Largest accepted row or column count (E_OVERFLOW beyond it); default `DEFAULT_MAX_DIMENSION` (2^26). */
  readonly maxDimension?: number;
}

const INT32_MAX = 0x7fffffff;
const INT_RE = /^[+-]?\d+$/;
const REAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Field = 'real' | 'integer' | 'pattern';
type Symmetry = 'general' | 'symmetric' | 'skew-symmetric';

/**
 * Read a MatrixMarket `coordinate` file into CSR (float32 values, columns ascending within each row).
 *
 * Supported: fields `real`, `integer` (values must be exactly representable in float32) and `pattern` (value 1);
 * symmetries `general`, `symmetric` and `skew-symmetric` (only the lower triangle may be stored; it is mirrored,
 * negated for skew-symmetric, whose diagonal must be empty). Indices are 1-based. Comment lines (`%`) and blank
 * lines are allowed after the banner; CRLF line ends and a leading BOM are accepted. Real values are parsed as
 * float64 and rounded once to float32. Explicit zeros are kept as stored entries. Duplicates: see `duplicates`.
 *
 * Errors: malformed text, out-of-range indices, non-finite or float32-overflowing values, wrong entry counts and
 * duplicates throw `SparseCnnError('E_PARSE')` with `{ file, line, column }`; valid MatrixMarket this reader does not
 * handle (`array` format, `complex` field, `hermitian`) throws `E_UNSUPPORTED`; dimensions beyond `maxDimension`
 * throw `E_OVERFLOW`. The declared entry count is checked against the number of lines before anything is allocated.
 */
export function readMatrixMarket(text: string, options: ReadMatrixMarketOptions = {}): CsrMatrix {
  const file = options.file;
  const duplicates = options.duplicates ?? 'error';
  const fail = (message: string, line: number, code: ErrorCode = 'E_PARSE', column?: number): never => {
    const ctx: { file?: string; line: number; column?: number } = { line };
    if (file !== undefined) ctx.file = file;
    if (column !== undefined) ctx.column = column;
    throw new SparseCnnError(code, message, ctx);
  };
  if (typeof text !== 'string') throw new SparseCnnError('E_ARGUMENT', 'readMatrixMarket expects the file text as a string');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  const lineAt = (i: number): string => {
    const s = lines[i]!;
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  };

  // Banner: %%MatrixMarket matrix coordinate <field> <symmetry>
  const banner = lineAt(0).trim().split(/\s+/);
  if (banner[0]?.toLowerCase() !== '%%matrixmarket') fail("missing '%%MatrixMarket' banner on the first line", 1, 'E_PARSE', 1);
  if (banner.length !== 5) fail(`banner needs 'matrix <format> <field> <symmetry>', got '${lineAt(0).trim()}'`, 1);
  const [object, format, fieldRaw, symRaw] = banner.slice(1).map((t) => t.toLowerCase()) as [string, string, string, string];
  if (object !== 'matrix') fail(`object '${object}' is not supported (only 'matrix')`, 1, 'E_UNSUPPORTED');
  if (format === 'array') fail("'array' (dense) MatrixMarket files are not supported; use 'coordinate'", 1, 'E_UNSUPPORTED');
  if (format !== 'coordinate') fail(`unknown format '${format}'`, 1);
  if (fieldRaw === 'complex') fail("'complex' matrices are not supported", 1, 'E_UNSUPPORTED');
  if (fieldRaw !== 'real' && fieldRaw !== 'integer' && fieldRaw !== 'pattern') fail(`unknown field '${fieldRaw}'`, 1);
  if (symRaw === 'hermitian') fail("'hermitian' matrices are not supported", 1, 'E_UNSUPPORTED');
  if (symRaw !== 'general' && symRaw !== 'symmetric' && symRaw !== 'skew-symmetric') fail(`unknown symmetry '${symRaw}'`, 1);
  const field = fieldRaw as Field;
  const symmetry = symRaw as Symmetry;

  // Size line
  let i = 1;
  const isSkippable = (s: string): boolean => s.length === 0 || s.startsWith('%');
  while (i < lines.length && isSkippable(lineAt(i).trim())) i++;
  if (i >= lines.length) fail('missing size line (rows cols nnz)', lines.length);
  const sizeTokens = lineAt(i).trim().split(/\s+/);
  if (sizeTokens.length !== 3 || !sizeTokens.every((t) => INT_RE.test(t))) {
    fail(`size line must be three integers 'rows cols nnz', got '${lineAt(i).trim()}'`, i + 1);
  }
  const [rows, cols, declared] = sizeTokens.map(Number) as [number, number, number];
  for (const [name, v] of [['rows', rows], ['cols', cols], ['nnz', declared]] as const) {
    if (!(v >= 0 && v <= INT32_MAX)) fail(`${name} ${v} is outside [0, 2^31 - 1]`, i + 1);
  }
  const maxDimension = options.maxDimension ?? DEFAULT_MAX_DIMENSION;
  if (rows > maxDimension || cols > maxDimension) {
    fail(`${rows} x ${cols} exceeds the ${maxDimension} rows/columns this reader accepts (option maxDimension)`, i + 1, 'E_OVERFLOW');
  }
  if (symmetry !== 'general' && rows !== cols) fail(`a ${symmetry} matrix must be square, got ${rows} x ${cols}`, i + 1);
  const maxEntries = symmetry === 'general' ? rows * cols : symmetry === 'symmetric' ? (rows * (rows + 1)) / 2 : (rows * (rows - 1)) / 2;
  if (declared > maxEntries) fail(`${declared} entries cannot fit in a ${symmetry} ${rows} x ${cols} matrix`, i + 1);
  if (declared > lines.length - i - 1) {
    fail(`the size line declares ${declared} entries but only ${lines.length - i - 1} lines follow`, i + 1);
  }
  i++;

  // Entries
  const cap = symmetry === 'general' ? declared : 2 * declared;
  if (cap > INT32_MAX) fail(`${cap} entries after symmetric expansion exceed int32`, i);
  const er = new Int32Array(cap);
  const ec = new Int32Array(cap);
  const ev = new Float64Array(cap);
  const eline = new Int32Array(cap);
  const perEntry = field === 'pattern' ? 2 : 3;
  let n = 0;
  let read = 0;
  for (; i < lines.length && read < declared; i++) {
    const raw = lineAt(i);
    const s = raw.trim();
    if (isSkippable(s)) continue;
    const line = i + 1;
    const t = s.split(/\s+/);
    if (t.length !== perEntry) {
      fail(`expected ${perEntry} fields (${field === 'pattern' ? 'row col' : 'row col value'}), got ${t.length}: '${s}'`, line);
    }
    const [rt, ct] = t as [string, string];
    if (!INT_RE.test(rt)) fail(`row index '${rt}' is not an integer`, line, 'E_PARSE', raw.indexOf(rt) + 1);
    if (!INT_RE.test(ct)) fail(`column index '${ct}' is not an integer`, line, 'E_PARSE', raw.indexOf(ct, raw.indexOf(rt) + rt.length) + 1);
    const r = Number(rt);
    const c = Number(ct);
    if (r < 1 || r > rows) fail(`row index ${r} is outside [1, ${rows}]`, line);
    if (c < 1 || c > cols) fail(`column index ${c} is outside [1, ${cols}]`, line);
    let v = 1;
    if (field !== 'pattern') {
      const vt = t[2]!;
      if (field === 'integer') {
        if (!INT_RE.test(vt)) fail(`value '${vt}' is not an integer`, line);
        v = Number(vt);
        if (Math.fround(v) !== v) fail(`integer value ${vt} is not exactly representable as float32`, line);
      } else {
        if (!REAL_RE.test(vt)) fail(`value '${vt}' is not a finite real number`, line);
        v = Number(vt);
        if (!Number.isFinite(Math.fround(v))) fail(`value ${vt} overflows float32`, line);
      }
    }
    if (symmetry !== 'general') {
      if (r < c) fail(`entry (${r}, ${c}) is above the diagonal; a ${symmetry} file stores only the lower triangle`, line);
      if (symmetry === 'skew-symmetric' && r === c) fail(`skew-symmetric matrix has a diagonal entry (${r}, ${c})`, line);
    }
    er[n] = r - 1;
    ec[n] = c - 1;
    ev[n] = v;
    eline[n] = line;
    n++;
    if (symmetry !== 'general' && r !== c) {
      er[n] = c - 1;
      ec[n] = r - 1;
      ev[n] = symmetry === 'skew-symmetric' ? -v : v;
      eline[n] = line;
      n++;
    }
    read++;
  }
  if (read < declared) fail(`the size line declares ${declared} entries but the file has ${read}`, lines.length);
  for (; i < lines.length; i++) {
    if (!isSkippable(lineAt(i).trim())) fail(`more entries than the ${declared} the size line declares`, i + 1);
  }

  // Counting sort by row (stable), then by column within each row (usually already sorted: a no-op check).
  const rowPtr = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) rowPtr[er[k]! + 1]!++;
  for (let r = 0; r < rows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  const order = new Int32Array(n);
  const cursor = rowPtr.slice(0, rows);
  for (let k = 0; k < n; k++) order[cursor[er[k]!]!++] = k;
  for (let r = 0; r < rows; r++) {
    const a = rowPtr[r]!;
    const b = rowPtr[r + 1]!;
    let sorted = true;
    for (let j = a + 1; j < b && sorted; j++) if (ec[order[j]!]! < ec[order[j - 1]!]!) sorted = false;
    if (!sorted) {
      const seg = Array.from(order.subarray(a, b)).sort((x, y) => ec[x]! - ec[y]! || x - y);
      order.set(seg, a);
    }
  }
  // Merge or reject duplicates.
  const colIdx = new Int32Array(n);
  const values = new Float32Array(n);
  const outPtr = new Int32Array(rows + 1);
  let m = 0;
  for (let r = 0; r < rows; r++) {
    let j = rowPtr[r]!;
    const b = rowPtr[r + 1]!;
    while (j < b) {
      const k = order[j]!;
      let sum = ev[k]!;
      let j2 = j + 1;
      while (j2 < b && ec[order[j2]!] === ec[k]) {
        const k2 = order[j2]!;
        if (duplicates === 'error') {
          fail(`duplicate entry (${r + 1}, ${ec[k]! + 1}) (first on line ${eline[k]})`, eline[k2]!);
        }
        sum += ev[k2]!;
        j2++;
      }
      const f = Math.fround(sum);
      if (!Number.isFinite(f)) fail(`summed duplicates at (${r + 1}, ${ec[k]! + 1}) overflow float32`, eline[k]!);
      colIdx[m] = ec[k]!;
      values[m] = f;
      m++;
      j = j2;
    }
    outPtr[r + 1] = m;
  }
  const result: CsrMatrix = {
    format: 'csr', rows, cols, rowPtr: outPtr,
    colIdx: m === n ? colIdx : colIdx.slice(0, m),
    values: m === n ? values : values.slice(0, m),
  };
  return result;
}

/**
 * Short decimal text that reads back (float64 parse, then float32 rounding) to exactly `v`: at most 9
 * significant digits. -0 is written as `-0`.
 */
export function formatFloat32(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (!Number.isFinite(v)) throw new SparseCnnError('E_RANGE', `cannot write non-finite value ${v}`);
  const f = Math.fround(v);
  // Binary search over 1..9 significant digits (9 always reads back to the same float32). Every returned text is
  // verified to read back exactly; in rare cases it may be one digit longer than the shortest.
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(mid))) === f) hi = mid;
    else lo = mid + 1;
  }
  return compactNumber(f.toPrecision(hi));
}

function compactNumber(s: string): string {
  // toPrecision writes "1.50e+2" style only with significant digits; drop a redundant "+" in exponents.
  return s.replace('e+', 'e');
}

export interface WriteMatrixMarketOptions {
  /** Comment lines written after the banner (without the leading '%'). */
  readonly comments?: readonly string[];
}

/**
 * Write a CSR (or CSB) matrix as MatrixMarket `coordinate real general`, 1-based, entries row-major, values in the
 * shortest form that reads back to the same float32 (so `readMatrixMarket(writeMatrixMarket(m))` is bit-exact).
 */
export function writeMatrixMarket(m: SparseMatrix, options: WriteMatrixMarketOptions = {}): string {
  if (m === null || typeof m !== 'object' || (m.format !== 'csr' && m.format !== 'csb')) {
    throw new SparseCnnError('E_ARGUMENT', 'writeMatrixMarket expects a CSR or CSB matrix');
  }
  const csr = m.format === 'csb' ? csbToCsr(m) : m;
  validateCsr(csr);
  const parts: string[] = ['%%MatrixMarket matrix coordinate real general'];
  for (const c of options.comments ?? []) {
    for (const l of c.split(/\r?\n/)) parts.push(`%${l.length > 0 ? ' ' : ''}${l}`);
  }
  parts.push(`${csr.rows} ${csr.cols} ${csr.values.length}`);
  for (let r = 0; r < csr.rows; r++) {
    for (let j = csr.rowPtr[r]!; j < csr.rowPtr[r + 1]!; j++) {
      parts.push(`${r + 1} ${csr.colIdx[j]! + 1} ${formatFloat32(csr.values[j]!)}`);
    }
  }
  return `${parts.join('\n')}\n`;
}
