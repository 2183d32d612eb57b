/**
 * Mutators for real inputs. Every function is a pure function of the Rng it is given, so an input is reproduced
 * from (seed, parser, index) alone (see `inputRng`).
 */
import { Rng } from '@sparsecnn/tensor';

/** The Rng of input `index` of `parser` in a run seeded `seed`: independent of every other input. */
export function inputRng(seed: number, parser: string, index: number): Rng {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < parser.length; i++) h = Math.imul(h ^ parser.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (index >>> 0), 0x01000193);
  h = Math.imul(h ^ Math.floor(index / 4294967296), 0x01000193);
  return new Rng(h >>> 0);
}

const INTERESTING_U32 = [0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const INTERESTING_BYTES = [0, 1, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40];
const SPECIAL_F32 = [NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, 0, -0, 1e30, 65504];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A position, biased towards the first `head` bytes (where headers and structure live) half of the time. */
function pos(rng: Rng, length: number, head = 256): number {
  if (length <= 0) return 0;
  return rng.next() < 0.5 ? rng.int(0, Math.min(head, length) - 1) : rng.int(0, length - 1);
}

/** One generic byte-level mutation; returns the new bytes and a short description. */
export function mutateBytesOnce(rng: Rng, src: Uint8Array, others: readonly Uint8Array[] = [], head = 256): { bytes: Uint8Array; how: string } {
  const n = src.length;
  if (n === 0) return { bytes: Uint8Array.from({ length: rng.int(1, 16) }, () => rng.int(0, 255)), how: 'random bytes' };
  switch (rng.int(0, 10)) {
    case 0: {
      const b = src.slice();
      const k = rng.int(1, 8);
      for (let i = 0; i < k; i++) b[pos(rng, n, head)]! ^= 1 << rng.int(0, 7);
      return { bytes: b, how: `flip ${k} bits` };
    }
    case 1: {
      const b = src.slice();
      const at = pos(rng, n, head);
      b[at] = rng.pick(INTERESTING_BYTES);
      return { bytes: b, how: `byte@${at}=${b[at]}` };
    }
    case 2: {
      const at = pos(rng, n + 1, head);
      const k = rng.int(1, 32);
      return { bytes: concat(src.subarray(0, at), Uint8Array.from({ length: k }, () => rng.int(0, 255)), src.subarray(at)), how: `insert ${k}@${at}` };
    }
    case 3: {
      const at = pos(rng, n, head);
      const k = rng.int(1, rng.next() < 0.8 ? 16 : 4096);
      return { bytes: concat(src.subarray(0, at), src.subarray(Math.min(n, at + k))), how: `delete ${k}@${at}` };
    }
    case 4: {
      const from = rng.int(0, n - 1);
      const k = rng.int(1, Math.min(n - from, rng.next() < 0.8 ? 64 : 8192));
      const at = pos(rng, n + 1, head);
      return { bytes: concat(src.subarray(0, at), src.subarray(from, from + k), src.subarray(at)), how: `duplicate ${k} from ${from}@${at}` };
    }
    case 5: {
      const at = rng.next() < 0.5 ? pos(rng, n, head) : rng.int(0, n - 1);
      return { bytes: src.slice(0, at), how: `truncate@${at}` };
    }
    case 6: {
      const other = others.length > 0 ? rng.pick(others) : src;
      const a = rng.int(0, n);
      const b = rng.int(0, other.length);
      return { bytes: concat(src.subarray(0, a), other.subarray(b)), how: `splice ${a}+other@${b}` };
    }
    case 7: {
      if (n < 4) return { bytes: src.slice(0, rng.int(0, n)), how: 'truncate small' };
      const b = src.slice();
      const at = rng.next() < 0.7 ? 4 * rng.int(0, Math.floor((Math.min(head, n) - 4) / 4)) : rng.int(0, n - 4);
      const dv = new DataView(b.buffer);
      const old = dv.getUint32(at, true);
      const v = rng.next() < 0.7 ? rng.pick(INTERESTING_U32) : (old + rng.int(-4, 4)) >>> 0;
      dv.setUint32(at, v, rng.next() < 0.8);
      return { bytes: b, how: `u32@${at}=${v}` };
    }
    case 8: {
      if (n < 4) return { bytes: src, how: 'noop' };
      const b = src.slice();
      const at = rng.int(0, n - 4) & ~3;
      new DataView(b.buffer).setFloat32(at, rng.pick(SPECIAL_F32), true);
      return { bytes: b, how: `f32@${at}` };
    }
    case 9: {
      const b = src.slice();
      const at = pos(rng, n, head);
      const k = rng.int(1, 16);
      for (let i = at; i < Math.min(n, at + k); i++) b[i] = rng.int(0, 255);
      return { bytes: b, how: `randomize ${k}@${at}` };
    }
    default: {
      const b = src.slice();
      const at = pos(rng, n, head);
      b[at] = (b[at]! + rng.pick([1, -1, 2, -2, 16, -16, 128])) & 255;
      return { bytes: b, how: `add@${at}` };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Protobuf wire format: mutate tags, varints and length prefixes where they are.

/** One field of a protobuf message as found in the bytes. */
export interface WireField {
  /** Offset of the tag varint. */
  readonly start: number;
  readonly tagLen: number;
  readonly wire: number;
  /** For length-delimited fields: offset and byte length of the length varint, and the payload range. */
  readonly lenAt?: number;
  readonly lenLen?: number;
  readonly payload?: readonly [number, number];
  /** Offset after the whole field. */
  readonly end: number;
}

function readVarint(b: Uint8Array, at: number, end: number): { value: number; len: number } | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10 && at + i < end; i++) {
    const c = b[at + i]!;
    v += (c & 0x7f) * mul;
    mul *= 128;
    if ((c & 0x80) === 0) return { value: v, len: i + 1 };
  }
  return null;
}

function encodeVarint(v: number): Uint8Array {
  const out: number[] = [];
  let x = Math.max(0, Math.floor(v));
  do {
    let c = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) c |= 0x80;
    out.push(c);
  } while (x > 0 && out.length < 10);
  return Uint8Array.from(out);
}

/** The fields of the message in b[start, end), or null when it does not parse as protobuf exactly. */
function scanMessage(b: Uint8Array, start: number, end: number): WireField[] | null {
  const fields: WireField[] = [];
  let at = start;
  while (at < end) {
    const tag = readVarint(b, at, end);
    if (!tag || tag.value < 8) return null;
    const wire = tag.value % 8;
    let p = at + tag.len;
    if (wire === 0) {
      const v = readVarint(b, p, end);
      if (!v) return null;
      p += v.len;
      fields.push({ start: at, tagLen: tag.len, wire, end: p });
    } else if (wire === 1 || wire === 5) {
      p += wire === 1 ? 8 : 4;
      if (p > end) return null;
      fields.push({ start: at, tagLen: tag.len, wire, end: p });
    } else if (wire === 2) {
      const l = readVarint(b, p, end);
      if (!l || p + l.len + l.value > end) return null;
      const ps = p + l.len;
      fields.push({ start: at, tagLen: tag.len, wire, lenAt: p, lenLen: l.len, payload: [ps, ps + l.value], end: ps + l.value });
      p = ps + l.value;
    } else {
      return null;
    }
    at = p;
  }
  return fields;
}

/** Every field of a protobuf message, nested messages included (a payload that parses exactly is taken as one). */
export function scanProtobuf(b: Uint8Array, maxFields = 200_000): WireField[] {
  const all: WireField[] = [];
  const walk = (s: number, e: number, depth: number) => {
    const fields = scanMessage(b, s, e);
    if (!fields) return;
    for (const f of fields) {
      if (all.length >= maxFields) return;
      all.push(f);
      // Recurse into payloads that look like messages (not into big packed float arrays: those rarely parse).
      if (f.payload && depth < 8 && f.payload[1] - f.payload[0] >= 2) walk(f.payload[0], f.payload[1], depth + 1);
    }
  };
  walk(0, b.length, 0);
  return all;
}

/** One structure-aware protobuf mutation; falls back to a byte mutation when there is no structure. */
export function mutateProtobufOnce(rng: Rng, src: Uint8Array, fields: readonly WireField[], others: readonly Uint8Array[] = []): { bytes: Uint8Array; how: string } {
  if (fields.length === 0) return mutateBytesOnce(rng, src, others);
  const f = rng.pick(fields);
  switch (rng.int(0, 6)) {
    case 0:
    case 1: {
      if (f.lenAt === undefined) break;
      const old = f.payload![1] - f.payload![0];
      const v = rng.next() < 0.5 ? Math.max(0, old + rng.int(-8, 8)) : rng.pick([0, 1, 0x7f, 0x80, 0x3fff, 0x7fffffff, 0xffffffff, 2 ** 40, old * 2, old >> 1]);
      return { bytes: concat(src.subarray(0, f.lenAt), encodeVarint(v), src.subarray(f.lenAt + f.lenLen!)), how: `length@${f.lenAt} ${old}->${v}` };
    }
    case 2: {
      // Change the tag: another field number or wire type.
      const tag = readVarint(src, f.start, src.length)!;
      const field = Math.floor(tag.value / 8);
      const nf = rng.next() < 0.5 ? field : rng.pick([1, 2, 3, 4, 5, 6, 7, 8, 100, 101, field + 1, Math.max(1, field - 1), 536870911]);
      const nw = rng.next() < 0.5 ? f.wire : rng.pick([0, 1, 2, 3, 4, 5, 6, 7]);
      return { bytes: concat(src.subarray(0, f.start), encodeVarint(nf * 8 + nw), src.subarray(f.start + f.tagLen)), how: `tag@${f.start} ${field}/${f.wire}->${nf}/${nw}` };
    }
    case 3:
      return { bytes: concat(src.subarray(0, f.start), src.subarray(f.end)), how: `drop field@${f.start}` };
    case 4: {
      const at = rng.pick(fields).start;
      return { bytes: concat(src.subarray(0, at), src.subarray(f.start, f.end), src.subarray(at)), how: `copy field@${f.start} to ${at}` };
    }
    case 5: {
      if (f.wire !== 0) break;
      const vAt = f.start + f.tagLen;
      const old = readVarint(src, vAt, src.length)!;
      const v = rng.pick([0, 1, 2, 3, 4, 5, 10, 100, 0x7fffffff, 0xffffffff, 2 ** 53, old.value + 1, old.value - 1]);
      return { bytes: concat(src.subarray(0, vAt), encodeVarint(v), src.subarray(vAt + old.len)), how: `varint@${vAt} ${old.value}->${v}` };
    }
    default: {
      // Truncate inside or at the end of a field.
      const at = rng.int(f.start, f.end);
      return { bytes: src.slice(0, at), how: `truncate in field@${at}` };
    }
  }
  return mutateBytesOnce(rng, src, others);
}

// ---------------------------------------------------------------------------------------------------------------
// Text: numeric token swaps, structure tokens, line edits.

const NUMBERS = ['0', '-1', '1', '2', '3', '-0', '0.5', '1e38', '1e400', '-1e400', 'nan', 'inf', '-inf', '2147483647', '2147483648', '4294967296', '9007199254740993', '99999999999999999999', '0x10', '1.5', '007', '1e-50', '65536'];
const TOKENS = ['{', '}', '"', "'", ':', '#', '\n', ' ', '\\', '[', ']', '<', '>', ',', ';', 'layer {', 'top: "x"', 'bottom: "x"', 'name: "x"', 'type: "Convolution"', 'type: "Pooling"', 'type: "InnerProduct"', 'type: "Concat"', 'type: "Eltwise"', 'num_output: 0', 'kernel_size: 0', 'stride: 0', 'group: 3', 'pad: 100000', 'dim: 0', 'dim: -1', 'input_dim: 1000000', 'axis: -5', 'axis: 7', '\\x', '"\\', '\u0000', '\u00ff', '\ud800'];

export function mutateTextOnce(rng: Rng, src: string, others: readonly string[] = []): { text: string; how: string } {
  const n = src.length;
  switch (rng.int(0, 8)) {
    case 0:
    case 1:
    case 2: {
      // Replace one numeric token.
      const re = /-?\d+(\.\d+)?([eE][-+]?\d+)?/g;
      const hits: Array<[number, number]> = [];
      for (let m = re.exec(src); m && hits.length < 100_000; m = re.exec(src)) hits.push([m.index, m[0].length]);
      if (hits.length === 0) break;
      const [at, len] = rng.pick(hits);
      const old = src.slice(at, at + len);
      const v = rng.next() < 0.75 ? rng.pick(NUMBERS) : String(Math.round(Number(old) * rng.pick([0, -1, 2, 10, 1000, 0.5])) + rng.int(-2, 2));
      return { text: src.slice(0, at) + v + src.slice(at + len), how: `number@${at} ${old}->${v}` };
    }
    case 3: {
      const at = rng.int(0, n);
      const t = rng.pick(TOKENS);
      return { text: src.slice(0, at) + t + src.slice(at), how: `insert ${JSON.stringify(t)}@${at}` };
    }
    case 4: {
      const at = rng.int(0, n);
      const k = rng.int(1, 60);
      return { text: src.slice(0, at) + src.slice(at + k), how: `delete ${k}@${at}` };
    }
    case 5: {
      const lines = src.split('\n');
      const i = rng.int(0, lines.length - 1);
      if (rng.next() < 0.5) lines.splice(i, 1);
      else lines.splice(rng.int(0, lines.length), 0, ...lines.slice(i, i + rng.int(1, 12)));
      return { text: lines.join('\n'), how: `line edit@${i}` };
    }
    case 6: {
      const other = others.length > 0 ? rng.pick(others) : src;
      const a = rng.int(0, n);
      const b = rng.int(0, other.length);
      return { text: src.slice(0, a) + other.slice(b, b + rng.int(0, 2000)) + src.slice(a), how: `splice@${a}` };
    }
    case 7: {
      const at = rng.int(0, Math.max(0, n - 1));
      const c = String.fromCharCode(rng.next() < 0.8 ? rng.int(0, 127) : rng.int(128, 0xffff));
      return { text: src.slice(0, at) + c + src.slice(at + 1), how: `char@${at}` };
    }
    default: {
      const at = rng.int(0, n);
      return { text: src.slice(0, at), how: `truncate@${at}` };
    }
  }
  return { text: src.slice(0, rng.int(0, n)), how: 'truncate (no numbers)' };
}

/** Apply 1..max mutations. */
export function stack<T>(rng: Rng, src: T, once: (rng: Rng, x: T) => { value: T; how: string }, max = 3): { value: T; how: string } {
  const k = rng.next() < 0.6 ? 1 : rng.int(2, max);
  let v = src;
  const hows: string[] = [];
  for (let i = 0; i < k; i++) {
    const r = once(rng, v);
    v = r.value;
    hows.push(r.how);
  }
  return { value: v, how: hows.join('; ') };
}
