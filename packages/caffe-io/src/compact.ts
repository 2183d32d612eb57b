/**
 * The compact sparse model file (.scnn, written by `sparsecnn convert`): a caffemodel's weights as an @sparsecnn/sparse bundle. Entries are named
 * `<layer>/<blobIndex>`; weight blobs at or below a density threshold are stored as CSR (rows = the blob's first
 * axis), the rest as dense tensors. The bundle's `meta` holds the NetParameter without its blobs plus each blob's
 * original shape fields, so that converting back gives the same caffemodel weights.
 *
 * meta layout: "SCNNMETA" | u32 LE version (1) | u32 LE JSON byte length | JSON (MetaJson) | NetParameter bytes.
 */
import { BUNDLE_MAGIC, decodeBundle, encodeBundle, csrToDense, tensorToCsr, type CsrMatrix } from '@sparsecnn/sparse';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import { decodeCaffeModel, encodeCaffeModel } from './caffemodel.js';
import type { NetParameter } from './schema.js';

/** Weight blobs at or below this density are stored as CSR by default. */
export const DEFAULT_COMPACT_DENSITY_THRESHOLD = 0.5;
const META_MAGIC = 'SCNNMETA';
const META_VERSION = 1;
/** More blobs than any Caffe layer has (BatchNorm: 3). */
const MAX_BLOBS_PER_LAYER = 64;

/** The parts of caffe-io's NetParameter / BlobProto this module touches (protobufjs message objects). */
type Int64 = number | { toNumber(): number };
export interface BlobLike {
  shape?: { dim?: Int64[] | null } | null;
  data?: ArrayLike<number> | null;
  double_data?: ArrayLike<number> | null;
  num?: number | null;
  channels?: number | null;
  height?: number | null;
  width?: number | null;
}
export interface LayerLike {
  name?: string | null;
  blobs?: BlobLike[] | null;
}
export interface NetLike {
  layer?: LayerLike[] | null;
  layers?: LayerLike[] | null;
}

interface BlobRecord {
  entry: string;
  list: 'layer' | 'layers';
  layer: number;
  blob: number;
  dim?: number[];
  num?: number;
  channels?: number;
  height?: number;
  width?: number;
  /** The values were in double_data (written back there; float32 precision). */
  double?: boolean;
  /** Flat indices of -0.0 values (CSR drops the sign of zeros). */
  negZeros?: number[];
  elements: number;
}

interface MetaJson {
  format: 'sparsecnn-caffemodel';
  version: number;
  blobs: BlobRecord[];
}

const int = (v: Int64): number => (typeof v === 'number' ? v : v.toNumber());

/** A blob's dimensions: `shape.dim` when present, else the legacy num/channels/height/width. */
export function blobDims(b: BlobLike): number[] {
  const dims = b.shape?.dim;
  if (dims && dims.length > 0) return dims.map(int);
  const legacy = [b.num, b.channels, b.height, b.width].map((v) => v ?? 0);
  if (legacy.some((v) => v > 0)) {
    // Caffe's legacy 4-D blob; a missing field counts as 1 only when some other is set.
    return legacy.map((v) => (v > 0 ? v : 1));
  }
  const n = (b.data?.length ?? 0) || (b.double_data?.length ?? 0);
  return [n];
}

/** A blob as a tensor (shape from `shape.dim` or num/channels/height/width; values from data or double_data). */
export function compactBlobToTensor(b: BlobLike, where: { layer: string; file?: string }): Tensor {
  const src = b.data && b.data.length > 0 ? b.data : b.double_data && b.double_data.length > 0 ? b.double_data : b.data ?? [];
  const data = src instanceof Float32Array ? src.slice() : Float32Array.from(src);
  let shape = blobDims(b);
  const need = shape.reduce((a, d) => a * d, 1);
  if (need !== data.length) {
    if (data.length === 0) shape = [0];
    else throw new SparseCnnError('E_SHAPE', `blob shape [${shape.join(', ')}] needs ${need} values but has ${data.length}`, where);
  }
  return { dtype: 'float32', shape, data };
}

function density(t: Tensor): number {
  let nz = 0;
  for (let i = 0; i < t.data.length; i++) if (t.data[i] !== 0) nz++;
  return t.data.length === 0 ? 1 : nz / t.data.length;
}

/** How one blob is stored: CSR when it is a matrix-like weight blob at or below the threshold, else dense. */
function entryValue(t: Tensor, blobIndex: number, threshold: number): Tensor | CsrMatrix {
  if (blobIndex === 0 && t.shape.length >= 2 && t.data.length > 0 && density(t) <= threshold) return tensorToCsr(t);
  return t;
}

