/**
 * Caffe's weight fillers (caffe/include/caffe/filler.hpp) with a seeded generator: constant, uniform, gaussian
 * (optionally sparse), xavier, msra. fan_in = count / shape[0], fan_out = count / shape[1].
 */
import type { caffe } from '@sparsecnn/caffe-io';
import { type Rng, SparseCnnError, type ErrorContext } from '@sparsecnn/tensor';

export type FillerParameter = caffe.FillerParameter.$Properties;

export function fill(data: Float32Array, shape: readonly number[], filler: FillerParameter | null | undefined, rng: Rng, ctx: ErrorContext = {}): void {
  const type = filler?.type ?? 'constant';
  const count = data.length;
  const fanIn = shape.length > 0 && shape[0]! > 0 ? count / shape[0]! : count;
  const fanOut = shape.length > 1 && shape[1]! > 0 ? count / shape[1]! : count;
  const norm = filler?.variance_norm ?? 0;
  const n = norm === 2 ? (fanIn + fanOut) / 2 : norm === 1 ? fanOut : fanIn;
  switch (type) {
    case 'constant':
      data.fill(filler?.value ?? 0);
      return;
    case 'uniform': {
      const lo = filler?.min ?? 0;
      const hi = filler?.max ?? 1;
      if (!(hi >= lo)) throw new SparseCnnError('E_FORMAT', `uniform filler max ${hi} < min ${lo}`, ctx);
      for (let i = 0; i < count; i++) data[i] = rng.uniform(lo, hi);
      return;
    }
    case 'gaussian': {
      const mean = filler?.mean ?? 0;
      const std = filler?.std ?? 1;
      if (!(std >= 0)) throw new SparseCnnError('E_FORMAT', `gaussian filler std must be >= 0, got ${std}`, ctx);
      for (let i = 0; i < count; i++) data[i] = rng.normal(mean, std);
      const sparse = filler?.sparse ?? -1;
      if (sparse >= 0) {
        // Each weight is kept with probability sparse / num_outputs (Caffe's sparse gaussian).
        const numOutputs = shape[0] ?? 1;
        const p = Math.min(1, sparse / numOutputs);
        for (let i = 0; i < count; i++) if (rng.next() >= p) data[i] = 0;
      }
      return;
    }
    case 'xavier': {
      const scale = Math.sqrt(3 / n);
      for (let i = 0; i < count; i++) data[i] = rng.uniform(-scale, scale);
      return;
    }
    case 'msra': {
      const std = Math.sqrt(2 / n);
      for (let i = 0; i < count; i++) data[i] = rng.normal(0, std);
      return;
    }
    default:
      throw new SparseCnnError('E_UNSUPPORTED', `filler type '${type}' is not supported (constant, uniform, gaussian, xavier, msra)`, ctx);
  }
}
