/**
 * `pnpm soak [--cycles 10000] [--backends js,wasm,native] [--max-growth-mb 64]`: create / run / dispose a session
 * `cycles` times per backend (after a 200-cycle warm-up) and check that memory stays flat: RSS growth after a forced
 * GC below the bound, and bit-identical outputs every cycle. Exit status 1 otherwise.
 */
import { resolveBackend } from '@sparsecnn/kernels-api';
import { formatSoak, soak } from './soak-core.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<number> {
  const cycles = Number(arg('cycles', '10000'));
  const bound = Number(arg('max-growth-mb', '64')) * 1024 ** 2;
  const backends = arg('backends', 'js,wasm,native').split(',');
  let bad = 0;
  for (const b of backends) {
    try {
      await resolveBackend([b]);
    } catch (e) {
      console.log(`${b}: not available (${e instanceof Error ? e.message.split('\n')[0] : e}); skipped`);
      bad++;
      continue;
    }
    const r = await soak(b, cycles);
    const growth = r.after.rss - r.before.rss;
    const ok = r.stable && growth < bound && r.after.arrayBuffers - r.before.arrayBuffers < bound;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${formatSoak(r)} (bound +${(bound / 1024 ** 2).toFixed(0)} MB)`);
    if (!ok) bad++;
  }
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
