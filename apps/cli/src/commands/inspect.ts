import { basename } from 'node:path';
import { planNetwork, type LayerPlan } from '@sparsecnn/runtime';
import { compactLayerBytes, DEFAULT_COMPACT_DENSITY_THRESHOLD } from '@sparsecnn/caffe-io';
import type { LayerDescription } from '@sparsecnn/tensor';
import { UsageError, boolOpt, numberOpt, parseCommandArgs } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { formatBytes } from '../lib/files.js';
import { loadNet } from '../lib/model.js';

const NAME = 'inspect';

const HELP = `Usage: sparsecnn inspect <deploy.prototxt> [weights.caffemodel|.net|.scnn] [options]

Show a network's layers: output shapes (per image), parameter counts, multiply-accumulates (MACs; FLOPs = 2 x MACs),
the kernel the runtime would pick (dense or sparse), and, with weights, each weighted layer's density and its size
dense, as CSR, and in the compact sparse file (sparsecnn convert ... .scnn).

Options:
      --density-threshold <d>  weights at or below this density are stored sparse in the compact file (default ${DEFAULT_COMPACT_DENSITY_THRESHOLD})
      --all                    list every layer (default: layers with weights, pooling, inputs and outputs)
      --json                   print JSON
  -h, --help                   show this help
`;

const OPTIONS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  'density-threshold': { type: 'string' },
} as const;

export interface InspectLayer {
  readonly name: string;
  readonly type: string;
  /** Output shape for one image. */
  readonly outputShape: readonly number[];
  /** Learned values in all blobs (weights, bias, BatchNorm statistics, ...). */
  readonly params: number;
  /** Weight-matrix values of Convolution / InnerProduct (no bias), their non-zeros and density (null: no weights). */
  readonly weights: number;
  readonly nonZeros: number | null;
  readonly density: number | null;
  /** Multiply-accumulates per image, dense and skipping zero weights. */
  readonly macs: number;
  readonly sparseMacs: number | null;
  /** The kernel the runtime picks: dense, sparse, op (weightless), none (view/input), fused (ReLU). */
  readonly kernel: string;
  readonly reason: string | null;
  /** Bytes: all blobs as dense float32; weights as CSR + dense bias; this layer's entries in the compact file. */
  readonly denseBytes: number;
  readonly csrBytes: number | null;
  readonly compactBytes: number | null;
}

export interface InspectResult {
  readonly name: string;
  readonly prototxt: string;
  readonly weights: string | null;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>;
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>;
  readonly layers: readonly InspectLayer[];
  readonly totals: {
    readonly params: number;
    readonly weights: number;
    readonly nonZeros: number | null;
    readonly density: number | null;
    readonly macs: number;
    readonly sparseMacs: number | null;
    readonly flops: number;
    readonly denseBytes: number;
    readonly csrBytes: number | null;
    readonly compactBytes: number | null;
  };
}

function paramsOf(layer: LayerDescription | undefined, plan: LayerPlan): number {
  if (layer && layer.blobs.length > 0) return layer.blobs.reduce((a, b) => a + b.data.length, 0);
  if (layer && (layer.type === 'Convolution' || layer.type === 'InnerProduct')) {
    return plan.weightCount + (layer.params.biasTerm ? layer.params.numOutput : 0);
  }
  return 0;
}

export async function inspect(
  prototxt: string,
  weights?: string,
  densityThreshold = DEFAULT_COMPACT_DENSITY_THRESHOLD,
  onWarning?: (warning: string) => void,
): Promise<InspectResult> {
  const net = await loadNet(prototxt, weights, onWarning);
  const plan = planNetwork(net, 1);
  const byName = new Map(net.layers.map((l) => [l.name, l] as const));
  const hasWeights = weights !== undefined;
  const layers: InspectLayer[] = plan.layers.map((p) => {
    const layer = byName.get(p.name);
    const params = paramsOf(layer, p);
    const weighted = p.weightCount > 0 && hasWeights && (layer?.blobs.length ?? 0) > 0;
    return {
      name: p.name,
      type: p.type,
      outputShape: [...(p.outputShapes[0] ?? [])],
      params,
      weights: p.weightCount,
      nonZeros: weighted ? p.nonZeros : null,
      density: weighted ? p.weightDensity : null,
      macs: p.macs,
      sparseMacs: weighted ? p.sparseMacs : null,
      kernel: p.kernel,
      reason: p.reason,
      denseBytes: params * 4,
      csrBytes: weighted ? p.weightBytes.sparse + (params - p.weightCount) * 4 : null,
      compactBytes: hasWeights && layer && layer.blobs.length > 0 ? compactLayerBytes(layer.name, layer.blobs, densityThreshold) : null,
    };
  });
  const sum = (f: (l: InspectLayer) => number | null): number => layers.reduce((a, l) => a + (f(l) ?? 0), 0);
  const totalWeights = sum((l) => l.weights);
  const nonZeros = hasWeights ? sum((l) => l.nonZeros ?? (l.weights > 0 ? l.weights : 0)) : null;
  const macs = sum((l) => l.macs);
  return {
    name: net.name,
    prototxt,
    weights: weights ?? null,
    inputs: plan.inputs.map((i) => ({ name: i.name, shape: [...i.shape] })),
    outputs: plan.outputs.map((o) => ({ name: o.name, shape: [...o.shape] })),
    layers,
    totals: {
      params: sum((l) => l.params),
      weights: totalWeights,
      nonZeros,
      density: nonZeros !== null && totalWeights > 0 ? nonZeros / totalWeights : null,
      macs,
      sparseMacs: hasWeights ? sum((l) => l.sparseMacs ?? l.macs) : null,
      flops: 2 * macs,
      denseBytes: sum((l) => l.denseBytes),
      csrBytes: hasWeights ? sum((l) => l.csrBytes ?? l.denseBytes) : null,
      compactBytes: hasWeights ? sum((l) => l.compactBytes) : null,
    },
  };
}

