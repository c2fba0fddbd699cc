/**
 * Injected per-request CPU cost (a calibration knob, `bench run --inject service-cpu-us=N`):
 * spins until this process has used `costUs` more µs of CPU time. It is real work on the CPU, not
 * a sleep: the event loop is blocked and the process's CPU counters rise by the cost, so the
 * service's latency and CPU grow as they would after a real slowdown. The clock is the process's
 * own CPU time (getrusage via process.cpuUsage), so time the process spends preempted by others
 * is not counted as burnt. See docs/calibration-knobs.md.
 * Node builtins only: this file is bundled into the order-service program.
 */

/** Burns `costUs` µs of this process's CPU time; returns the µs actually used (≥ costUs). */
export function burnCpuUs(costUs: number): number {
  if (costUs <= 0) return 0;
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    const usedUs = used.user + used.system;
    if (usedUs >= costUs) return usedUs;
  }
}
