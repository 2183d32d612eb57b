/** Shared by `perf` and `bench`: the weighted layers of a network as the perf-model sees them, and the backend. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBackend, type KernelBackend } from '@sparsecnn/kernels-api';
import type { LayerShape } from '@sparsecnn/perf-model';
import { loadOrCalibrate } from '@sparsecnn/perf-model/node';
import { planNetwork } from '@sparsecnn/runtime';
import { csrToDense, readMatrixMarket } from '@sparsecnn/sparse';
import { SparseCnnError, type NetDescription, type Tensor } from '@sparsecnn/tensor';
import { loadNet, parseBackend, type CliBackend } from './model.js';
import { boolOpt, numberOpt, parseCommandArgs, stringOpt, UsageError, type OptionsConfig } from './args.js';
import type { CliIo } from './cli-io.js';
import type { MachineProfile } from '@sparsecnn/perf-model';
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

/** Options `perf` and `bench` share. */
export const PERF_OPTIONS = {
  backend: { type: 'string' }, threads: { type: 'string' }, batch: { type: 'string' }, density: { type: 'string' },
  'mtx-dir': { type: 'string' }, recalibrate: { type: 'boolean' }, json: { type: 'boolean' },
} as const;

export interface PerfSetup {
  readonly values: Record<string, unknown>;
  readonly netName: string;
  readonly layers: WeightedLayer[];
  readonly backend: KernelBackend;
  readonly profile: MachineProfile;
  readonly batch: number;
  /** --density, or the command's default. */
  readonly density: number;
  readonly json: boolean;
}

/**
 * Parse the shared options, load the network's weighted layers (with --mtx-dir weights), the backend and its machine
 * profile. `validate` checks the command's own options before anything is loaded.
 */
export async function setupPerf<O extends OptionsConfig>(
  argv: readonly string[], io: CliIo, command: string, options: O, defaultDensity: number,
  validate: (values: Record<string, unknown>) => void = () => {},
): Promise<PerfSetup> {
  const { values, positionals } = parseCommandArgs(argv, { ...PERF_OPTIONS, ...options }, command);
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError('expected <deploy.prototxt> [weights]', command);
  const backendName = parseBackend(stringOpt(values, 'backend'), command);
  const threads = numberOpt(values, 'threads', command, { integer: true, min: 1, max: 256 });
  const batch = numberOpt(values, 'batch', command, { integer: true, min: 1, max: 4096 }) ?? 1;
  const density = numberOpt(values, 'density', command, { min: 0, max: 1 }) ?? defaultDensity;
  validate(values);
  const net = await loadNet(positionals[0]!, positionals[1], (w) => io.err(`warning: ${w}\n`));
  let layers = weightedLayers(net);
  const mtx = stringOpt(values, 'mtx-dir');
  if (mtx !== undefined) layers = withMatrixMarketWeights(layers, mtx);
  const backend = await loadBackend(backendName, threads);
  const profile = await profileFor(backend, boolOpt(values, 'recalibrate'), (m) => io.err(m));
  return { values, netName: net.name, layers, backend, profile, batch, density, json: boolOpt(values, 'json') };
}
