import { assertFloat, outputTensor, type LrnParams } from '@sparsecnn/kernels-api';
import { SparseCnnError, formatShape, type Tensor } from '@sparsecnn/tensor';

/** Validate LRN parameters and an NCHW input; returns [N, C, H, W]. */
export function checkLrn(input: Tensor, params: LrnParams): [number, number, number, number] {
  assertFloat(input, 'LRN input');
  if (input.shape.length !== 4) throw new SparseCnnError('E_SHAPE', `LRN input must be NCHW, got ${formatShape(input.shape)}`);
  const { localSize, alpha, beta, k, region } = params ?? ({} as LrnParams);
  if (!Number.isSafeInteger(localSize) || localSize < 1 || localSize % 2 !== 1) {
    throw new SparseCnnError('E_ARGUMENT', `LRN localSize must be a positive odd integer, got ${localSize}`);
  }
  if (![alpha, beta, k].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new SparseCnnError('E_ARGUMENT', `LRN alpha, beta and k must be finite numbers, got ${alpha}, ${beta}, ${k}`);
  }
  if (region !== 'across' && region !== 'within') {
    throw new SparseCnnError('E_ARGUMENT', `LRN region must be 'across' or 'within', got '${String(region)}'`);
  }
  return input.shape as [number, number, number, number];
}

/**
 * scale = k + alpha / n * (sum of squares over the window) for every element: across channels with a running window
 * sum (O(1) per element), within a channel with separable box sums over the zero-padded n x n window (divided by n*n).
 */
export function lrnScale(input: Tensor, params: LrnParams): Float64Array {
  const [N, C, H, W] = checkLrn(input, params);
  const x = input.data;
  const n = params.localSize;
  const half = (n - 1) / 2;
  const P = H * W;
  const scale = new Float64Array(x.length);
  if (params.region === 'across') {
    const a = params.alpha / n;
    const acc = new Float64Array(P);
    for (let b = 0; b < N; b++) {
      const base = b * C * P;
      acc.fill(0);
      for (let c = 0; c < Math.min(half, C); c++) {
        for (let p = 0; p < P; p++) acc[p]! += x[base + c * P + p]! ** 2;
      }
      for (let c = 0; c < C; c++) {
        const add = c + half;
        const drop = c - half - 1;
        if (add < C) for (let p = 0; p < P; p++) acc[p]! += x[base + add * P + p]! ** 2;
        if (drop >= 0) for (let p = 0; p < P; p++) acc[p]! -= x[base + drop * P + p]! ** 2;
        for (let p = 0; p < P; p++) scale[base + c * P + p] = params.k + a * acc[p]!;
      }
    }
  } else {
    const a = params.alpha / (n * n);
    const rows = new Float64Array(P);
    for (let plane = 0; plane < N * C; plane++) {
      const base = plane * P;
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          let s = 0;
          for (let ww = Math.max(0, w - half); ww <= Math.min(W - 1, w + half); ww++) s += x[base + h * W + ww]! ** 2;
          rows[h * W + w] = s;
        }
      }
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          let s = 0;
          for (let hh = Math.max(0, h - half); hh <= Math.min(H - 1, h + half); hh++) s += rows[hh * W + w]!;
          scale[base + h * W + w] = params.k + a * s;
        }
      }
    }
  }
  return scale;
}

/** Local response normalisation (Caffe): y = x * scale^-beta. */
export function lrn(input: Tensor, params: LrnParams, out?: Tensor): Tensor {
  const scale = lrnScale(input, params);
  const y = outputTensor(input.shape, out, 'LRN output');
  const x = input.data;
  for (let i = 0; i < x.length; i++) y.data[i] = x[i]! * scale[i]! ** -params.beta;
  return y;
}
