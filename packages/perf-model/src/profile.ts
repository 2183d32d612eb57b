import { SparseCnnError } from '@sparsecnn/tensor';
import type { LinearModel } from './linear.js';

export const PROFILE_VERSION = 1;

/** A calibrated machine profile for one backend + ISA + thread count. Plain JSON. */
export interface MachineProfile {
  readonly version: typeof PROFILE_VERSION;
  readonly backend: string;
  readonly isa: string;
  readonly threads: number;
  /** SIMD lanes of the sparse kernel's vectors (8 for AVX2, 4 for wasm SIMD, 1 for scalar). */
  readonly lanes: number;
  readonly createdAt: string;
  readonly calibrationMs: number;
  /** F: dense convolution rate, FLOP/s (median over the calibration shapes). */
  readonly denseFlops: number;
  /** B: streaming (out-of-cache) bandwidth, bytes/s. */
  readonly bandwidth: number;
  /** Cache-resident bandwidth, bytes/s. */
  readonly cacheBandwidth: number;
  readonly models: {
    readonly denseConv: LinearModel;
    readonly sparseConv: LinearModel;
    readonly denseFc: LinearModel;
    readonly sparseFc: LinearModel;
  };
  /** Median absolute relative error of each fit on its own calibration points. */
  readonly fitError: Readonly<Record<'denseConv' | 'sparseConv' | 'denseFc' | 'sparseFc', number>>;
}

function isModel(m: unknown): m is LinearModel {
  const x = m as LinearModel;
  return (
    typeof x === 'object' && x !== null && Array.isArray(x.features) && Array.isArray(x.coef) &&
    x.features.length === x.coef.length && x.coef.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0)
  );
}

/** Validate parsed JSON as a profile; throws E_VERSION / E_FORMAT naming `file`. */
export function parseProfile(json: unknown, file?: string): MachineProfile {
  const ctx = file !== undefined ? { file } : {};
  const p = json as MachineProfile;
  if (typeof p !== 'object' || p === null) throw new SparseCnnError('E_FORMAT', 'machine profile is not an object', ctx);
  if (p.version !== PROFILE_VERSION) {
    throw new SparseCnnError('E_VERSION', `machine profile version ${String(p.version)}, this build reads ${PROFILE_VERSION}`, ctx);
  }
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (typeof p.backend !== 'string' || typeof p.isa !== 'string' || !Number.isInteger(p.threads) || !positive(p.lanes)) {
    throw new SparseCnnError('E_FORMAT', 'machine profile lacks backend, isa, threads or lanes', ctx);
  }
  if (!positive(p.denseFlops) || !positive(p.bandwidth) || !positive(p.cacheBandwidth)) {
    throw new SparseCnnError('E_FORMAT', 'machine profile rates must be positive numbers', ctx);
  }
  const m = p.models;
  if (!m || !isModel(m.denseConv) || !isModel(m.sparseConv) || !isModel(m.denseFc) || !isModel(m.sparseFc)) {
    throw new SparseCnnError('E_FORMAT', 'machine profile models are malformed', ctx);
  }
  return p;
}

/** Cache file name for a backend + ISA + thread count. */
export function profileFileName(backend: string, isa: string, threads: number): string {
  const safe = (s: string) => s.replace(/[^a-z0-9.-]/gi, '_');
  return `profile-v${PROFILE_VERSION}-${safe(backend)}-${safe(isa)}-${threads}t.json`;
}

/**
 * A profile that is exactly the paper's model (PAPER-NOTES §2): dense t = C / F, sparse compute alpha * x * C / F
 * (lanes = 1 makes the 'vectorFmas' feature equal x * MACs), bandwidth B. For what-if questions about other machines
 * (the paper's Xeon: F 2150e9, alpha 3, B 122e9; Atom: 62e9, 1.2, 15e9) and for tests.
 */
export function paperProfile(
  F: number, alpha: number, B: number, id: { backend?: string; isa?: string } = {},
): MachineProfile {
  return {
    version: PROFILE_VERSION, backend: id.backend ?? 'paper', isa: id.isa ?? 'scalar', threads: 1, lanes: 1,
    createdAt: '', calibrationMs: 0, denseFlops: F, bandwidth: B, cacheBandwidth: B,
    models: {
      denseConv: { features: ['macs', 'lowered', 'outputs', 'const'], coef: [2 / F, 0, 0, 0] },
      sparseConv: { features: ['vectorFmas', 'nnzTiles', 'tiles', 'inputs', 'const'], coef: [(2 * alpha) / F, 0, 0, 0, 0] },
      denseFc: { features: ['macsBatch', 'weights', 'const'], coef: [2 / F, 0, 0] },
      sparseFc: { features: ['nnzBatch', 'nnz', 'rows', 'const'], coef: [(2 * alpha) / F, 0, 0, 0] },
    },
    fitError: { denseConv: 0, sparseConv: 0, denseFc: 0, sparseFc: 0 },
  };
}
