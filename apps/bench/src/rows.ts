/** Building, checking and printing result rows (shared by both benchmarks). */
import type { Tensor } from '@sparsecnn/tensor';
import { tolerance, type CaseResult } from './cases.js';
import { fmt, gflops, log, speedup, type Row } from './report.js';
import type { TimingStats } from './timing.js';

/** Where rows and verification failures are collected. */
export interface RowSink {
  readonly rows: Row[];
  readonly mismatches: string[];
}

export function tensorOf(data: Float32Array, shape: number[]): Tensor {
  return { dtype: 'float32', shape, data };
}

export function resultRow(
  base: Omit<Row, 'ms' | 'denseGflops' | 'realGflops' | 'speedupVsPeer' | 'maxAbsErr' | 'maxRef' | 'peer' | 'impl'>,
  impl: string,
  r: CaseResult,
  macs: { dense: number; real: number },
  peer: { name: string; stats: TimingStats | null } | null,
  ctx: RowSink,
  extra?: Row['extra'],
): Row {
  if (r.maxAbsErr !== null && r.maxRef !== null && !(r.maxAbsErr <= tolerance(r.maxRef))) {
    const m = `${base.section} ${base.layer} b${base.batch} t${base.threads} ${impl} d=${base.density}: max abs err ${r.maxAbsErr} vs ${peer?.name ?? 'reference'} (max ref ${r.maxRef})`;
    ctx.mismatches.push(m);
    log(`  MISMATCH ${m}`);
  }
  return {
    ...base,
    impl,
    ms: r.stats,
    denseGflops: gflops(macs.dense, base.batch, r.stats),
    realGflops: gflops(macs.real, base.batch, r.stats),
    peer: peer?.name ?? '',
    speedupVsPeer: peer ? speedup(peer.stats, r.stats) : null,
    maxAbsErr: r.maxAbsErr,
    maxRef: r.maxRef,
    ...(r.skipped ? { skipped: r.skipped } : {}),
    ...(extra ? { extra } : {}),
  };
}

export function show(r: Row): void {
  if (r.skipped) log(`  ${r.layer.padEnd(6)} b${r.batch} t${r.threads} ${r.impl.padEnd(14)} skipped: ${r.skipped}`);
  else
    log(
      `  ${r.layer.padEnd(6)} b${r.batch} t${r.threads} ${r.impl.padEnd(14)} d=${fmt(r.density * 100, 1).padStart(5)}% ` +
        `${fmt(r.ms?.median, 3).padStart(9)} ms [${fmt(r.ms?.min, 3)}..${fmt(r.ms?.max, 3)}] ` +
        `${fmt(r.denseGflops, 1).padStart(7)} eff GF/s` +
        (r.speedupVsPeer !== null ? `  ${fmt(r.speedupVsPeer, 2)}x vs ${r.peer}` : '') +
        (r.maxAbsErr !== null ? `  err ${r.maxAbsErr.toExponential(1)}` : ''),
    );
}