function human(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

function table(rows: string[][], rightAlign: boolean[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (rightAlign[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

export function formatInspectText(r: InspectResult, all: boolean): string {
  const withW = r.weights !== null;
  const header = ['layer', 'type', 'output', 'params', 'MACs', 'kernel', ...(withW ? ['density', 'sparse MACs', 'dense', 'CSR', 'compact'] : ['dense'])];
  const rows: string[][] = [header];
  const shown = r.layers.filter(
    (l) => all || l.params > 0 || l.type === 'Pooling' || l.type === 'Input' || r.outputs.some((o) => o.name === l.name),
  );
  for (const l of shown) {
    rows.push([
      l.name,
      l.type,
      l.outputShape.slice(1).join('x'),
      l.params > 0 ? human(l.params) : '',
      l.macs > 0 ? human(l.macs) : '',
      l.kernel === 'dense' || l.kernel === 'sparse' ? l.kernel : '',
      ...(withW
        ? [
            l.density !== null ? `${(l.density * 100).toFixed(1)}%` : '',
            l.sparseMacs !== null ? human(l.sparseMacs) : '',
            l.params > 0 ? formatBytes(l.denseBytes) : '',
            l.csrBytes !== null ? formatBytes(l.csrBytes) : '',
            l.compactBytes !== null ? formatBytes(l.compactBytes) : '',
          ]
        : [l.params > 0 ? formatBytes(l.denseBytes) : '']),
    ]);
  }
  const t = r.totals;
  rows.push([
    'total',
    '',
    '',
    human(t.params),
    human(t.macs),
    '',
    ...(withW
      ? [
          t.density !== null ? `${(t.density * 100).toFixed(1)}%` : '',
          t.sparseMacs !== null ? human(t.sparseMacs) : '',
          formatBytes(t.denseBytes),
          t.csrBytes !== null ? formatBytes(t.csrBytes) : '',
          t.compactBytes !== null ? formatBytes(t.compactBytes) : '',
        ]
      : [formatBytes(t.denseBytes)]),
  ]);
  const right = header.map((_, i) => i >= 3 && i !== 5);
  const lines = [
    `${r.name || basename(r.prototxt)}: ${r.layers.length} layers${r.weights ? `, weights ${basename(r.weights)}` : ' (no weights: shapes and sizes only)'}`,
    `inputs: ${r.inputs.map((i) => `${i.name} [${i.shape.join(', ')}]`).join(', ')}   outputs: ${r.outputs.map((o) => `${o.name} [${o.shape.join(', ')}]`).join(', ')}`,
    `per image: ${human(t.macs)} MACs = ${human(t.flops)} FLOPs dense${t.sparseMacs !== null ? `, ${human(t.sparseMacs)} MACs skipping zero weights` : ''}`,
    '',
    table(rows, right),
    '',
  ];
  if (!all) lines.push('(activation-only layers hidden; --all lists every layer)', '');
  return lines.join('\n');
}

export const inspectCommand: Command = {
  name: NAME,
  summary: 'layers, shapes, parameters, MACs, densities and sizes of a model',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, NAME);
    if (positionals.length === 0) throw new UsageError('missing <deploy.prototxt>', NAME);
    if (positionals.length > 2) throw new UsageError(`expected <prototxt> [weights], got ${positionals.length} arguments`, NAME);
    const threshold = numberOpt(values, 'density-threshold', NAME, { min: 0, max: 1 });
    const r = await inspect(positionals[0]!, positionals[1], threshold ?? DEFAULT_COMPACT_DENSITY_THRESHOLD, (w) => io.err(`warning: ${w}\n`));
    io.out(boolOpt(values, 'json') ? `${JSON.stringify(r, null, 2)}\n` : formatInspectText(r, boolOpt(values, 'all')));
    return 0;
  },
};
