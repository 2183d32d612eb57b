import { describe, expect, it } from 'vitest';
import { clockResolution, timeIt } from '@sparsecnn/perf-model';

/**
 * A virtual clock that shows time rounded down to `step` ms (as browsers coarsen performance.now()). While its
 * resolution is probed, each read advances it by step / 4; afterwards only the timed calls move it.
 */
function virtualClock(step: number) {
  const state = { now: 0, readCost: step / 4 };
  const clock = () => {
    state.now += state.readCost;
    return Math.floor(state.now / step + 1e-9) * step;
  };
  clockResolution(clock);
  state.readCost = 0;
  return { state, clock };
}

describe('timeIt with a coarse clock', () => {
  it('measures the clock step', () => {
    for (const step of [0.1, 0.005]) expect(clockResolution(virtualClock(step).clock)).toBeCloseTo(step, 9);
  });

  it('times calls far shorter than the clock step in batches instead of reporting 0', () => {
    for (const [step, callMs] of [[0.1, 0.003], [0.005, 0.0007], [0.1, 0.02]] as const) {
      const { state, clock } = virtualClock(step);
      const s = timeIt(() => void (state.now += callMs), { clock, budgetMs: 50 });
      expect(s.batch, `step ${step} ms, call ${callMs} ms`).toBeGreaterThan(1);
      // a sample is off by less than one clock step over the whole batch
      expect(Math.abs(s.medianMs - callMs), `step ${step} ms, call ${callMs} ms`).toBeLessThanOrEqual(step / s.batch + 1e-12);
      expect(s.minMs).toBeGreaterThan(0);
    }
  });

  it('keeps one call per sample when the clock resolves the call well', () => {
    const { state, clock } = virtualClock(0.001);
    const s = timeIt(() => void (state.now += 2), { clock, budgetMs: 20, minReps: 3 });
    expect(s.batch).toBe(1);
    expect(s.medianMs).toBeCloseTo(2, 6);
  });
});
