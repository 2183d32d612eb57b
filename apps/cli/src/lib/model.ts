import { extname, dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { decodeBlobProto, loadCaffeModel } from '@sparsecnn/caffe-io';
import { createSession, type Session, type SessionOptions } from '@sparsecnn/runtime';
import { SparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { UsageError } from './args.js';
import { readFileOrThrow, requireFile } from './files.js';
import { readNpy } from './npy.js';

export const BACKENDS = ['native', 'wasm', 'js'] as const;
export type CliBackend = (typeof BACKENDS)[number];

export function parseBackend(value: string | undefined, command: string): CliBackend | undefined {
  if (value === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${value}'`, command);
  }
  return value as CliBackend;
}

/** True for the compact sparse file written by `sparsecnn convert` (.scnn). */
export function isCompactFile(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.scnn' || ext === '.sparsecnn';
}

/**
 * Load a prototxt and optional weights (.caffemodel, Deep Compression .net, or the compact sparse .scnn), naming
 * any missing file.
 */
export async function loadNet(prototxt: string, weights?: string, onWarning?: (w: string) => void): Promise<NetDescription> {
  requireFile(prototxt, 'prototxt');
  if (weights !== undefined) requireFile(weights, 'weights file');
  // caffe-io reads all three weight formats; the compact one also by its .scnn / .sparsecnn extension.
  return loadCaffeModel({
    prototxt,
    ...(weights !== undefined ? { weights } : {}),
    ...(weights !== undefined && isCompactFile(weights) ? { weightsFormat: 'scnn' as const } : {}),
    ...(onWarning ? { onWarning } : {}),
  });
}

/** A session on the named backend (only that one) or the default chain (native > wasm > js). */
export async function openSession(
  net: NetDescription,
  { backend, batch, sparse, sparseThreshold, threads }: { backend?: CliBackend; batch?: number; sparse?: SessionOptions['sparse']; sparseThreshold?: number; threads?: number },
): Promise<Session> {
  const options: SessionOptions = {
    ...(threads !== undefined ? { threads } : {}),
    ...(backend !== undefined ? { backends: [backend] } : {}),
    ...(batch !== undefined ? { batch } : {}),
    ...(sparse !== undefined ? { sparse } : {}),
    ...(sparseThreshold !== undefined ? { sparseThreshold } : {}),
  };
  return createSession(net, options);
}

/** The backends a session actually used for its layers (the first one first). */
export function backendsUsed(session: Session): string[] {
  const used = new Set<string>();
  for (const p of session.plan) if (p.backend) used.add(p.backend);
  const order = [session.backend, ...session.backends];
  return [...new Set(order)].filter((b) => used.has(b) || b === session.backend);
}

/** Read a mean image [C, H, W]: numpy .npy, or Caffe's .binaryproto (a BlobProto, via caffe-io). */
export function readMeanFile(path: string): Tensor {
  const bytes = readFileOrThrow(path);
  const ext = extname(path).toLowerCase();
  let t: Tensor;
  if (ext === '.npy') {
    t = readNpy(bytes, { file: path });
  } else {
    t = decodeBlobProto(bytes, { file: path });
  }
  // A [1, C, H, W] blob (binaryproto) -> [C, H, W].
  if (t.shape.length === 4 && t.shape[0] === 1) t = { dtype: 'float32', shape: t.shape.slice(1), data: t.data };
  if (t.shape.length !== 3) {
    throw new SparseCnnError('E_SHAPE', `mean image must be [C, H, W], got [${t.shape.join(', ')}]`, { file: path });
  }
  return t;
}

/** The model's own mean file (transform_param.mean_file), resolved next to the prototxt, when it exists. */
export function modelMeanFile(net: NetDescription, prototxt: string): string | undefined {
  const f = net.transform?.meanFile;
  if (!f) return undefined;
  const p = resolve(dirname(prototxt), f);
  return existsSync(p) ? p : undefined;
}
