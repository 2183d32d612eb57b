/**
 * `pnpm --filter @sparsecnn/bench bench:fold [--net resnet50] [--threads 1]`: one network on native with BatchNorm /
 * Scale folding on and off (`createSession({ foldBatchNorm })`), interleaved in one process, wall and CPU medians.
 */
import { Rng } from '@sparsecnn/tensor';
import { createSession } from '@sparsecnn/runtime';
import { loadBenchNet, NET_NAMES, type NetName } from './nets.js';
import { intFlag, log, stringFlag } from './report.js';
import { measureInterleaved, QUICK_OPTIONS } from './timing.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const name = (stringFlag(argv, 'net') ?? 'resnet50') as NetName;
  if (!NET_NAMES.includes(name)) throw new Error(`--net takes ${NET_NAMES.join(', ')}; got '${name}'`);
  const threads = intFlag(argv, 'threads', 1, 1);
  const b = await loadBenchNet(name, new Rng(1));
  const shape = [1, ...b.net.inputs[0]!.shape.slice(1)];
  const rng = new Rng(2);
  const x = { dtype: 'float32' as const, shape, data: Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, () => rng.uniform(0, 1)) };
  const on = await createSession(b.net, { backends: ['native'], fallback: 'none', threads, batch: 1 });
  const off = await createSession(b.net, { backends: ['native'], fallback: 'none', threads, batch: 1, foldBatchNorm: false });
  const input = on.inputNames[0]!;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  log(`bench:fold ${name} b1 t${threads}: ${on.plan.length} steps folded, ${off.plan.length} unfolded`);
  for (const [label, clock] of [['wall', undefined], ['cpu', cpu]] as const) {
    const st = await measureInterleaved([() => on.run({ [input]: x }), () => off.run({ [input]: x })], { ...QUICK_OPTIONS, warmup: 2, minReps: 15 }, clock ? { clock } : {});
    log(`  ${label}: folded ${st[0]!.median.toFixed(1)} ms, unfolded ${st[1]!.median.toFixed(1)} ms (${(st[1]!.median / st[0]!.median).toFixed(3)}x)`);
  }
  on.dispose();
  off.dispose();
}

main().catch((e) => {
  log(`bench:fold failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
