// The thread pool's decision logic (native/pool_governor.h), driven with made-up times and load samples through the
// addon's poolGovernorTrace: nothing here reads a clock or depends on how busy the machine is.
import { describe, expect, it } from 'vitest';
import { loadBinding, nativeProvider } from '../src/index.js';

const built = nativeProvider.isSupported() === true;
type Trace = (maxThreads: number, events: Float64Array) => Int32Array;
const trace = (): Trace => (loadBinding() as unknown as { poolGovernorTrace: Trace }).poolGovernorTrace;

const MS = 1e6;
type Ev = ['load', number, number, number] | ['job', number, number, number] | ['ask', number];
function run(max: number, events: Ev[]): number[] {
  const flat = new Float64Array(events.length * 4);
  events.forEach((e, i) => {
    flat[i * 4] = e[0] === 'load' ? 0 : e[0] === 'job' ? 1 : 2;
    flat[i * 4 + 1] = e[1];
    flat[i * 4 + 2] = e[2] ?? 0;
    flat[i * 4 + 3] = e[3] ?? 0;
  });
  return Array.from(trace()(max, flat));
}
/** `count` parallel jobs from time t0, 1 ms apart: the caller waited waitMs for the workers, its longest task took taskMs. */
const jobs = (t0: number, count: number, taskMs: number, waitMs: number): Ev[] =>
  Array.from({ length: count }, (_, i) => ['job', t0 + i * MS, waitMs * MS, taskMs * MS] as Ev);
/** Late: the caller waited 2 tasks (a worker descheduled mid-task). */
const LATE = [0.5, 1] as const;

