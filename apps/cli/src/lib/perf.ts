/** Shared by `perf` and `bench`: the weighted layers of a network as the perf-model sees them, and the backend. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBackend, type KernelBackend } from '@sparsecnn/kernels-api';
import type { LayerShape } from '@sparsecnn/perf-model';
import { loadOrCalibrate } from '@sparsecnn/perf-model/node';
import { planNetwork } from '@sparsecnn/runtime';
import { csrToDense, readMatrixMarket } from '@sparsecnn/sparse';
import { SparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import type { CliBackend } from './model.js';
import { readTextOrThrow } from './files.js';

export interface WeightedLayer {
  readonly shape: LayerShape;
  /** The layer's weights [O, ...] (null for a bare prototxt). */
  readonly weights: Tensor | null;
  readonly density: number | null;
}

/** Convolution and InnerProduct layers with their geometry (per image) and weight density. */
export function weightedLayers(net: NetDescription): WeightedLayer[] {
  const plan = planNetwork(net, 1);
  const byName = new Map(net.layers.map((l) => [l.name, l] as const));
  const out: WeightedLayer[] = [];
  for (const p of plan.layers) {
    const l = byName.get(p.name);
    if (!l || (l.type !== 'Convolution' && l.type !== 'InnerProduct')) continue;
    const inShape = p.inputShapes[0]!;
    const weights = l.blobs[0] ?? null;
    const density = p.weightDensity;
    if (l.type === 'Convolution') {
      const c = l.params;
      out.push({
        shape: {
          kind: 'conv', name: l.name, inChannels: inShape[1]!, inH: inShape[2]!, inW: inShape[3]!, outChannels: c.numOutput,
          kernel: c.kernel, stride: c.stride, pad: c.pad, dilation: c.dilation, groups: c.group,
        },
        weights, density,
      });
    } else {
      out.push({ shape: { kind: 'fc', name: l.name, inFeatures: p.weightCount / l.params.numOutput, outFeatures: l.params.numOutput }, weights, density });
    }
  }
  return out;
}

/**
 * Replace layers' weights by MatrixMarket files named `coo_<layer>.weight.mtx` (or `<layer>.mtx`) in `dir` (SkimCaffe's
 * pruned matrices): rows = output channels, columns = (in_ch / group, kh, kw) in Caffe order.
 */
export function withMatrixMarketWeights(layers: readonly WeightedLayer[], dir: string): WeightedLayer[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (e) {
    throw new SparseCnnError('E_IO', `cannot read directory: ${(e as Error).message}`, { file: dir });
  }
  return layers.map((l) => {
    const name = [`coo_${l.shape.name}.weight.mtx`, `${l.shape.name}.mtx`].find((f) => files.includes(f));
    if (!name) return l;
    const file = join(dir, name);
    const m = readMatrixMarket(readTextOrThrow(file), { file });
    const rows = l.shape.kind === 'conv' ? l.shape.outChannels : l.shape.outFeatures;
    const cols = l.shape.kind === 'conv'
      ? (l.shape.inChannels / l.shape.groups) * l.shape.kernel[0] * l.shape.kernel[1]
      : l.shape.inFeatures;
    if (m.rows !== rows || m.cols !== cols) {
      throw new SparseCnnError('E_SHAPE', `matrix is ${m.rows} x ${m.cols}, layer '${l.shape.name}' needs ${rows} x ${cols}`, { file, layer: l.shape.name });
    }
    const shape = l.shape.kind === 'conv' ? [rows, cols / (l.shape.kernel[0] * l.shape.kernel[1]), l.shape.kernel[0], l.shape.kernel[1]] : [rows, cols];
    return { shape: l.shape, weights: { dtype: 'float32', shape, data: csrToDense(m) }, density: m.values.length / (rows * cols) };
  });
}

/** Load the named backend (or the best one) with a thread count, after the runtime's Node entry registered them. */
export async function loadBackend(backend: CliBackend | undefined, threads: number | undefined): Promise<KernelBackend> {
  return resolveBackend(backend ? [backend] : undefined, threads !== undefined ? { threads } : undefined);
}

/** The backend's cached machine profile, calibrating it (about 10 s) when absent or when asked. */
export async function profileFor(backend: KernelBackend, recalibrate: boolean, log: (m: string) => void) {
  const r = await loadOrCalibrate(backend, { recalibrate, onProgress: (m) => log(`  calibrate: ${m}\n`) });
  log(`${r.fresh ? 'calibrated' : 'cached'} machine profile ${r.file} (${r.profile.backend}/${r.profile.isa}, ${r.profile.threads} thread(s))\n`);
  return r.profile;
}

export function pct(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
