/**
 * Loading a model from paths, URLs, bytes, Blobs / Files or text. Node modules are imported lazily and through a
 * computed specifier (source.ts), so the package bundles for browsers.
 */
import { SparseCnnError, isSparseCnnError } from '@sparsecnn/tensor';
import type { NetDescription } from '@sparsecnn/tensor';
import { decodeBlobProto } from './blob.js';
import { decodeCaffeModel } from './caffemodel.js';
import { isCompactModel, readCompactModel } from './compact.js';
import { toNetDescription } from './convert.js';
import type { ConvertOptions } from './convert.js';
import { decodeDeepCompressionNet } from './deep-compression.js';
import { parsePrototxt } from './prototxt.js';
import type { NetParameter } from './schema.js';
import { isNode, nodeImport, readSource, type ByteSource, type PrototxtSource } from './source.js';

export type WeightsFormat = 'caffemodel' | 'net' | 'scnn';

/**
 * The weights format: by extension (.caffemodel / .net / .scnn), else by content. A compact .scnn file starts with
 * the bundle magic 'SPBN'; a .caffemodel starts with a protobuf tag of NetParameter (name = 1, layers = 2,
 * layer = 100, ...); a .net file starts with little-endian uint32 counts.
 */
export function detectWeightsFormat(name: string, bytes: Uint8Array): WeightsFormat {
  return detectWeights(name, bytes).format;
}

/** detectWeightsFormat, plus the NetParameter when detecting a .caffemodel by content decoded it (not decoded twice). */
function detectWeights(name: string, bytes: Uint8Array): { format: WeightsFormat; decoded?: NetParameter } {
  const lower = name.toLowerCase();
  if (lower.endsWith('.caffemodel') || lower.endsWith('.binaryproto')) return { format: 'caffemodel' };
  if (lower.endsWith('.net')) return { format: 'net' };
  if (lower.endsWith('.scnn') || lower.endsWith('.sparsecnn')) return { format: 'scnn' };
  if (isCompactModel(bytes)) return { format: 'scnn' };
  try {
    const net = decodeCaffeModel(bytes);
    if ((net.layer?.length ?? 0) + (net.layers?.length ?? 0) > 0) return { format: 'caffemodel', decoded: net };
  } catch {
    // not a protobuf NetParameter
  }
  return { format: 'net' };
}

export interface LoadOptions extends Omit<ConvertOptions, 'file' | 'weightsFile'> {
  /**
   * The network definition (.prototxt): a path (Node), a URL (file:, http(s):, blob:, data:), its bytes
   * (ArrayBuffer / Uint8Array), a Blob / File, or `{ text, name? }` for the text itself. A string is always a path.
   */
  readonly prototxt: PrototxtSource;
  /**
   * The weights: .caffemodel (binary NetParameter), Deep Compression .net, or compact .scnn (`sparsecnn convert`),
   * from the same kinds of source as the prototxt (not text). The format comes from the name, else the content.
   */
  readonly weights?: ByteSource;
  /** Override the weights format detection (e.g. for nameless bytes). */
  readonly weightsFormat?: WeightsFormat;
  /** Receives the parser's warnings (unknown fields etc.). */
  readonly onWarning?: (warning: string) => void;
  /**
   * Load the transform's mean file (relative to the prototxt's folder, else the cwd) when it exists; default true.
   * Only for a prototxt read from a path or a file: URL.
   */
  readonly loadMeanFile?: boolean;
}

const FORMATS: readonly WeightsFormat[] = ['caffemodel', 'net', 'scnn'];

/** Reads a prototxt (and weights) from files, URLs, bytes or text and returns the NetDescription. */
export async function loadCaffeModel(options: LoadOptions): Promise<NetDescription> {
  if (!options || typeof options !== 'object' || options.prototxt === undefined || options.prototxt === null) {
    throw new SparseCnnError('E_ARGUMENT', 'loadCaffeModel needs { prototxt } (a path, URL, bytes, File or { text })');
  }
  if (options.weightsFormat !== undefined && !FORMATS.includes(options.weightsFormat)) {
    throw new SparseCnnError('E_ARGUMENT', `weightsFormat must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(options.weightsFormat)}`);
  }
  const proto = await readSource(options.prototxt, 'prototxt');
  const text = new TextDecoder().decode(proto.bytes);
  if (text.includes('\u0000')) {
    throw new SparseCnnError('E_FORMAT', 'the prototxt holds NUL bytes: binary data (weights?) given as the prototxt', { file: proto.name });
  }
  const { net, warnings } = parsePrototxt(text, { file: proto.name });
  for (const w of warnings) options.onWarning?.(w);
  const weights = options.weights !== undefined && options.weights !== null ? await readSource(options.weights, 'weights') : undefined;
  const convert: ConvertOptions = {
    file: proto.name,
    ...(weights ? { weightsFile: weights.name } : {}),
    ...(options.phase ? { phase: options.phase } : {}),
    ...(options.inputShapes ? { inputShapes: options.inputShapes } : {}),
  };
  let desc: NetDescription;
  if (weights) {
    const { format, decoded } = options.weightsFormat !== undefined
      ? { format: options.weightsFormat, decoded: undefined }
      : detectWeights(weights.name, weights.bytes);
    if (format === 'net') {
      desc = toNetDescription(net, decodeDeepCompressionNet(weights.bytes, net, { file: weights.name }), convert);
    } else if (format === 'scnn') {
      desc = toNetDescription(net, readCompactModel(weights.bytes, { file: weights.name }), convert);
    } else {
      desc = toNetDescription(net, decoded ?? decodeCaffeModel(weights.bytes, { file: weights.name }), convert);
    }
  } else desc = toNetDescription(net, undefined, convert);

  const meanFile = desc.transform?.meanFile;
  if (meanFile && options.loadMeanFile !== false && !desc.transform?.meanImage && proto.path !== undefined && isNode()) {
    const { dirname, resolve } = await nodeImport<typeof import('node:path')>('path');
    const { existsSync } = await nodeImport<typeof import('node:fs')>('fs');
    // Caffe resolves it against the working directory (usually Caffe's root); try the prototxt's folder first.
    const path = [resolve(dirname(proto.path), meanFile), resolve(meanFile)].find((p) => existsSync(p));
    if (path) {
      try {
        const meanImage = decodeBlobProto((await readSource(path, 'mean file')).bytes, { file: path });
        const shape = meanImage.shape.length === 4 && meanImage.shape[0] === 1 ? meanImage.shape.slice(1) : meanImage.shape;
        desc = { ...desc, transform: { ...desc.transform, meanImage: { ...meanImage, shape } } };
      } catch (e) {
        if (!isSparseCnnError(e)) throw e;
        options.onWarning?.(`${path}: mean file not loaded (${e.message})`);
      }
    }
  }
  return desc;
}

/**
 * Writes a file atomically: a temporary file in the same folder, fsync, then rename over the target. On any
 * failure the temporary file is removed and the target is left untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  if (!isNode()) throw new SparseCnnError('E_UNSUPPORTED', 'writeFileAtomic needs Node (fs)', { file: path });
  const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
  const { dirname, basename, join } = await nodeImport<typeof import('node:path')>('path');
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, path);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new SparseCnnError('E_IO', `cannot write the file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
}
