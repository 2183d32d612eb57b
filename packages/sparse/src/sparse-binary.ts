import { SparseCnnError, type ErrorCode } from '@sparsecnn/tensor';
import { csbUses16BitIndices, validateCsb } from './csb.js';
import { crc32 } from './crc32.js';
import { validateCsr } from './csr.js';
import { DEFAULT_MAX_DIMENSION } from './limits.js';
import type { CsbMatrix, CsrMatrix, SparseMatrix } from './types.js';

/**
 * Compact binary format for one sparse matrix ("SPMX", version 1). All numbers little-endian; no alignment.
 *
 * Header (36 bytes):
 *
 * | offset | type   | field                                                                             |
 * |-------:|--------|-----------------------------------------------------------------------------------|
 * |      0 | u8[4]  | magic `SPMX` (0x53 0x50 0x4d 0x58)                                                |
 * |      4 | u16    | format version, 1                                                                 |
 * |      6 | u8     | kind: 1 = CSR, 2 = CSB                                                            |
 * |      7 | u8     | flags: bit 0 = indices are u16 (else u32); other bits must be 0                   |
 * |      8 | u32    | rows                                                                              |
 * |     12 | u32    | cols                                                                              |
 * |     16 | u32    | nnz                                                                               |
 * |     20 | u32    | blockRows (CSB; 0 for CSR)                                                        |
 * |     24 | u32    | blockCols (CSB; 0 for CSR)                                                        |
 * |     28 | u32    | payload length in bytes (must equal the length the fields above imply)            |
 * |     32 | u32    | CRC-32 (IEEE) of header bytes [0, 32) followed by the whole payload               |
 *
 * Payload, CSR: `rowPtr` u32 x (rows + 1), `colIdx` (u16 | u32) x nnz, `values` f32 x nnz.
 * Payload, CSB: `blockPtr` u32 x (gridRows * gridCols + 1), `rowIdx` (u16 | u32) x nnz, `colIdx` (u16 | u32) x nnz,
 * `values` f32 x nnz, with grid = ceil(dims / block dims) and blocks row-major (see `CsbMatrix`).
 *
 * The writer uses u16 column indices for a CSR when cols <= 65536 (6 bytes per non-zero instead of 8) and u16 local
 * indices for a CSB exactly when both block dimensions are <= 65536 (8 bytes per non-zero); the reader accepts u32
 * CSR columns for any width. The file is nothing but header and payload: trailing bytes are an error.
 *
 * Reading checks, in this order, without allocating anything the byte length does not cover: magic (E_FORMAT),
 * version (E_VERSION), header fields (E_FORMAT), sizes beyond int32 or u32 or dimensions beyond `maxDimension`
 * (E_OVERFLOW; a CSB's dimensions are not bounded by its byte length, and converting it to CSR allocates rows + 1), declared against implied
 * payload length (E_FORMAT), byte length (E_TRUNCATED; extra bytes E_FORMAT), CRC (E_CHECKSUM), then the full matrix
 * invariants (`validateCsr` / `validateCsb`: E_FORMAT for non-monotonic pointers or unsorted indices, E_RANGE for
 * out-of-range indices and NaN/Inf values).
 */
export const SPARSE_MAGIC = 'SPMX';
export const SPARSE_FORMAT_VERSION = 1;
export const SPARSE_HEADER_BYTES = 36;

const KIND_CSR = 1;
const KIND_CSB = 2;
const FLAG_U16 = 1;
const INT32_MAX = 0x7fffffff;
const U32_MAX = 0xffffffff;

export interface DecodeOptions {
  /** File name for error messages. */
  readonly file?: string;
  /** Largest accepted row or column count (E_OVERFLOW beyond it); default `DEFAULT_MAX_DIMENSION` (2^26). */
  readonly maxDimension?: number;
}

function fail(code: ErrorCode, message: string, file: string | undefined, offset?: number): never {
  const ctx: { file?: string; offset?: number } = {};
  if (file !== undefined) ctx.file = file;
  if (offset !== undefined) ctx.offset = offset;
  throw new SparseCnnError(code, message, ctx);
}

