import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import {
  compactBlobToTensor, decodeCaffeModel, DEFAULT_COMPACT_DENSITY_THRESHOLD, encodeCaffeModel, fromNetDescription, readCompactModel,
  writeCompactModel, writeFileAtomic, type CompactNetLike as NetLike,
} from '@sparsecnn/caffe-io';
import { parseDensities, pruneByMagnitude } from '@sparsecnn/pruning';
import { SparseCnnError } from '@sparsecnn/tensor';
import { UsageError, boolOpt, numberOpt, parseCommandArgs, stringOpt } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { formatBytes, readFileOrThrow, requireFile } from '../lib/files.js';
import { loadNet } from '../lib/model.js';

const NAME = 'convert';

export type ModelFormat = 'net' | 'caffemodel' | 'compact';
const COMPACT_EXTS = ['.scnn', '.sparsecnn'];

const HELP = `Usage: sparsecnn convert <input> <output> [options]

Convert model weights between formats (chosen by file extension, or --to):
  .net        Deep Compression file (input only; needs --model <deploy.prototxt>)
  .caffemodel Caffe weights (dense float32 blobs)
  .scnn       compact sparse file: CSR for sparse weight blobs, dense for the rest, plus the network structure,
              so that .scnn -> .caffemodel gives back the same weights

Examples:
  sparsecnn convert compressed_SqueezeNet.net squeezenet.caffemodel --model SqueezeNet_deploy.prototxt
  sparsecnn convert squeezenet.caffemodel squeezenet.scnn
  sparsecnn convert squeezenet.scnn squeezenet-again.caffemodel
  sparsecnn convert lenet_iter_10000.caffemodel lenet-pruned.caffemodel --prune conv2=0.2,ip1=0.1

Options:
  -m, --model <file>             deploy prototxt (required for .net input)
      --to <format>              caffemodel or compact (default: from the output extension)
      --density-threshold <d>    store a weight blob as CSR when its density is at most d (default ${DEFAULT_COMPACT_DENSITY_THRESHOLD})
      --prune <d | layer=d,...>  magnitude-prune weight blobs first: one density for every weighted layer, or per layer
      --json                     print the summary as JSON
  -h, --help                     show this help

The output is written atomically (a temporary file, then a rename).
`;

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  to: { type: 'string' },
  'density-threshold': { type: 'string' },
  prune: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export function formatOf(path: string): ModelFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.net') return 'net';
  if (ext === '.caffemodel') return 'caffemodel';
  if (COMPACT_EXTS.includes(ext)) return 'compact';
  return undefined;
}

/** Read any supported weights file into a NetParameter-like object with blobs. */
export async function readWeights(path: string, format: ModelFormat, prototxt?: string): Promise<NetLike> {
  requireFile(path, 'input model');
  if (format === 'net') {
    if (prototxt === undefined) throw new UsageError('a .net input needs --model <deploy.prototxt>', NAME);
    const desc = await loadNet(prototxt, path);
    return fromNetDescription(desc);
  }
  const bytes = readFileOrThrow(path);
  return format === 'compact' ? readCompactModel(bytes, { file: path }) : decodeCaffeModel(bytes, { file: path });
}

export interface ConvertSummary {
  readonly input: string;
  readonly output: string;
  readonly from: ModelFormat;
  readonly to: Exclude<ModelFormat, 'net'>;
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly blobs: number;
  readonly weights: number;
  readonly nonZeros: number;
  readonly pruned: ReadonlyArray<{ readonly layer: string; readonly density: number }>;
}

/** Magnitude-prune blob 0 (when 2-D or more) of the selected layers, in place. */
function pruneNet(net: NetLike, spec: Map<string, number> | number): Array<{ layer: string; density: number }> {
  const done: Array<{ layer: string; density: number }> = [];
  const seen = new Set<string>();
  for (const layer of [...(net.layer ?? []), ...(net.layers ?? [])]) {
    const name = layer.name ?? '';
    const w = layer.blobs?.[0];
    if (!w) continue;
    const target = typeof spec === 'number' ? spec : spec.get(name);
    if (target === undefined) continue;
    seen.add(name);
    const t = compactBlobToTensor(w, { layer: name });
    if (t.shape.length < 2) continue;
    const kept = pruneByMagnitude(t.data, target);
    if (w.data && w.data.length > 0) w.data = Array.from(t.data);
    else w.double_data = Array.from(t.data);
    done.push({ layer: name, density: t.data.length ? kept / t.data.length : 0 });
  }
  if (typeof spec !== 'number') {
    for (const name of spec.keys()) {
      if (!seen.has(name)) throw new SparseCnnError('E_ARGUMENT', `--prune names layer '${name}', which has no weights in this model`, { layer: name });
    }
  }
  return done;
}

