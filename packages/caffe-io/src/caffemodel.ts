/**
 * Binary .caffemodel (a serialized NetParameter) decode and encode, via the protobufjs code generated from
 * `proto/caffe.proto`. Decoding accepts both the current `layer` (field 100) and the legacy V1 `layers` (field 2);
 * encoding writes what current Caffe writes: V2 `layer` entries whose blobs carry `shape` and packed float data.
 */
import { SparseCnnError } from '@sparsecnn/tensor';
import { caffe } from './schema.js';
import type { NetParameter } from './schema.js';

export interface DecodeOptions {
  /** File name used in errors. */
  readonly file?: string;
}

function toBytes(bytes: Uint8Array | ArrayBuffer, file: string | undefined): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new SparseCnnError('E_ARGUMENT', 'expected the model bytes as a Uint8Array', { file });
}

/** Maps a protobufjs decode failure to a typed error. */
export function protobufError(e: unknown, what: string, file: string | undefined): SparseCnnError {
  if (e instanceof SparseCnnError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /index out of range/i.test(msg)) {
    return new SparseCnnError('E_TRUNCATED', `${what} is truncated or corrupt (${msg})`, { file }, { cause: e });
  }
  return new SparseCnnError('E_FORMAT', `${what} is not a valid protobuf message (${msg})`, { file }, { cause: e });
}

/**
 * Decodes a binary .caffemodel. The result is a protobufjs message: blob data come back as plain number arrays
 * (read in bulk by protobufjs), int64 dims possibly as `Long` (use `int64ToNumber`).
 */
export function decodeCaffeModel(bytes: Uint8Array | ArrayBuffer, options: DecodeOptions = {}): NetParameter {
  const buf = toBytes(bytes, options.file);
  if (buf.length === 0) throw new SparseCnnError('E_TRUNCATED', 'the .caffemodel file is empty', { file: options.file });
  let net: caffe.NetParameter;
  try {
    net = caffe.NetParameter.decode(buf);
  } catch (e) {
    throw protobufError(e, 'the .caffemodel', options.file);
  }
  if ((net.layer?.length ?? 0) === 0 && (net.layers?.length ?? 0) === 0) {
    throw new SparseCnnError('E_FORMAT', 'the .caffemodel holds no layers (not a Caffe NetParameter?)', {
      file: options.file,
    });
  }
  return net;
}

/** Encodes a NetParameter (e.g. from `fromNetDescription`) as binary .caffemodel bytes. */
export function encodeCaffeModel(net: NetParameter): Uint8Array {
  try {
    return caffe.NetParameter.encode(net).finish();
  } catch (e) {
    throw new SparseCnnError('E_ARGUMENT', `cannot encode the NetParameter: ${e instanceof Error ? e.message : e}`, {}, {
      cause: e,
    });
  }
}
