// Timing for the local bench scripts (not part of the package): 3 warm-up calls, then `reps` timed ones.
// cpu: process CPU time per call (robust on a loaded shared machine at 1 thread), else wall time.
export function makeTimer({ reps, cpu }) {
  const now = cpu
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();
  /** Sorted samples of fn in ms, with median / p10 / p90. */
  return function time(fn) {
    for (let i = 0; i < 3; i++) fn();
    const t = [];
    for (let i = 0; i < reps; i++) {
      const t0 = now();
      fn();
      t.push(now() - t0);
    }
    t.sort((a, b) => a - b);
    return { median: t[t.length >> 1], p10: t[Math.floor(t.length * 0.1)], p90: t[Math.floor(t.length * 0.9)] };
  };
}
