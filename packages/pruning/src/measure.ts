/**
 * What a pruning run produces and how it is judged (Node): the deploy-side network description of the trained
 * weights, file sizes (dense .caffemodel, pruned .caffemodel, compact .scnn), and measured forward times of the
 * dense and the pruned network on a backend (runtime sessions, medians after warm-up).
 */
import { toNetDescription, writeCompactModel, type NetParameter } from '@sparsecnn/caffe-io';
import type { BackendName } from '@sparsecnn/kernels-api';
import { median, type MachineProfile } from '@sparsecnn/perf-model';
import { createSession } from '@sparsecnn/runtime';
import { type NetDescription, type Tensor } from '@sparsecnn/tensor';
import type { ParamStore } from './net.js';
import { encodeWeights, netWithWeights } from './snapshot.js';

/** The TEST-phase network (Data layer -> input of `batch` images; loss and accuracy dropped) with the store's weights. */
export function deployNet(net: NetParameter, weights: ParamStore | NetParameter, imageShape: readonly [number, number, number], batch = 1, file?: string): NetDescription {
  const weighted = 'params' in weights ? netWithWeights(net, weights, file) : (weights);
  const data = net.layer?.find((l) => l.type === 'Data' && (l.include ?? []).some((r) => r.phase === 1))
    ?? net.layer?.find((l) => l.type === 'Data');
  const top = data?.top?.[0] ?? 'data';
  return toNetDescription(net, weighted, { phase: 'TEST', inputShapes: { [top]: [batch, ...imageShape] }, ...(file !== undefined ? { file } : {}) });
}

export interface SizeReport {
  /** .caffemodel of the dense starting weights. */
  readonly denseCaffemodel: number;
  /** .caffemodel of the pruned weights (same layout: zeros stored). */
  readonly prunedCaffemodel: number;
  /** Compact .scnn of the pruned weights (sparse blobs as CSR). */
  readonly compact: number;
  /** denseCaffemodel / compact. */
  readonly ratio: number;
}

export function sizes(net: NetParameter, dense: ParamStore | Uint8Array, pruned: ParamStore, file?: string): { report: SizeReport; caffemodel: Uint8Array; scnn: Uint8Array } {
  const caffemodel = encodeWeights(net, pruned, file);
  const scnn = writeCompactModel(netWithWeights(net, pruned, file));
  const denseBytes = dense instanceof Uint8Array ? dense.length : encodeWeights(net, dense, file).length;
  return {
    report: { denseCaffemodel: denseBytes, prunedCaffemodel: caffemodel.length, compact: scnn.length, ratio: denseBytes / scnn.length },
    caffemodel,
    scnn,
  };
}

export interface ForwardTiming {
  readonly batch: number;
  readonly backend: BackendName;
  readonly denseMs: number;
  readonly prunedMs: number;
  /** denseMs / prunedMs */
  readonly speedup: number;
  /** Layers the pruned session ran with sparse kernels. */
  readonly sparseLayers: readonly string[];
  /** Per weighted layer: median ms in the dense and the pruned session, and the pruned session's kernel. */
  readonly layers: ReadonlyArray<{ layer: string; denseMs: number; prunedMs: number; kernel: string }>;
}

/**
 * Median forward time of the dense and the pruned network at `batch` on `backend` (the pruned one with the
 * runtime's per-layer dense/sparse choice: by the machine profile when given, else by density), interleaved.
 */
export async function measureForward(
  dense: NetDescription,
  pruned: NetDescription,
  options: { batch: number; backend?: BackendName; threads?: number; reps?: number; warmup?: number; profile?: MachineProfile; input?: Tensor },
): Promise<ForwardTiming> {
  const { batch } = options;
  const common = { batch, ...(options.backend ? { backends: [options.backend] } : {}), ...(options.threads !== undefined ? { threads: options.threads } : {}) };
  const sd = await createSession(dense, { ...common, sparse: 'never' });
  const sp = await createSession(pruned, { ...common, sparse: 'auto', ...(options.profile ? { perfProfile: options.profile } : {}) });
  try {
    const name = sd.inputNames[0]!;
    const shape = [batch, ...dense.inputs[0]!.shape.slice(1)];
    const n = shape.reduce((a, b) => a * b, 1);
    const x: Tensor = options.input ?? { dtype: 'float32', shape, data: Float32Array.from({ length: n }, (_, i) => ((i * 2654435761) % 256) / 256) };
    const reps = options.reps ?? (batch >= 32 ? 30 : 200);
    for (let i = 0; i < (options.warmup ?? 10); i++) {
      sd.runSync({ [name]: x });
      sp.runSync({ [name]: x });
    }
    const td: number[] = [];
    const tp: number[] = [];
    for (let i = 0; i < reps; i++) {
      let t = performance.now();
      sd.runSync({ [name]: x });
      td.push(performance.now() - t);
      t = performance.now();
      sp.runSync({ [name]: x });
      tp.push(performance.now() - t);
    }
    const denseMs = median(td);
    const prunedMs = median(tp);
    const dp = new Map(sd.profile().map((l) => [l.name, l.medianMs]));
    const layers = sp.profile()
      .filter((l) => l.type === 'Convolution' || l.type === 'InnerProduct')
      .map((l) => ({ layer: l.name, denseMs: dp.get(l.name) ?? Number.NaN, prunedMs: l.medianMs, kernel: l.kernel }));
    return {
      batch, backend: sp.backend, denseMs, prunedMs, speedup: denseMs / prunedMs,
      sparseLayers: sp.plan.filter((p) => p.kernel === 'sparse').map((p) => p.name), layers,
    };
  } finally {
    sd.dispose();
    sp.dispose();
  }
}