/** Bytes of a layer's blobs alone in a bundle (for `inspect`). */
export function compactLayerBytes(layer: string, blobs: readonly Tensor[], threshold = DEFAULT_COMPACT_DENSITY_THRESHOLD): number {
  return encodeBundle({ entries: blobs.map((t, i) => ({ name: `${layer}/${i}`, value: entryValue(t, i, threshold) })) }).length;
}

function stripBlobs<L extends LayerLike>(layers: L[] | null | undefined): L[] | undefined {
  return layers?.map((l) => ({ ...l, blobs: [] }));
}

export interface WriteCompactOptions {
  /** Weight blobs at or below this density (non-zeros / values) are stored as CSR; default 0.5. */
  readonly densityThreshold?: number;
  /** File name used in errors. */
  readonly file?: string;
}

/**
 * A NetParameter with weights (e.g. from `decodeCaffeModel`) -> the bytes of a compact .scnn file. Reading them back
 * with `readCompactModel` gives the same weights (float32; -0.0 kept) and the same structure.
 */
export function writeCompactModel(
  param: NetParameter | NetLike, { densityThreshold = DEFAULT_COMPACT_DENSITY_THRESHOLD, file }: WriteCompactOptions = {},
): Uint8Array {
  const net = param;
  const records: BlobRecord[] = [];
  const entries: Array<{ name: string; value: Tensor | CsrMatrix }> = [];
  const used = new Set<string>();
  for (const list of ['layer', 'layers'] as const) {
    (net[list] ?? []).forEach((layer, li) => {
      const lname = layer.name ?? '';
      (layer.blobs ?? []).forEach((b, bi) => {
        let entry = `${lname}/${bi}`;
        for (let k = 2; used.has(entry); k++) entry = `${lname}#${k}/${bi}`;
        used.add(entry);
        const t = compactBlobToTensor(b, { layer: lname, ...(file !== undefined ? { file } : {}) });
        const rec: BlobRecord = { entry, list, layer: li, blob: bi, elements: t.data.length };
        const dims = b.shape?.dim;
        if (dims && dims.length > 0) rec.dim = dims.map(int);
        for (const f of ['num', 'channels', 'height', 'width'] as const) {
          const v = b[f];
          if (v !== undefined && v !== null && v !== 0) rec[f] = v;
        }
        if (!(b.data && b.data.length > 0) && b.double_data && b.double_data.length > 0) rec.double = true;
        const negZeros: number[] = [];
        for (let i = 0; i < t.data.length; i++) if (Object.is(t.data[i], -0)) negZeros.push(i);
        if (negZeros.length > 0) rec.negZeros = negZeros;
        records.push(rec);
        entries.push({ name: entry, value: entryValue(t, bi, densityThreshold) });
      });
    });
  }
  const structure: NetLike = { ...net };
  if (net.layer) structure.layer = stripBlobs(net.layer) ?? null;
  if (net.layers) structure.layers = stripBlobs(net.layers) ?? null;
  const structBytes = encodeCaffeModel(structure as Parameters<typeof encodeCaffeModel>[0]);
  const json = new TextEncoder().encode(JSON.stringify({ format: 'sparsecnn-caffemodel', version: META_VERSION, blobs: records } satisfies MetaJson));
  const meta = new Uint8Array(16 + json.length + structBytes.length);
  meta.set(new TextEncoder().encode(META_MAGIC), 0);
  const dv = new DataView(meta.buffer);
  dv.setUint32(8, META_VERSION, true);
  dv.setUint32(12, json.length, true);
  meta.set(json, 16);
  meta.set(structBytes, 16 + json.length);
  return encodeBundle({ meta, entries });
}

