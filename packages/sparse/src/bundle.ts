import { MAX_ELEMENTS, SparseCnnError, type ErrorCode, type Tensor } from '@sparsecnn/tensor';
import { crc32 } from './crc32.js';
import { deserializeSparse, serializeSparse, type DecodeOptions } from './sparse-binary.js';
import type { CsbMatrix, CsrMatrix } from './types.js';

/**
 * Named bundle of dense float32 tensors and sparse matrices ("SPBN", version 1), e.g. a pruned model stored as
 * `conv2/0` (sparse weights), `conv2/1` (dense bias), plus an opaque `meta` blob (the caller's JSON, a prototxt...).
 * All numbers little-endian; no alignment.
 *
 * Header (24 bytes):
 *
 * | offset | type  | field                                                                    |
 * |-------:|-------|--------------------------------------------------------------------------|
 * |      0 | u8[4] | magic `SPBN` (0x53 0x50 0x42 0x4e)                                       |
 * |      4 | u16   | format version, 1                                                        |
 * |      6 | u16   | flags: bit 0 = a meta blob is present; other bits must be 0              |
 * |      8 | u32   | entry count                                                              |
 * |     12 | u32   | meta length in bytes (0 unless flag bit 0)                               |
 * |     16 | u32   | payload length in bytes (everything after the header)                    |
 * |     20 | u32   | CRC-32 (IEEE) of header bytes [0, 20) followed by the whole payload      |
 *
 * Payload: the meta bytes, then each entry in order:
 *
 * - u16 name length n (1 .. 65535), n bytes of UTF-8 name (unique within the bundle);
 * - u8 kind: 1 = dense tensor, 2 = sparse matrix;
 * - dense: u8 dtype (1 = float32; others are reserved), u8 rank r (0 .. 32), r x u32 dims, then
 *   prod(dims) x f32 values (finite);
 * - sparse: u32 length m, then m bytes of one compact sparse matrix (`serializeSparse`, with its own header and CRC).
 *
 * The payload must be consumed exactly. Reading checks magic (E_FORMAT), version (E_VERSION), flags (E_FORMAT),
 * declared payload length against the bytes (E_TRUNCATED / trailing bytes E_FORMAT), CRC (E_CHECKSUM), then every
 * entry: lengths running past the payload or inconsistent structure (E_FORMAT), bad UTF-8 or duplicate names
 * (E_FORMAT), element counts beyond 2^31 - 1 (E_OVERFLOW), NaN/Inf (E_RANGE), and the sparse matrices' own checks.
 * Nothing is allocated beyond what the input bytes cover.
 */
export const BUNDLE_MAGIC = 'SPBN';
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_HEADER_BYTES = 24;

export type BundleValue = Tensor | CsrMatrix | CsbMatrix;

export interface BundleEntry {
  readonly name: string;
  readonly value: BundleValue;
}

export interface Bundle {
  readonly meta?: Uint8Array;
  readonly entries: BundleEntry[];
}

const FLAG_META = 1;
const KIND_DENSE = 1;
const KIND_SPARSE = 2;
const DTYPE_F32 = 1;
const MAX_RANK = 32;
const U32_MAX = 0xffffffff;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function isSparse(v: BundleValue): v is CsrMatrix | CsbMatrix {
  return typeof v === 'object' && v !== null && 'format' in v && (v.format === 'csr' || v.format === 'csb');
}

