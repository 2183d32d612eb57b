import { SparseCnnError } from './errors.js';

/** [height, width] pair. */
export type Pair = readonly [h: number, w: number];

function checkInt(v: number, name: string, min: number): void {
  if (!Number.isSafeInteger(v) || v < min) {
    throw new SparseCnnError('E_ARGUMENT', `${name} must be an integer >= ${min}, got ${v}`);
  }
}

/**
 * Convolution output extent along one axis, as Caffe computes it (floor):
 * `floor((in + 2 * pad - (dilation * (kernel - 1) + 1)) / stride) + 1`. Throws when the kernel does not fit.
 */
export function convOutputSize(input: number, kernel: number, stride = 1, pad = 0, dilation = 1): number {
  checkInt(input, 'input size', 1);
  checkInt(kernel, 'kernel size', 1);
  checkInt(stride, 'stride', 1);
  checkInt(pad, 'pad', 0);
  checkInt(dilation, 'dilation', 1);
  const extent = dilation * (kernel - 1) + 1;
  checkIndexRange(input + 2 * pad, extent, 'convolution');
  const span = input + 2 * pad - extent;
  if (span < 0) {
    throw new SparseCnnError(
      'E_SHAPE',
      `kernel extent ${extent} (kernel ${kernel}, dilation ${dilation}) exceeds padded input ${input + 2 * pad}`,
    );
  }
  return Math.floor(span / stride) + 1;
}

/**
 * Pooling output extent along one axis with Caffe's rounding: `ceil((in + 2 * pad - kernel) / stride) + 1`, then,
 * when padding is used, the last window is dropped if it would start inside the right padding
 * (`(out - 1) * stride >= in + pad`).
 */
export function poolOutputSize(input: number, kernel: number, stride = 1, pad = 0): number {
  checkInt(input, 'input size', 1);
  checkInt(kernel, 'kernel size', 1);
  checkInt(stride, 'stride', 1);
  checkInt(pad, 'pad', 0);
  if (pad >= kernel) throw new SparseCnnError('E_ARGUMENT', `pooling pad ${pad} must be smaller than the kernel ${kernel}`);
  const span = input + 2 * pad - kernel;
  if (span < 0) throw new SparseCnnError('E_SHAPE', `pooling kernel ${kernel} exceeds padded input ${input + 2 * pad}`);
  let out = Math.ceil(span / stride) + 1;
  if (pad > 0 && (out - 1) * stride >= input + pad) out--;
  // Ceil mode lets the last window start past the padded input (by less than a stride): it must still be an int32
  // index (a stride of 2^31 wrapped to a negative window start and made a kernel loop 2^31 times; fuzz finding).
  checkIndexRange(input + 2 * pad, (out - 1) * stride + kernel, 'pooling');
  return out;
}

/** Window positions are int32 in every kernel: the padded input and the farthest window end must fit. */
function checkIndexRange(padded: number, farthest: number, what: string): void {
  if (padded > INT32_MAX || farthest > INT32_MAX) {
    throw new SparseCnnError('E_OVERFLOW', `${what} geometry does not fit 32-bit indices (padded input ${padded}, last window ends at ${farthest})`);
  }
}

const INT32_MAX = 2 ** 31 - 1;

/** Dense convolution multiply-accumulates per image: outC * outH * outW * (inC / groups) * kh * kw. */
export function convMacs(
  inChannels: number, outChannels: number, outH: number, outW: number, kh: number, kw: number, groups = 1,
): number {
  return outChannels * outH * outW * (inChannels / groups) * kh * kw;
}