describe.skipIf(!built)('pool governor (decisions from injected inputs)', () => {
  it('starts with every thread', () => {
    expect(run(2, [['ask', 0]])).toEqual([2]);
    expect(run(4, [['ask', 0]])).toEqual([4]);
  });

  it('shrinks when another task stays runnable for 4 samples (single busy reads are noise), grows after 3 free ones', () => {
    const out = run(2, [
      ['load', 0, 0, 2], // idle machine: 2
      ['load', 2 * MS, 1, 2], // a short-lived task in one read: still 2
      ['load', 4 * MS, 1, 2],
      ['load', 6 * MS, 1, 2],
      ['load', 8 * MS, 1, 2], // busy in 4 reads in a row (another busy process): 1
      ['load', 10 * MS, 0, 2], // room again: still 1 (hysteresis)
      ['load', 12 * MS, 0, 2],
      ['load', 14 * MS, 0, 2], // third sample with room: 2
      ['load', 16 * MS, 5, 2],
      ['load', 18 * MS, 5, 2],
      ['load', 20 * MS, 5, 2],
      ['load', 22 * MS, 5, 2], // saturated in 4 reads: 1
    ]);
    expect(out).toEqual([2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 1]);
  });

  it('an idle machine whose reads show a stray task now and then keeps every thread', () => {
    const evs: Ev[] = [];
    // after an idle first read, about a third of the reads show 1-2 other tasks, never 4 in a row
    for (let i = 1; i <= 200; i++) evs.push(['load', i * 2 * MS, i % 4 === 3 ? 2 : i % 7 === 0 ? 1 : 0, 2]);
    expect(new Set(run(2, evs))).toEqual(new Set([2]));
  });

  it('saturated (even one thread time-shares a CPU): one thread, back to every thread after 3 free samples', () => {
    expect(run(2, [['load', 0, 6, 2], ['load', 2 * MS, 2, 2]])).toEqual([1, 1]);
    expect(run(4, [['load', 0, 9, 4], ['load', 2 * MS, 4, 4], ['load', 4 * MS, 0, 4], ['load', 6 * MS, 0, 4], ['load', 8 * MS, 0, 4]])).toEqual([1, 1, 1, 1, 4]);
    // a quieter sample in between: room for 2 of 4 after 3 samples asking for 2 (from 1)
    expect(run(4, [['load', 0, 9, 4], ['load', 2 * MS, 2, 4], ['load', 4 * MS, 2, 4], ['load', 6 * MS, 2, 4]])).toEqual([1, 1, 1, 2]);
  });

  it('caps at the free CPUs on a larger machine and never goes below 1 or above the pool size', () => {
    expect(run(8, [['load', 0, 5, 8]])).toEqual([3]);
    expect(run(8, [['load', 0, 7, 8]])).toEqual([1]);
    expect(run(2, [['load', 0, -3, 64]])).toEqual([2]);
    expect(run(4, [['load', 0, 100, 8]])).toEqual([1]);
  });

  it('jobs where the caller barely waits keep every thread', () => {
    const out = run(2, jobs(0, 50, 1, 0.1)); // waits of a tenth of a task
    expect(out.every((t) => t === 2)).toBe(true);
    const tiny = run(2, jobs(0, 50, 0.005, 0.015)); // 3 tasks but only 15 us: below the minimum that counts
    expect(tiny.every((t) => t === 2)).toBe(true);
  });

  it('few coarse tasks: waiting up to 1.5 tasks is the normal end of a job, not lateness', () => {
    // 3 tasks of 1 ms on 2 threads: the worker takes the third just before the caller finishes and the caller
    // waits a whole task, half the job (the old rule, a wait over 25% of the job, sent the pool solo here)
    expect(run(2, jobs(0, 50, 1, 1)).every((t) => t === 2)).toBe(true);
    expect(run(2, jobs(0, 50, 1, 1.5)).every((t) => t === 2)).toBe(true);
    expect(run(2, jobs(0, 3, 1, 1.6))).toEqual([2, 2, 1]);
  });

  it('a caller that ran no task has nothing to compare with: not late', () => {
    expect(run(2, jobs(0, 20, 0, 5)).every((t) => t === 2)).toBe(true);
  });

  it('persistently late workers send the pool solo for 20 ms, then it probes with threads again', () => {
    // the third late job among the last 8 triggers (at t = 2 ms): solo until 22 ms
    const out = run(2, [...jobs(0, 3, ...LATE), ['ask', 21 * MS], ['ask', 22 * MS]]);
    expect(out).toEqual([2, 2, 1, 1, 2]);
  });

  it('scattered late jobs (fewer than 3 in 8) do not trigger', () => {
    const evs: Ev[] = [];
    for (let i = 0; i < 40; i++) evs.push(['job', i * MS, i % 4 === 0 ? MS : 0, 0.5 * MS]);
    expect(run(2, evs).every((t) => t === 2)).toBe(true);
  });

  it('back-to-back triggers double the solo period up to 320 ms; a calm second resets it to 20 ms', () => {
    const soloLength = (events: Ev[], trigger: number): number => {
      // first time after `trigger` (1 ms steps) at which threads are back
      const probes: Ev[] = Array.from({ length: 400 }, (_, i) => ['ask', trigger + i * MS] as Ev);
      const out = run(2, [...events, ...probes]);
      return out.slice(events.length).indexOf(2);
    };
    let evs: Ev[] = [];
    let t = 0;
    const lengths: number[] = [];
    for (let k = 0; k < 6; k++) {
      evs = [...evs, ...jobs(t, 3, ...LATE)];
      const trigger = t + 2 * MS;
      const len = soloLength(evs, trigger);
      lengths.push(len);
      t = trigger + len * MS; // probe right when the solo period ends: late again
    }
    expect(lengths).toEqual([20, 40, 80, 160, 320, 320]);
    // after more than a second of calm the next trigger starts again from 20 ms
    const calm = t + 1500 * MS;
    evs = [...evs, ...jobs(calm, 3, ...LATE)];
    expect(soloLength(evs, calm + 2 * MS)).toBe(20);
  });

  it('a busy load sample wins over a clean lateness record, and solo wins over an idle load', () => {
    expect(run(2, [...jobs(0, 5, 1, 0), ['load', 6 * MS, 1, 2]]).at(-1)).toBe(1);
    expect(run(2, [['load', 0, 0, 2], ...jobs(MS, 3, ...LATE), ['load', 5 * MS, 0, 2]]).at(-1)).toBe(1);
  });

  it('rejects malformed event lists with a typed error', () => {
    expect(() => trace()(2, new Float64Array(3))).toThrow(/E_ARGUMENT/);
    expect(() => trace()(2, new Float64Array([7, 0, 0, 0]))).toThrow(/E_ARGUMENT/);
  });
});