/** Serialize a CSR or CSB matrix (validated first) into the compact format above. */
export function serializeSparse(m: SparseMatrix): Uint8Array {
  if (m === null || typeof m !== 'object' || (m.format !== 'csr' && m.format !== 'csb')) {
    throw new SparseCnnError('E_ARGUMENT', 'serializeSparse expects a CSR or CSB matrix');
  }
  const isCsb = m.format === 'csb';
  if (isCsb) validateCsb(m);
  else validateCsr(m);
  const nnz = m.values.length;
  const u16 = isCsb ? csbUses16BitIndices(m.blockRows, m.blockCols) : m.cols <= 65536;
  const iw = u16 ? 2 : 4;
  const ptr = isCsb ? m.blockPtr : m.rowPtr;
  const payload = ptr.length * 4 + nnz * (isCsb ? 2 * iw + 4 : iw + 4);
  if (payload > U32_MAX) throw new SparseCnnError('E_OVERFLOW', `payload of ${payload} bytes exceeds the format's u32 length`);
  const out = new Uint8Array(SPARSE_HEADER_BYTES + payload);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = SPARSE_MAGIC.charCodeAt(i);
  dv.setUint16(4, SPARSE_FORMAT_VERSION, true);
  out[6] = isCsb ? KIND_CSB : KIND_CSR;
  out[7] = u16 ? FLAG_U16 : 0;
  dv.setUint32(8, m.rows, true);
  dv.setUint32(12, m.cols, true);
  dv.setUint32(16, nnz, true);
  dv.setUint32(20, isCsb ? m.blockRows : 0, true);
  dv.setUint32(24, isCsb ? m.blockCols : 0, true);
  dv.setUint32(28, payload, true);
  let o = SPARSE_HEADER_BYTES;
  for (let i = 0; i < ptr.length; i++, o += 4) dv.setUint32(o, ptr[i]!, true);
  const writeIdx = (a: ArrayLike<number>): void => {
    if (u16) for (let i = 0; i < nnz; i++, o += 2) dv.setUint16(o, a[i]!, true);
    else for (let i = 0; i < nnz; i++, o += 4) dv.setUint32(o, a[i]!, true);
  };
  if (isCsb) writeIdx(m.rowIdx);
  writeIdx(m.colIdx);
  for (let i = 0; i < nnz; i++, o += 4) dv.setFloat32(o, m.values[i]!, true);
  dv.setUint32(32, crc32(out, SPARSE_HEADER_BYTES, out.length, crc32(out, 0, 32)), true);
  return out;
}

/**
 * Decode and fully validate a compact sparse matrix. Throws a `SparseCnnError` (E_FORMAT, E_VERSION, E_TRUNCATED,
 * E_CHECKSUM, E_RANGE, E_OVERFLOW) naming the file and byte offset; never allocates more than the input covers.
 */