/** Encode a bundle. Names must be unique non-empty strings; tensors float32 and finite; matrices valid. */
export function encodeBundle(bundle: Bundle): Uint8Array {
  if (bundle === null || typeof bundle !== 'object' || !Array.isArray(bundle.entries)) {
    throw new SparseCnnError('E_ARGUMENT', 'encodeBundle expects { meta?, entries: [...] }');
  }
  const meta = bundle.meta;
  if (meta !== undefined && !(meta instanceof Uint8Array)) throw new SparseCnnError('E_ARGUMENT', 'bundle meta must be a Uint8Array');
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const parts: Uint8Array[] = [];
  let size = meta?.length ?? 0;
  for (const entry of bundle.entries) {
    const name = entry?.name;
    if (typeof name !== 'string' || name.length === 0) throw new SparseCnnError('E_ARGUMENT', 'bundle entry names must be non-empty strings');
    if (seen.has(name)) throw new SparseCnnError('E_ARGUMENT', `duplicate bundle entry name '${name}'`);
    seen.add(name);
    const nameBytes = enc.encode(name);
    if (nameBytes.length > 0xffff) throw new SparseCnnError('E_ARGUMENT', `bundle entry name of ${nameBytes.length} bytes is too long`);
    const value = entry.value;
    let head: Uint8Array;
    let body: Uint8Array;
    if (isSparse(value)) {
      body = serializeSparse(value);
      head = new Uint8Array(2 + nameBytes.length + 1 + 4);
      const dv = new DataView(head.buffer);
      dv.setUint16(0, nameBytes.length, true);
      head.set(nameBytes, 2);
      head[2 + nameBytes.length] = KIND_SPARSE;
      dv.setUint32(3 + nameBytes.length, body.length, true);
    } else {
      const t = value;
      if (t === null || typeof t !== 'object' || !(t.data instanceof Float32Array) || !Array.isArray(t.shape)) {
        throw new SparseCnnError('E_ARGUMENT', `bundle entry '${name}' must be a float32 tensor or a CSR/CSB matrix`);
      }
      if (t.shape.length > MAX_RANK) throw new SparseCnnError('E_SHAPE', `bundle entry '${name}' has rank ${t.shape.length} > ${MAX_RANK}`);
      let count = 1;
      for (const d of t.shape) {
        if (!Number.isSafeInteger(d) || d < 0 || d > MAX_ELEMENTS) throw new SparseCnnError('E_SHAPE', `bundle entry '${name}' has invalid dimension ${d}`);
        count *= d;
      }
      if (count !== t.data.length) {
        throw new SparseCnnError('E_SHAPE', `bundle entry '${name}': shape [${t.shape.join(', ')}] needs ${count} elements, data has ${t.data.length}`);
      }
      for (let i = 0; i < t.data.length; i++) {
        if (!Number.isFinite(t.data[i]!)) throw new SparseCnnError('E_RANGE', `bundle entry '${name}': element ${i} is ${t.data[i]}`, { layer: name });
      }
      head = new Uint8Array(2 + nameBytes.length + 3 + 4 * t.shape.length);
      const dv = new DataView(head.buffer);
      dv.setUint16(0, nameBytes.length, true);
      head.set(nameBytes, 2);
      let o = 2 + nameBytes.length;
      head[o++] = KIND_DENSE;
      head[o++] = DTYPE_F32;
      head[o++] = t.shape.length;
      for (const d of t.shape) {
        dv.setUint32(o, d, true);
        o += 4;
      }
      body = new Uint8Array(t.data.length * 4);
      if (LITTLE_ENDIAN_HOST) body.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      else {
        const bv = new DataView(body.buffer);
        for (let i = 0; i < t.data.length; i++) bv.setFloat32(i * 4, t.data[i]!, true);
      }
    }
    parts.push(head, body);
    size += head.length + body.length;
  }
  if (size > U32_MAX) throw new SparseCnnError('E_OVERFLOW', `bundle payload of ${size} bytes exceeds the format's u32 length`);
  const out = new Uint8Array(BUNDLE_HEADER_BYTES + size);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = BUNDLE_MAGIC.charCodeAt(i);
  dv.setUint16(4, BUNDLE_FORMAT_VERSION, true);
  dv.setUint16(6, meta !== undefined ? FLAG_META : 0, true);
  dv.setUint32(8, bundle.entries.length, true);
  dv.setUint32(12, meta?.length ?? 0, true);
  dv.setUint32(16, size, true);
  let o = BUNDLE_HEADER_BYTES;
  if (meta) {
    out.set(meta, o);
    o += meta.length;
  }
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  dv.setUint32(20, crc32(out, BUNDLE_HEADER_BYTES, out.length, crc32(out, 0, 20)), true);
  return out;
}

