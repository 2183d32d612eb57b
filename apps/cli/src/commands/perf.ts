import { layerCost, predictLayer, predictNetwork, usefulRange } from '@sparsecnn/perf-model';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { pct, setupPerf, table } from '../lib/perf.js';

const NAME = 'perf';

const HELP = `Usage: sparsecnn perf <deploy.prototxt> [weights] [options]

Predict, per Convolution / InnerProduct layer, dense and sparse time on this machine from a calibrated roofline
(the machine profile is measured once per backend, ISA and thread count, about 10 s, and cached), the useful
sparsity range (sparse wins below the upper density; below the lower density more pruning stops paying), and the
kernel the runtime would choose.

Options:
      --backend <name>   native, wasm or js (default: the best that loads)
      --threads <n>      worker threads (native)
      --batch <n>        batch size of the prediction (default 1)
      --density <x>      density to assume for layers without weights (default 1)
      --mtx-dir <dir>    take weights from MatrixMarket files coo_<layer>.weight.mtx in <dir>
      --recalibrate      measure the machine profile again
      --json             print JSON
  -h, --help             show this help
`;

export const perfCommand: Command = {
  name: NAME,
  summary: 'predict dense vs sparse time per layer and the useful sparsity range (roofline)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { layers, profile, batch, density: assumed, json, netName } = await setupPerf(argv, io, NAME, {}, 1);
    const rows = layers.map((l) => {
      const density = l.density ?? assumed;
      const p = predictLayer(profile, l.shape, density, batch);
      const r = usefulRange(profile, l.shape, batch);
      return { layer: l.shape.name, kind: l.shape.kind, mflop: (2 * layerCost(l.shape).macs * batch) / 1e6, density, prediction: p, range: r };
    });
    const densities = Object.fromEntries(rows.map((r) => [r.layer, r.density]));
    const network = predictNetwork(profile, layers.map((l) => l.shape), densities, batch);
    if (json) {
      io.out(`${JSON.stringify({ profile, batch, layers: rows, network: { denseMs: network.denseMs, bestMs: network.bestMs, speedup: network.speedup } }, null, 2)}\n`);
      return 0;
    }
    io.out(`${netName}: batch ${batch}, ${profile.backend}/${profile.isa}, ${profile.threads} thread(s); F = ${(profile.denseFlops / 1e9).toFixed(1)} GFLOP/s, B = ${(profile.bandwidth / 1e9).toFixed(1)} GB/s\n\n`);
    io.out(table(
      ['layer', 'MFLOP', 'density', 'dense ms', 'sparse ms', 'speedup', 'alpha', 'sparse wins below', 'pays down to', 'choice'],
      rows.map((r) => [
        r.layer, r.mflop.toFixed(1), pct(r.density), r.prediction.denseMs.toFixed(3), r.prediction.sparseMs.toFixed(3),
        `${r.prediction.speedup.toFixed(2)}x`, Number.isFinite(r.prediction.alpha) ? r.prediction.alpha.toFixed(2) : '-',
        pct(r.range.maxUsefulDensity), pct(r.range.minUsefulDensity), r.prediction.choice,
      ]),
    ));
    io.out(`\npredicted network (these layers): dense ${network.denseMs.toFixed(2)} ms, best per layer ${network.bestMs.toFixed(2)} ms, speedup ${network.speedup.toFixed(2)}x\n`);
    return 0;
  },
};
