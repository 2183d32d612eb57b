import { SparseCnnError } from './errors.js';
import { sizeOf, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/**
 * A small, fast, seeded generator (xoshiro128**), so that every random fixture, pruning mask and test input can be
 * reproduced from its printed seed.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  readonly seed: number;

  constructor(seed: number = Rng.freshSeed()) {
    if (!Number.isFinite(seed)) throw new SparseCnnError('E_ARGUMENT', `seed must be a finite number, got ${seed}`);
    this.seed = seed >>> 0;
    // splitmix32 to spread the seed over the state
    let z = this.seed;
    const next = () => {
      z = (z + 0x9e3779b9) | 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A seed from the clock and Math.random, for "fresh random data each run" (print it on failure). */
  static freshSeed(): number {
    return ((Date.now() & 0xffff) * 65536 + Math.floor(Math.random() * 65536)) >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal (Box-Muller). */
  normal(mean = 0, std = 1): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new SparseCnnError('E_ARGUMENT', 'pick() from an empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A float32 tensor of uniform values in [lo, hi). */
export function randomUniform(shape: Shape, rng: Rng, lo = -1, hi = 1): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(lo, hi);
  return { dtype: 'float32', shape: [...shape], data };
}

/** A float32 tensor of normal values. */
export function randomNormal(shape: Shape, rng: Rng, mean = 0, std = 1): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal(mean, std);
  return { dtype: 'float32', shape: [...shape], data };
}

/**
 * A float32 tensor where each element is non-zero with probability `density` (uniform values in [lo, hi), never
 * exactly zero). Density 1 gives a dense tensor.
 */
export function randomSparse(shape: Shape, rng: Rng, density: number, lo = -1, hi = 1): Tensor {
  if (!(density >= 0 && density <= 1)) throw new SparseCnnError('E_ARGUMENT', `density must be in [0, 1], got ${density}`);
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    if (rng.next() < density) {
      let v = 0;
      while (v === 0) v = Math.fround(rng.uniform(lo, hi));
      data[i] = v;
    }
  }
  return { dtype: 'float32', shape: [...shape], data };
}