export function deserializeSparse(bytes: Uint8Array, options: DecodeOptions = {}): SparseMatrix {
  const file = options.file;
  if (!(bytes instanceof Uint8Array)) throw new SparseCnnError('E_ARGUMENT', 'deserializeSparse expects a Uint8Array');
  if (bytes.length < 4) fail('E_TRUNCATED', `${bytes.length} bytes is too short for a sparse matrix header`, file, 0);
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== SPARSE_MAGIC.charCodeAt(i)) fail('E_FORMAT', `bad magic: not a compact sparse matrix (expected '${SPARSE_MAGIC}')`, file, 0);
  }
  if (bytes.length < 6) fail('E_TRUNCATED', 'header ends before the version field', file, 4);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(4, true);
  if (version !== SPARSE_FORMAT_VERSION) {
    fail('E_VERSION', `format version ${version} is not supported (this build reads version ${SPARSE_FORMAT_VERSION})`, file, 4);
  }
  if (bytes.length < SPARSE_HEADER_BYTES) fail('E_TRUNCATED', `header needs ${SPARSE_HEADER_BYTES} bytes, got ${bytes.length}`, file, bytes.length);
  const kind = bytes[6]!;
  const flags = bytes[7]!;
  if (kind !== KIND_CSR && kind !== KIND_CSB) fail('E_FORMAT', `unknown matrix kind ${kind}`, file, 6);
  if ((flags & ~FLAG_U16) !== 0) fail('E_FORMAT', `unknown flags 0x${flags.toString(16)}`, file, 7);
  const isCsb = kind === KIND_CSB;
  const u16 = (flags & FLAG_U16) !== 0;
  const rows = dv.getUint32(8, true);
  const cols = dv.getUint32(12, true);
  const nnz = dv.getUint32(16, true);
  const blockRows = dv.getUint32(20, true);
  const blockCols = dv.getUint32(24, true);
  const declared = dv.getUint32(28, true);
  if (rows > INT32_MAX || cols > INT32_MAX) fail('E_OVERFLOW', `dimensions ${rows} x ${cols} exceed int32`, file, 8);
  const maxDimension = options.maxDimension ?? DEFAULT_MAX_DIMENSION;
  if (rows > maxDimension || cols > maxDimension) {
    fail('E_OVERFLOW', `dimensions ${rows} x ${cols} exceed the accepted ${maxDimension} (option maxDimension)`, file, 8);
  }
  if (nnz > INT32_MAX) fail('E_OVERFLOW', `nnz ${nnz} exceeds int32`, file, 16);
  if (nnz > rows * cols) fail('E_RANGE', `nnz ${nnz} exceeds the ${rows} x ${cols} elements`, file, 16);
  let ptrLen: number;
  if (isCsb) {
    if (blockRows < 1 || blockCols < 1) fail('E_FORMAT', `CSB block dimensions ${blockRows} x ${blockCols} must be positive`, file, 20);
    if (blockRows > INT32_MAX || blockCols > INT32_MAX) fail('E_OVERFLOW', `CSB block dimensions ${blockRows} x ${blockCols} exceed int32`, file, 20);
    if (u16 !== csbUses16BitIndices(blockRows, blockCols)) {
      fail('E_FORMAT', `index width flag does not match ${blockRows} x ${blockCols} blocks`, file, 7);
    }
    const blocks = Math.ceil(rows / blockRows) * Math.ceil(cols / blockCols);
    if (blocks + 1 > INT32_MAX) fail('E_OVERFLOW', `${blocks} blocks exceed int32`, file, 20);
    ptrLen = blocks + 1;
  } else {
    if (blockRows !== 0 || blockCols !== 0) fail('E_FORMAT', 'CSR header has non-zero block dimensions', file, 20);
    if (u16 && cols > 65536) fail('E_FORMAT', `16-bit column indices cannot address ${cols} columns`, file, 7);
    ptrLen = rows + 1;
  }
  const iw = u16 ? 2 : 4;
  const implied = ptrLen * 4 + nnz * (isCsb ? 2 * iw + 4 : iw + 4);
  if (implied > U32_MAX) fail('E_OVERFLOW', `header implies a payload of ${implied} bytes (more than 2^32 - 1)`, file, 8);
  if (declared !== implied) fail('E_FORMAT', `declared payload length ${declared} does not match the ${implied} bytes the header implies`, file, 28);
  const total = SPARSE_HEADER_BYTES + implied;
  if (bytes.length < total) fail('E_TRUNCATED', `data ends at byte ${bytes.length}, the matrix needs ${total}`, file, bytes.length);
  if (bytes.length > total) fail('E_FORMAT', `${bytes.length - total} unexpected bytes after the matrix`, file, total);
  const stored = dv.getUint32(32, true);
  const actual = crc32(bytes, SPARSE_HEADER_BYTES, total, crc32(bytes, 0, 32));
  if (stored !== actual) {
    fail('E_CHECKSUM', `CRC-32 mismatch: stored 0x${stored.toString(16)}, computed 0x${actual.toString(16)}`, file, 32);
  }
  let o = SPARSE_HEADER_BYTES;
  const ptr = new Int32Array(ptrLen);
  for (let i = 0; i < ptrLen; i++, o += 4) {
    const v = dv.getUint32(o, true);
    if (v > nnz) fail('E_FORMAT', `pointer ${i} is ${v}, beyond nnz ${nnz}`, file, o);
    ptr[i] = v;
  }
  const readIdx = (a: Uint16Array | Int32Array, limit: number, what: string): void => {
    for (let i = 0; i < nnz; i++, o += iw) {
      const v = u16 ? dv.getUint16(o, true) : dv.getUint32(o, true);
      if (v >= limit) fail('E_RANGE', `${what} ${v} of entry ${i} is out of range [0, ${limit})`, file, o);
      a[i] = v;
    }
  };
  const values = new Float32Array(nnz);
  const check = <T>(validate: () => T): T => {
    try {
      return validate();
    } catch (e) {
      if (e instanceof SparseCnnError && file !== undefined) throw e.withContext({ file });
      throw e;
    }
  };
  if (isCsb) {
    const rowIdx = u16 ? new Uint16Array(nnz) : new Int32Array(nnz);
    const colIdx = u16 ? new Uint16Array(nnz) : new Int32Array(nnz);
    readIdx(rowIdx, Math.min(blockRows, Math.max(rows, 1)), 'local row');
    readIdx(colIdx, Math.min(blockCols, Math.max(cols, 1)), 'local column');
    readValues(dv, o, values, file);
    const m: CsbMatrix = {
      format: 'csb', rows, cols, blockRows, blockCols, gridRows: Math.ceil(rows / blockRows), gridCols: Math.ceil(cols / blockCols),
      blockPtr: ptr, rowIdx, colIdx, values,
    };
    check(() => validateCsb(m, 'compact CSB matrix'));
    return m;
  }
  const colIdx = new Int32Array(nnz);
  readIdx(colIdx, cols, 'column');
  readValues(dv, o, values, file);
  const m: CsrMatrix = { format: 'csr', rows, cols, rowPtr: ptr, colIdx, values };
  check(() => validateCsr(m, 'compact CSR matrix'));
  return m;
}

function readValues(dv: DataView, o: number, values: Float32Array, file: string | undefined): void {
  for (let i = 0; i < values.length; i++, o += 4) {
    const v = dv.getFloat32(o, true);
    if (!Number.isFinite(v)) fail('E_RANGE', `value of entry ${i} is ${v}`, file, o);
    values[i] = v;
  }
}
