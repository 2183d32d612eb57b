/**
 * Snapshots in Caffe's layout: `<prefix>_iter_<N>.caffemodel` (the TRAIN net's layers with their blobs, readable by
 * Caffe and by caffe-io) and `<prefix>_iter_<N>.solverstate` (Caffe's SolverState: iteration, weights file name,
 * momentum history, multistep position). What Caffe has no field for (pruning masks, DNS dense weights, data
 * cursors, pruning-method state) goes to `<prefix>_iter_<N>.solverstate.json`. Every file is written atomically and
 * the .solverstate last, so a snapshot is complete once its .solverstate exists.
 */
import {
  activeLayers, caffe, decodeCaffeModel, encodeCaffeModel, tensorToBlob, weightsFromNetParameter, type NetParameter,
} from '@sparsecnn/caffe-io';
import { SparseCnnError, type Tensor } from '@sparsecnn/tensor';
import type { ParamStore } from './net.js';
import type { Solver } from './solver.js';

export const EXTRAS_FORMAT = 'sparsecnn-solverstate-extras';

export interface SnapshotExtras {
  readonly format: typeof EXTRAS_FORMAT;
  readonly version: 1;
  readonly iter: number;
  readonly trainCursor: number;
  readonly testCursor: number;
  /** Parameter key -> base64 of the packed mask bits (LSB first). */
  readonly masks: Record<string, string>;
  /** Parameter key -> base64 of the float32 dense (DNS) weights. */
  readonly shadows: Record<string, string>;
  readonly regularization: Record<string, 'L1' | 'L2'>;
  readonly hooks: Record<string, unknown>;
}

export function packMask(mask: Uint8Array): string {
  const bits = new Uint8Array(Math.ceil(mask.length / 8));
  for (let i = 0; i < mask.length; i++) if (mask[i]) bits[i >> 3]! |= 1 << (i & 7);
  return Buffer.from(bits).toString('base64');
}

export function unpackMask(text: string, n: number, ctx: { file?: string; layer?: string } = {}): Uint8Array {
  const bits = new Uint8Array(Buffer.from(text, 'base64'));
  if (bits.length !== Math.ceil(n / 8)) throw new SparseCnnError('E_FORMAT', `mask has ${bits.length} bytes, ${Math.ceil(n / 8)} expected`, ctx);
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) m[i] = (bits[i >> 3]! >> (i & 7)) & 1;
  return m;
}

function floatsToBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function base64ToFloats(text: string, n: number, ctx: { file?: string; layer?: string }): Float32Array {
  const b = Buffer.from(text, 'base64');
  if (b.length !== n * 4) throw new SparseCnnError('E_FORMAT', `dense weights have ${b.length} bytes, ${n * 4} expected`, ctx);
  const out = new Float32Array(n);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** The TRAIN net's layers (as in the net file) with the current weights as blobs: what Caffe saves. */
export function netWithWeights(net: NetParameter, store: ParamStore, file?: string): NetParameter {
  const byLayer = store.byLayer();
  const layers = activeLayers(net, 'TRAIN', file).map((l) => {
    const blobs = byLayer.get(l.name ?? '');
    const copy: Record<string, unknown> = { ...l };
    delete copy['blobs'];
    if (blobs) copy['blobs'] = blobs.map((p) => tensorToBlob({ dtype: 'float32', shape: [...p.shape], data: p.data }));
    return caffe.LayerParameter.create(copy);
  });
  return { name: net.name ?? '', layer: layers };
}

export function encodeWeights(net: NetParameter, store: ParamStore, file?: string): Uint8Array {
  return encodeCaffeModel(netWithWeights(net, store, file));
}

export function encodeSolverState(solver: Solver, learnedNet: string): Uint8Array {
  const history = solver.store.list().map((p) => tensorToBlob({ dtype: 'float32', shape: [...p.shape], data: p.history }));
  const msg = caffe.SolverState.create({ iter: solver.iter, learned_net: learnedNet, history, current_step: solver.currentStep() });
  return caffe.SolverState.encode(msg).finish();
}

export function snapshotExtras(solver: Solver): SnapshotExtras {
  const masks: Record<string, string> = {};
  const shadows: Record<string, string> = {};
  const regularization: Record<string, 'L1' | 'L2'> = {};
  for (const p of solver.store.list()) {
    if (p.mask) masks[p.key] = packMask(p.mask);
    if (p.shadow) shadows[p.key] = floatsToBase64(p.shadow);
    if (p.regularization) regularization[p.key] = p.regularization;
  }
  const hooks: Record<string, unknown> = {};
  for (const h of solver.hooks) if (h.state) hooks[h.name] = h.state();
  return {
    format: EXTRAS_FORMAT, version: 1, iter: solver.iter, trainCursor: solver.trainFeeder.cursor,
    testCursor: solver.testFeeder?.cursor ?? 0, masks, shadows, regularization, hooks,
  };
}

/** Decoded .solverstate: iteration, weights file, history per parameter (store order). */
export function decodeSolverState(bytes: Uint8Array, file?: string): { iter: number; learnedNet: string; history: Float32Array[]; currentStep: number } {
  let msg: caffe.SolverState;
  try {
    msg = caffe.SolverState.decode(bytes);
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `not a Caffe .solverstate: ${(e as Error).message}`, file !== undefined ? { file } : {}, { cause: e });
  }
  const iter = Number(msg.iter ?? 0);
  if (!(Number.isSafeInteger(iter) && iter >= 0)) throw new SparseCnnError('E_FORMAT', `solver state iteration ${iter} is invalid`, file !== undefined ? { file } : {});
  const history = (msg.history ?? []).map((b) => {
    const d = b.data ?? [];
    return d instanceof Float32Array ? d : Float32Array.from(d);
  });
  return { iter, learnedNet: msg.learned_net ?? '', history, currentStep: Number(msg.current_step ?? 0) };
}

