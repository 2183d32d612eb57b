/** File helpers (Node only; imported lazily so the package stays usable in browsers). */
import { SparseCnnError, isSparseCnnError } from '@sparsecnn/tensor';
import type { NetDescription } from '@sparsecnn/tensor';
import { decodeBlobProto } from './blob.js';
import { decodeCaffeModel } from './caffemodel.js';
import { toNetDescription } from './convert.js';
import type { ConvertOptions } from './convert.js';
import { decodeDeepCompressionNet } from './deep-compression.js';
import { parsePrototxt } from './prototxt.js';
import type { NetParameter } from './schema.js';

async function readBytes(path: string): Promise<Uint8Array> {
  const fs = await import('node:fs/promises');
  try {
    const b = await fs.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot read the file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
}

export type WeightsFormat = 'caffemodel' | 'net';

/**
 * The weights format: by extension (.caffemodel / .net), else by content. A .caffemodel starts with a protobuf
 * tag of NetParameter (name = 1, layers = 2, layer = 100, ...); a .net file starts with little-endian uint32 counts.
 */
export function detectWeightsFormat(path: string, bytes: Uint8Array): WeightsFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.caffemodel') || lower.endsWith('.binaryproto')) return 'caffemodel';
  if (lower.endsWith('.net')) return 'net';
  try {
    const net = decodeCaffeModel(bytes);
    if ((net.layer?.length ?? 0) + (net.layers?.length ?? 0) > 0) return 'caffemodel';
  } catch {
    // not a protobuf NetParameter
  }
  return 'net';
}

export interface LoadOptions extends Omit<ConvertOptions, 'file' | 'weightsFile'> {
  /** Path of the network definition (.prototxt). */
  readonly prototxt: string;
  /** Path of the weights: .caffemodel (binary NetParameter) or Deep Compression .net. */
  readonly weights?: string;
  /** Receives the parser's warnings (unknown fields etc.). */
  readonly onWarning?: (warning: string) => void;
  /** Load the transform's mean file (relative to the prototxt's folder, else the cwd) when it exists; default true. */
  readonly loadMeanFile?: boolean;
}

/** Reads a prototxt (and weights) from disk and returns the NetDescription. */
export async function loadCaffeModel(options: LoadOptions): Promise<NetDescription> {
  if (!options || typeof options.prototxt !== 'string') {
    throw new SparseCnnError('E_ARGUMENT', 'loadCaffeModel needs { prototxt: path }');
  }
  const text = new TextDecoder().decode(await readBytes(options.prototxt));
  const { net, warnings } = parsePrototxt(text, { file: options.prototxt });
  for (const w of warnings) options.onWarning?.(w);
  const convert: ConvertOptions = {
    file: options.prototxt,
    ...(options.weights ? { weightsFile: options.weights } : {}),
    ...(options.phase ? { phase: options.phase } : {}),
    ...(options.inputShapes ? { inputShapes: options.inputShapes } : {}),
  };
  let desc: NetDescription;
  if (options.weights) {
    const bytes = await readBytes(options.weights);
    if (detectWeightsFormat(options.weights, bytes) === 'net') {
      const weights = decodeDeepCompressionNet(bytes, net, { file: options.weights });
      desc = toNetDescription(net, weights, convert);
    } else {
      const weights: NetParameter = decodeCaffeModel(bytes, { file: options.weights });
      desc = toNetDescription(net, weights, convert);
    }
  } else desc = toNetDescription(net, undefined, convert);

  const meanFile = desc.transform?.meanFile;
  if (meanFile && options.loadMeanFile !== false && !desc.transform?.meanImage) {
    const { dirname, resolve } = await import('node:path');
    const { existsSync } = await import('node:fs');
    // Caffe resolves it against the working directory (usually Caffe's root); try the prototxt's folder first.
    const path = [resolve(dirname(options.prototxt), meanFile), resolve(meanFile)].find((p) => existsSync(p));
    if (path) {
      try {
        const meanImage = decodeBlobProto(await readBytes(path), { file: path });
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
  const fs = await import('node:fs/promises');
  const { dirname, basename, join } = await import('node:path');
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