/** True when the bytes start like a compact .scnn file (an @sparsecnn/sparse bundle). */
export function isCompactModel(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  for (let i = 0; i < 4; i++) if (bytes[i] !== BUNDLE_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Compact .scnn bytes -> the NetParameter with its weights restored (as `decodeCaffeModel` would give for the
 * original .caffemodel). Bad bytes are typed errors: E_FORMAT, E_VERSION, E_TRUNCATED, E_SHAPE, naming `file`.
 */
export function readCompactModel(bytes: Uint8Array, { file }: { readonly file?: string } = {}): NetParameter {
  const ctx = file !== undefined ? { file } : {};
  const bundle = decodeBundle(bytes, ctx);
  const meta = bundle.meta;
  const fail = (msg: string): never => {
    throw new SparseCnnError('E_FORMAT', `compact model: ${msg}`, ctx);
  };
  if (!meta || meta.length < 16) return fail('no sparsecnn-caffemodel meta block (not written by sparsecnn convert?)');
  if (new TextDecoder().decode(meta.subarray(0, 8)) !== META_MAGIC) return fail('meta block has a bad magic');
  const dv = new DataView(meta.buffer, meta.byteOffset, meta.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== META_VERSION) throw new SparseCnnError('E_VERSION', `compact model meta version ${version} (this build reads ${META_VERSION})`, ctx);
  const jsonLen = dv.getUint32(12, true);
  if (16 + jsonLen > meta.length) throw new SparseCnnError('E_TRUNCATED', 'compact model: meta JSON runs past the meta block', ctx);
  let info: MetaJson;
  try {
    info = JSON.parse(new TextDecoder().decode(meta.subarray(16, 16 + jsonLen))) as MetaJson;
  } catch (e) {
    return fail(`meta JSON does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (info === null || typeof info !== 'object' || info.format !== 'sparsecnn-caffemodel' || !Array.isArray(info.blobs)) {
    return fail('meta JSON is not a sparsecnn-caffemodel record');
  }
  // Every record is checked before use: an index from the file must never become a sparse-array slot (a blob index
  // of 2^31 - 1 made the copy below walk 2^31 holes), nor a field of the wrong type reach the loops.
  const isIndex = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v < max;
  info.blobs.forEach((rec: unknown, k) => {
    const r = rec as Partial<BlobRecord> | null;
    const ok = r !== null && typeof r === 'object' && typeof r.entry === 'string' && (r.list === 'layer' || r.list === 'layers') &&
      isIndex(r.layer, 2 ** 31) && isIndex(r.blob, MAX_BLOBS_PER_LAYER) && isIndex(r.elements, 2 ** 31) &&
      (r.dim === undefined || (Array.isArray(r.dim) && r.dim.every((d) => isIndex(d, 2 ** 31)))) &&
      (['num', 'channels', 'height', 'width'] as const).every((f) => r[f] === undefined || isIndex(r[f], 2 ** 31)) &&
      (r.negZeros === undefined || (Array.isArray(r.negZeros) && r.negZeros.every((i) => isIndex(i, 2 ** 31))));
    if (!ok) fail(`meta record ${k} is malformed: ${String(JSON.stringify(rec)).slice(0, 200)}`);
  });
  const net = decodeCaffeModel(meta.slice(16 + jsonLen), ctx) as unknown as NetLike;
  const byName = new Map<string, Tensor | CsrMatrix>();
  for (const e of bundle.entries) byName.set(e.name, e.value as Tensor | CsrMatrix);
  for (const rec of info.blobs) {
    const layers = net[rec.list];
    const layer = layers?.[rec.layer];
    if (!layer) return fail(`blob '${rec.entry}' refers to ${rec.list}[${rec.layer}], which the structure lacks`);
    const v = byName.get(rec.entry);
    if (!v) return fail(`entry '${rec.entry}' is missing`);
    const values = 'format' in v && v.format === 'csr' ? csrToDense(v) : (v as Tensor).data;
    if (values.length !== rec.elements) {
      throw new SparseCnnError('E_SHAPE', `entry '${rec.entry}' has ${values.length} values, the blob needs ${rec.elements}`, { ...ctx, layer: layer.name ?? '' });
    }
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    for (const i of rec.negZeros ?? []) if (i >= 0 && i < data.length && data[i] === 0) data[i] = -0;
    const blob: BlobLike = {};
    if (rec.dim) blob.shape = { dim: rec.dim };
    for (const f of ['num', 'channels', 'height', 'width'] as const) if (rec[f] !== undefined) blob[f] = rec[f]!;
    const dims = blobDims({ ...blob, data: values });
    if (dims.some((d) => !Number.isSafeInteger(d) || d < 0) || dims.reduce((a, d) => a * d, 1) !== values.length) {
      throw new SparseCnnError('E_FORMAT', `compact model: blob '${rec.entry}' has shape [${dims.join(', ')}] but ${values.length} values`, { ...ctx, layer: layer.name ?? '' });
    }
    // Typed arrays, as decodeCaffeModel gives them (fast-blob.ts): blobToTensor keeps a Float32Array without copying.
    if (rec.double) blob.double_data = Float64Array.from(data);
    else blob.data = data;
    const blobs = layer.blobs ? [...layer.blobs] : [];
    blobs[rec.blob] = blob;
    layer.blobs = blobs;
  }
  // A layer's blobs are a dense list: records that skip an index leave a hole, which is a damaged file.
  for (const list of ['layer', 'layers'] as const) {
    for (const layer of net[list] ?? []) {
      const blobs = layer.blobs ?? [];
      for (let i = 0; i < blobs.length; i++) {
        if (blobs[i] === undefined) fail(`layer '${layer.name ?? ''}' has no blob ${i} but a blob ${blobs.length - 1}`);
      }
    }
  }
  return net as unknown as NetParameter;
}