/** Decode and fully validate a bundle. Every failure is a `SparseCnnError` naming the file, byte offset and entry. */
export function decodeBundle(bytes: Uint8Array, options: DecodeOptions = {}): Bundle {
  const file = options.file;
  const fail = (code: ErrorCode, message: string, offset: number, layer?: string): never => {
    const ctx: { file?: string; offset: number; layer?: string } = { offset };
    if (file !== undefined) ctx.file = file;
    if (layer !== undefined) ctx.layer = layer;
    throw new SparseCnnError(code, message, ctx);
  };
  if (!(bytes instanceof Uint8Array)) throw new SparseCnnError('E_ARGUMENT', 'decodeBundle expects a Uint8Array');
  if (bytes.length < 4) fail('E_TRUNCATED', `${bytes.length} bytes is too short for a bundle header`, 0);
  for (let i = 0; i < 4; i++) if (bytes[i] !== BUNDLE_MAGIC.charCodeAt(i)) fail('E_FORMAT', `bad magic: not a sparsecnn bundle (expected '${BUNDLE_MAGIC}')`, 0);
  if (bytes.length < 6) fail('E_TRUNCATED', 'header ends before the version field', 4);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(4, true);
  if (version !== BUNDLE_FORMAT_VERSION) fail('E_VERSION', `bundle version ${version} is not supported (this build reads version ${BUNDLE_FORMAT_VERSION})`, 4);
  if (bytes.length < BUNDLE_HEADER_BYTES) fail('E_TRUNCATED', `header needs ${BUNDLE_HEADER_BYTES} bytes, got ${bytes.length}`, bytes.length);
  const flags = dv.getUint16(6, true);
  if ((flags & ~FLAG_META) !== 0) fail('E_FORMAT', `unknown flags 0x${flags.toString(16)}`, 6);
  const count = dv.getUint32(8, true);
  const metaLength = dv.getUint32(12, true);
  const payload = dv.getUint32(16, true);
  if ((flags & FLAG_META) === 0 && metaLength !== 0) fail('E_FORMAT', `meta length ${metaLength} without the meta flag`, 12);
  const total = BUNDLE_HEADER_BYTES + payload;
  if (bytes.length < total) fail('E_TRUNCATED', `data ends at byte ${bytes.length}, the bundle needs ${total}`, bytes.length);
  if (bytes.length > total) fail('E_FORMAT', `${bytes.length - total} unexpected bytes after the bundle`, total);
  const stored = dv.getUint32(20, true);
  const actual = crc32(bytes, BUNDLE_HEADER_BYTES, total, crc32(bytes, 0, 20));
  if (stored !== actual) fail('E_CHECKSUM', `CRC-32 mismatch: stored 0x${stored.toString(16)}, computed 0x${actual.toString(16)}`, 20);
  if (metaLength > payload) fail('E_FORMAT', `meta length ${metaLength} exceeds the ${payload}-byte payload`, 12);
  // Every entry takes at least 2 + 1 + 1 + 3 bytes: a count beyond that is absurd.
  if (count > (payload - metaLength) / 7) fail('E_FORMAT', `${count} entries cannot fit in ${payload - metaLength} bytes`, 8);
  let o = BUNDLE_HEADER_BYTES;
  const need = (n: number, what: string, layer?: string): void => {
    if (n > total - o) fail('E_FORMAT', `${what} (${n} bytes) runs past the end of the bundle`, o, layer);
  };
  const meta = (flags & FLAG_META) !== 0 ? bytes.slice(o, o + metaLength) : undefined;
  o += metaLength;
  const dec = new TextDecoder('utf-8', { fatal: true });
  const names = new Set<string>();
  const entries: BundleEntry[] = [];
  for (let e = 0; e < count; e++) {
    need(2, `entry ${e} name length`);
    const nameLength = dv.getUint16(o, true);
    if (nameLength === 0) fail('E_FORMAT', `entry ${e} has an empty name`, o);
    o += 2;
    need(nameLength, `entry ${e} name`);
    let name: string;
    try {
      name = dec.decode(bytes.subarray(o, o + nameLength));
    } catch {
      return fail('E_FORMAT', `entry ${e} name is not valid UTF-8`, o);
    }
    if (names.has(name)) fail('E_FORMAT', `duplicate entry name '${name}'`, o, name);
    names.add(name);
    o += nameLength;
    need(1, 'entry kind', name);
    const kind = bytes[o]!;
    o += 1;
    if (kind === KIND_SPARSE) {
      need(4, 'sparse length', name);
      const m = dv.getUint32(o, true);
      o += 4;
      need(m, 'sparse matrix', name);
      let value: CsrMatrix | CsbMatrix;
      try {
        value = deserializeSparse(bytes.subarray(o, o + m), options);
      } catch (err) {
        if (err instanceof SparseCnnError) throw err.withContext({ layer: name });
        throw err;
      }
      o += m;
      entries.push({ name, value });
    } else if (kind === KIND_DENSE) {
      need(2, 'dtype and rank', name);
      const dtype = bytes[o]!;
      const rank = bytes[o + 1]!;
      if (dtype !== DTYPE_F32) fail('E_UNSUPPORTED', `entry dtype ${dtype} is not supported (only 1 = float32)`, o, name);
      if (rank > MAX_RANK) fail('E_FORMAT', `rank ${rank} exceeds ${MAX_RANK}`, o + 1, name);
      o += 2;
      need(4 * rank, 'shape', name);
      const shape: number[] = [];
      let elements = 1;
      for (let i = 0; i < rank; i++, o += 4) {
        const d = dv.getUint32(o, true);
        shape.push(d);
        elements *= d;
      }
      if (elements > MAX_ELEMENTS) fail('E_OVERFLOW', `shape [${shape.join(', ')}] has ${elements} elements (more than 2^31 - 1)`, o - 4 * rank, name);
      need(elements * 4, 'tensor data', name);
      const data = new Float32Array(elements);
      if (LITTLE_ENDIAN_HOST) new Uint8Array(data.buffer).set(bytes.subarray(o, o + elements * 4));
      else for (let i = 0; i < elements; i++) data[i] = dv.getFloat32(o + 4 * i, true);
      for (let i = 0; i < elements; i++) {
        if (!Number.isFinite(data[i]!)) fail('E_RANGE', `element ${i} is ${data[i]}`, o + 4 * i, name);
      }
      o += elements * 4;
      entries.push({ name, value: { dtype: 'float32', shape, data } });
    } else {
      fail('E_FORMAT', `unknown entry kind ${kind}`, o - 1, name);
    }
  }
  if (o !== total) fail('E_FORMAT', `${total - o} unused bytes after the last entry`, o);
  return meta !== undefined ? { meta, entries } : { entries };
}