export async function convert(o: {
  input: string;
  output: string;
  model?: string;
  to?: Exclude<ModelFormat, 'net'>;
  densityThreshold?: number;
  prune?: Map<string, number> | number;
}): Promise<ConvertSummary> {
  const from = formatOf(o.input) ?? 'caffemodel';
  const toGuess = formatOf(o.output);
  const to = o.to ?? (toGuess === 'net' ? undefined : toGuess);
  if (to === undefined) {
    throw new UsageError(`cannot tell the output format of '${o.output}': use .caffemodel or .scnn, or --to caffemodel|compact`, NAME);
  }
  if (resolve(o.input) === resolve(o.output)) throw new UsageError('input and output are the same file', NAME);
  const net = await readWeights(o.input, from, o.model);
  const pruned = o.prune !== undefined ? pruneNet(net, o.prune) : [];
  const bytes = to === 'caffemodel' ? encodeCaffeModel(net as Parameters<typeof encodeCaffeModel>[0]) : writeCompactModel(net, { densityThreshold: o.densityThreshold ?? DEFAULT_COMPACT_DENSITY_THRESHOLD, file: o.input });
  await writeFileAtomic(o.output, bytes);
  let blobs = 0;
  let weights = 0;
  let nonZeros = 0;
  for (const layer of [...(net.layer ?? []), ...(net.layers ?? [])]) {
    for (const b of layer.blobs ?? []) {
      blobs++;
      const d = b.data && b.data.length > 0 ? b.data : b.double_data ?? [];
      weights += d.length;
      for (let i = 0; i < d.length; i++) if (d[i] !== 0) nonZeros++;
    }
  }
  return {
    input: o.input,
    output: o.output,
    from,
    to,
    inputBytes: statSync(o.input).size,
    outputBytes: bytes.length,
    blobs,
    weights,
    nonZeros,
    pruned,
  };
}

export const convertCommand: Command = {
  name: NAME,
  summary: 'convert weights: .net -> .caffemodel, .caffemodel <-> compact sparse .scnn (optionally pruning)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, NAME);
    if (positionals.length !== 2) throw new UsageError(`expected <input> <output>, got ${positionals.length} argument(s)`, NAME);
    const to = stringOpt(values, 'to');
    if (to !== undefined && to !== 'caffemodel' && to !== 'compact') throw new UsageError(`--to must be caffemodel or compact, got '${to}'`, NAME);
    const threshold = numberOpt(values, 'density-threshold', NAME, { min: 0, max: 1 });
    const pruneSpec = stringOpt(values, 'prune');
    let prune: Map<string, number> | number | undefined;
    if (pruneSpec !== undefined) {
      prune = parseDensities(pruneSpec);
      const ds = typeof prune === 'number' ? [prune] : [...prune.values()];
      if (ds.some((d) => !(d >= 0 && d <= 1))) throw new UsageError(`--prune densities must be in [0, 1]: '${pruneSpec}'`, NAME);
    }
    const model = stringOpt(values, 'model');
    const s = await convert({
      input: positionals[0]!,
      output: positionals[1]!,
      ...(model !== undefined ? { model } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(threshold !== undefined ? { densityThreshold: threshold } : {}),
      ...(prune !== undefined ? { prune } : {}),
    });
    if (boolOpt(values, 'json')) {
      io.out(`${JSON.stringify(s, null, 2)}\n`);
    } else {
      for (const p of s.pruned) io.out(`pruned ${p.layer} to ${(p.density * 100).toFixed(1)}% density\n`);
      const ratio = s.outputBytes > 0 ? s.inputBytes / s.outputBytes : 0;
      io.out(
        `${s.input} (${s.from}, ${formatBytes(s.inputBytes)}) -> ${s.output} (${s.to}, ${formatBytes(s.outputBytes)}), ` +
          `${ratio >= 1 ? `${ratio.toFixed(2)}x smaller` : `${(1 / ratio).toFixed(2)}x larger`}\n` +
          `${s.blobs} blobs, ${s.weights} values, ${s.nonZeros} non-zero (${s.weights ? ((100 * s.nonZeros) / s.weights).toFixed(1) : '0'}% dense)\n`,
      );
    }
    return 0;
  },
};
