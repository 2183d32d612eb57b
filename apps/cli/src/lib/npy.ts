import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';

/**
 * A minimal reader of numpy's .npy format (versions 1.0-3.0): little- or big-endian float32/float64, (u)int8/16/32,
 * C order. Returns float32 (float64 values are rounded). Enough for Caffe's ilsvrc_2012_mean.npy ([3, 256, 256]
 * float64) and similar mean files.
 */
export function readNpy(bytes: Uint8Array, { file }: { file?: string } = {}): Tensor {
  const fail = (code: 'E_FORMAT' | 'E_TRUNCATED' | 'E_UNSUPPORTED' | 'E_VERSION', msg: string, offset?: number): never => {
    throw new SparseCnnError(code, `.npy: ${msg}`, { ...(file !== undefined ? { file } : {}), ...(offset !== undefined ? { offset } : {}) });
  };
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10) fail('E_TRUNCATED', `file has ${bytes.length} bytes, too short for a header`, 0);
  for (let i = 0; i < 6; i++) if (bytes[i] !== magic[i]) fail('E_FORMAT', 'bad magic (not a numpy .npy file)', 0);
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('E_TRUNCATED', 'header length cut off', 8);
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail('E_VERSION', `format version ${major}.${bytes[7]} is not supported`, 6);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail('E_TRUNCATED', `header of ${headerLen} bytes runs past the end`, headerStart);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    return fail('E_FORMAT', `header is not a numpy header dict: ${header.trim()}`, headerStart);
  }
  if (fortran === 'True') fail('E_UNSUPPORTED', 'Fortran-order arrays are not supported', headerStart);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) fail('E_FORMAT', `bad dimension '${s}' in shape`, headerStart);
      return n;
    });
  const count = shape.reduce((a, b) => a * b, 1);
  const m = /^([<>|=])([fiu])(\d+)$/.exec(descr);
  if (!m) return fail('E_UNSUPPORTED', `dtype '${descr}' is not supported`, headerStart);
  const little = m[1] !== '>';
  const kind = m[2]!;
  const size = Number(m[3]);
  const ok = (kind === 'f' && (size === 4 || size === 8)) || ((kind === 'i' || kind === 'u') && [1, 2, 4].includes(size));
  if (!ok) fail('E_UNSUPPORTED', `dtype '${descr}' is not supported`, headerStart);
  const need = count * size;
  if (bytes.length - dataStart < need) {
    fail('E_TRUNCATED', `data needs ${need} bytes for shape (${shape.join(', ')}) but ${bytes.length - dataStart} remain`, dataStart);
  }
  const out = new Float32Array(count);
  for (let i = 0, o = dataStart; i < count; i++, o += size) {
    let v: number;
    if (kind === 'f') v = size === 8 ? view.getFloat64(o, little) : view.getFloat32(o, little);
    else if (kind === 'i') v = size === 1 ? view.getInt8(o) : size === 2 ? view.getInt16(o, little) : view.getInt32(o, little);
    else v = size === 1 ? view.getUint8(o) : size === 2 ? view.getUint16(o, little) : view.getUint32(o, little);
    out[i] = v;
  }
  return { dtype: 'float32', shape, data: out };
}