/** Restore a solver from decoded snapshot parts (weights by layer, state, extras). */
export function restoreSolver(
  solver: Solver,
  weights: ReadonlyMap<string, readonly Tensor[]>,
  state: { iter: number; history: Float32Array[] },
  extras: SnapshotExtras | null,
  file?: string,
): void {
  const params = solver.store.list();
  if (state.history.length !== params.length) {
    throw new SparseCnnError('E_FORMAT', `the solver state has ${state.history.length} history blobs, the net has ${params.length} parameters`, file !== undefined ? { file } : {});
  }
  params.forEach((p, i) => {
    const ctx = { ...(file !== undefined ? { file } : {}), layer: p.layer };
    const w = weights.get(p.layer)?.[p.index];
    if (!w || w.data.length !== p.data.length) throw new SparseCnnError('E_FORMAT', `the snapshot weights lack blob ${p.index} of the right size`, ctx);
    p.data.set(w.data);
    const h = state.history[i]!;
    if (h.length !== p.history.length) throw new SparseCnnError('E_FORMAT', `history blob ${i} has ${h.length} values, ${p.history.length} expected`, ctx);
    p.history.set(h);
    p.mask = extras?.masks[p.key] !== undefined ? unpackMask(extras.masks[p.key]!, p.data.length, ctx) : null;
    p.shadow = extras?.shadows[p.key] !== undefined ? base64ToFloats(extras.shadows[p.key]!, p.data.length, ctx) : null;
    p.regularization = extras?.regularization[p.key] ?? null;
    p.version++;
  });
  solver.iter = state.iter;
  solver.trainFeeder.cursor = extras?.trainCursor ?? state.iter * solver.trainFeeder.batch * solver.config.iterSize;
  if (solver.testFeeder) solver.testFeeder.cursor = extras?.testCursor ?? 0;
  if (extras) for (const h of solver.hooks) if (h.restore && extras.hooks[h.name] !== undefined) h.restore(extras.hooks[h.name]);
}

export function parseExtras(text: string, file?: string): SnapshotExtras {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new SparseCnnError('E_FORMAT', `snapshot extras are not JSON: ${(e as Error).message}`, file !== undefined ? { file } : {});
  }
  const o = j as Partial<SnapshotExtras>;
  if (!o || o.format !== EXTRAS_FORMAT || o.version !== 1 || typeof o.masks !== 'object' || typeof o.shadows !== 'object') {
    throw new SparseCnnError('E_FORMAT', 'not a sparsecnn solver-state extras file (format/version)', file !== undefined ? { file } : {});
  }
  return { regularization: {}, hooks: {}, trainCursor: 0, testCursor: 0, ...o } as SnapshotExtras;
}

export function weightsFromCaffeModel(bytes: Uint8Array, file?: string): Map<string, Tensor[]> {
  return weightsFromNetParameter(decodeCaffeModel(bytes, file !== undefined ? { file } : {}), file);
}
