/**
 * Resource usage over a measured window, computed from cumulative counters (pure).
 *
 * CPU is the counter difference between the window edges, each edge interpolated between the
 * two samples that bracket it, so samples need not be dense nor aligned with the window: /proc
 * readings every 250 ms and kubelet readings every 10–15 s (with their own timestamps) go through
 * the same code. An edge outside the sampled span is clamped to the nearest sample and reported;
 * a counter that goes backwards is an instance restart, summed across and reported.
 *
 * Memory is a gauge: its time-weighted average over the window (instances summed at every sample
 * time of any instance, linear in between) and its maximum over the samples in the window plus
 * the samples just outside it that bracket the edges.
 */
import type { HostCpu, ResourceUsage } from '../results/result-schema.ts';
import { counterDeltaOverWindow, readSeriesAt, type SeriesPoint } from './counter-interpolation.ts';
import type { HostCpuSample, InstanceSample, MeasuredWindow, MeteredComponent } from './resource-meter.ts';

/** The samples of one metered instance (a pid, a container), ascending by time. */
export interface InstanceSeries {
  /** Label recorded in `ResourceUsage.instances`: a pid or namespace/pod/container. */
  instance: string;
  samples: readonly InstanceSample[];
}

/** What was found about one instance while computing a window's usage. */
export interface InstanceWindowUsage {
  instance: string;
  cpuCoreSeconds: number;
  /** Window time before the instance's first sample, not counted (0 when bracketed). */
  startUncoveredMs: number;
  /** Window time after the instance's last sample, not counted (0 when bracketed). */
  endUncoveredMs: number;
  /** Times the CPU counter went backwards (restarts). */
  counterResets: number;
  /** Samples used: inside the window plus the ones bracketing its edges. */
  samplesUsed: number;
}

/** Input of {@link componentUsageOverWindow}. */
export interface ComponentWindowInput {
  component: MeteredComponent;
  instances: readonly InstanceSeries[];
  window: MeasuredWindow;
}

/** A component's usage over the window, per-instance findings, and warnings for the result file. */
export interface ComponentWindowUsage {
  usage: ResourceUsage;
  instances: InstanceWindowUsage[];
  warnings: string[];
}

/** Host CPU over the window, or null without samples, and warnings for the result file. */
export interface HostWindowCpu {
  hostCpu: HostCpu | null;
  warnings: string[];
}

function byTime<T extends { timeMs: number }>(samples: readonly T[]): T[] {
  return samples.toSorted((a, b) => a.timeMs - b.timeMs);
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Per 1,000 of `perSecondOrCount`, or null when it is 0. */
function per1k(value: number, perSecondOrCount: number): number | null {
  return perSecondOrCount > 0 ? value / (perSecondOrCount / 1000) : null;
}

/** Samples inside [startMs, endMs] plus the last one before and the first one after it. */
function samplesAroundWindow<T extends { timeMs: number }>(sorted: readonly T[], window: MeasuredWindow): T[] {
  let firstIndex = sorted.findIndex((s) => s.timeMs >= window.startMs);
  if (firstIndex < 0) firstIndex = sorted.length;
  const lastIndex = sorted.findLastIndex((s) => s.timeMs <= window.endMs);
  const from = Math.max(0, sorted[firstIndex]?.timeMs === window.startMs ? firstIndex : firstIndex - 1);
  const to = Math.min(sorted.length - 1, sorted[lastIndex]?.timeMs === window.endMs ? lastIndex : lastIndex + 1);
  return sorted.slice(from, to + 1);
}

/**
 * Share of the window an edge may lie outside the samples before it is worth a warning: a
 * window edge sampled a few ms late (an edge sample taken when the agent's event arrives) loses
 * a negligible share of the CPU. The exact uncovered time is always in the per-instance findings.
 */
export const UNCOVERED_WARNING_SHARE = 0.01;

function edgeWarnings(
  label: string,
  found: Pick<InstanceWindowUsage, 'startUncoveredMs' | 'endUncoveredMs' | 'counterResets'>,
  windowMs: number,
): string[] {
  const warnings: string[] = [];
  const thresholdMs = windowMs * UNCOVERED_WARNING_SHARE;
  if (found.startUncoveredMs > thresholdMs) {
    warnings.push(
      `${label}: first sample is ${formatMs(found.startUncoveredMs)} after the window start; CPU before it is not counted`,
    );
  }
  if (found.endUncoveredMs > thresholdMs) {
    warnings.push(
      `${label}: last sample is ${formatMs(found.endUncoveredMs)} before the window end (exited or not sampled); CPU after it is not counted`,
    );
  }
  if (found.counterResets > 0) {
    warnings.push(
      `${label}: CPU counter went backwards ${found.counterResets} time(s) (instance restarted); usage summed across restarts, CPU just before each restart is lost`,
    );
  }
  return warnings;
}

/** Summed memory of all instances at `timeMs` (each interpolated, clamped outside its samples). */
function memoryTotalAt(memorySeries: readonly SeriesPoint[][], timeMs: number): number {
  let total = 0;
  for (const points of memorySeries) total += readSeriesAt(points, timeMs).value;
  return total;
}

/** Time-weighted average (trapezoids between evaluation times) and maximum of summed memory. */
function memoryOverWindow(
  memorySeries: readonly SeriesPoint[][],
  sampleTimesMs: readonly number[],
  window: MeasuredWindow,
): { avgBytes: number; maxBytes: number } {
  if (memorySeries.length === 0) return { avgBytes: 0, maxBytes: 0 };
  const inside = sampleTimesMs.filter((t) => t > window.startMs && t < window.endMs);
  const evaluationTimes = [...new Set([window.startMs, ...inside, window.endMs])].sort((a, b) => a - b);
  const totals = evaluationTimes.map((t) => memoryTotalAt(memorySeries, t));
  let maxBytes = 0;
  for (const t of sampleTimesMs) maxBytes = Math.max(maxBytes, memoryTotalAt(memorySeries, t));
  for (const total of totals) maxBytes = Math.max(maxBytes, total);
  const windowMs = window.endMs - window.startMs;
  if (windowMs <= 0) return { avgBytes: totals[0] ?? 0, maxBytes };
  let areaByteMs = 0;
  for (let i = 1; i < evaluationTimes.length; i++) {
    const dtMs = (evaluationTimes[i] ?? 0) - (evaluationTimes[i - 1] ?? 0);
    areaByteMs += (((totals[i] ?? 0) + (totals[i - 1] ?? 0)) / 2) * dtMs;
  }
  return { avgBytes: areaByteMs / windowMs, maxBytes };
}

/**
 * CPU core-seconds, vCPU, vCPU per 1k rps and memory of one component over the window, from the
 * cumulative samples of its instances. Instances without any sample are left out (and warned).
 */
export function componentUsageOverWindow(input: ComponentWindowInput): ComponentWindowUsage {
  const { component, window } = input;
  const warnings: string[] = [];
  const windowMs = window.endMs - window.startMs;
  if (windowMs <= 0) warnings.push(`${component.component}: empty measured window (${formatMs(windowMs)}); usage is 0`);
  const found: InstanceWindowUsage[] = [];
  const memorySeries: SeriesPoint[][] = [];
  const sampleTimesMs: number[] = [];
  for (const series of input.instances) {
    const label = `${component.component} ${series.instance}`;
    const sorted = byTime(series.samples);
    if (sorted.length === 0) {
      warnings.push(`${label}: no samples; left out`);
      continue;
    }
    const cpu = counterDeltaOverWindow(
      sorted.map((s) => ({ timeMs: s.timeMs, value: s.cpuCoreSeconds })),
      window,
    );
    const used = samplesAroundWindow(sorted, window);
    const instance: InstanceWindowUsage = {
      instance: series.instance,
      cpuCoreSeconds: windowMs > 0 ? cpu.delta : 0,
      startUncoveredMs: cpu.startUncoveredMs,
      endUncoveredMs: cpu.endUncoveredMs,
      counterResets: cpu.resets,
      samplesUsed: used.length,
    };
    found.push(instance);
    if (windowMs > 0) warnings.push(...edgeWarnings(label, instance, windowMs));
    memorySeries.push(sorted.map((s) => ({ timeMs: s.timeMs, value: s.memoryBytes })));
    sampleTimesMs.push(...used.map((s) => s.timeMs));
  }
  const cpuCoreSeconds = found.reduce((sum, i) => sum + i.cpuCoreSeconds, 0);
  const vcpu = windowMs > 0 ? cpuCoreSeconds / (windowMs / 1000) : 0;
  const memory = memoryOverWindow(memorySeries, sampleTimesMs, window);
  const usage: ResourceUsage = {
    component: component.component,
    role: component.role,
    instances: found.map((i) => i.instance),
    cpuCoreSeconds,
    vcpu,
    vcpuPer1kRps: per1k(vcpu, window.achievedRps),
    memoryAvgBytes: memory.avgBytes,
    memoryMaxBytes: memory.maxBytes,
    memoryPerInstanceAvgBytes: found.length > 0 ? memory.avgBytes / found.length : 0,
    samples: found.reduce((sum, i) => sum + i.samplesUsed, 0),
    source: component.source,
  };
  return { usage, instances: found, warnings };
}

/** Above this share of stolen CPU time a window is flagged as run on a noisy host. */
const STEAL_WARNING_FRACTION = 0.05;

/**
 * /proc/stat's counters must add up to cores × wall-clock time. Some kernels (seen on this
 * project's Firecracker VMs) account busy time in lumps seconds apart: over a 4 s window the
 * total then ran 6.6–11 core-s on 2 cores, and busy flipped between 0.25 and 4.6 core-s for
 * identical load. Past this relative error the window's host CPU cost is not reported.
 */
const HOST_ACCOUNTING_TOLERANCE = 0.05;

/**
 * /proc/stat counts whole ticks of 1/USER_HZ s (100 on every mainstream architecture), per core:
 * each edge of a window can be off by up to a tick per core, which a short window must allow.
 */
const PROC_STAT_TICK_SECONDS = 0.01;

/** The relative error of a window's total that is still consistent accounting. */
export function hostAccountingTolerance(coveredSeconds: number): number {
  return HOST_ACCOUNTING_TOLERANCE + (2 * PROC_STAT_TICK_SECONDS) / Math.max(coveredSeconds, PROC_STAT_TICK_SECONDS);
}

/**
 * The whole host's busy CPU over the window (busy and total counters interpolated at the edges),
 * its utilization and core-seconds per 1,000 completed requests. Null without samples.
 */
export function hostCpuOverWindow(samples: readonly HostCpuSample[], window: MeasuredWindow): HostWindowCpu {
  const sorted = byTime(samples);
  const last = sorted[sorted.length - 1];
  if (!last) return { hostCpu: null, warnings: ['host CPU: no samples; left out'] };
  const windowMs = window.endMs - window.startMs;
  if (windowMs <= 0) {
    const hostCpu = { cores: Math.max(1, last.cores), busyCoreSeconds: 0, utilization: 0, coreSecondsPer1kRequests: null };
    return { hostCpu, warnings: [`host CPU: empty measured window (${formatMs(windowMs)}); usage is 0`] };
  }
  const busy = counterDeltaOverWindow(
    sorted.map((s) => ({ timeMs: s.timeMs, value: s.busyCoreSeconds })),
    window,
  );
  const total = counterDeltaOverWindow(
    sorted.map((s) => ({ timeMs: s.timeMs, value: s.totalCoreSeconds })),
    window,
  );
  const steal = counterDeltaOverWindow(
    sorted.map((s) => ({ timeMs: s.timeMs, value: s.stealCoreSeconds })),
    window,
  );
  const warnings = edgeWarnings('host CPU', {
    startUncoveredMs: busy.startUncoveredMs,
    endUncoveredMs: busy.endUncoveredMs,
    counterResets: Math.max(busy.resets, total.resets),
  }, windowMs);
  const stealFraction = total.delta > 0 ? Math.min(1, steal.delta / total.delta) : 0;
  const cores = sorted.reduce((most, s) => Math.max(most, s.cores), 1);
  // Against the part of the window the samples bracket (an uncovered edge is warned about above).
  const coveredMs = Math.max(1, windowMs - total.startUncoveredMs - total.endUncoveredMs);
  const countedShare = total.delta / (cores * (coveredMs / 1_000));
  const consistent = Math.abs(countedShare - 1) <= hostAccountingTolerance(coveredMs / 1_000);
  if (!consistent) {
    warnings.push(
      `host CPU: /proc/stat counted ${total.delta.toFixed(2)} core-s in a ${formatMs(windowMs)} window on ${cores} cores ` +
        `(${(countedShare * 100).toFixed(0)} % of wall-clock time): this kernel accounts CPU time in lumps; ` +
        'host cost per 1,000 requests left out (longer windows average the lumps out)',
    );
  }
  if (stealFraction > STEAL_WARNING_FRACTION) {
    warnings.push(
      `host CPU: the hypervisor stole ${(stealFraction * 100).toFixed(1)} % of CPU time in the window ` +
        '(noisy neighbours on the host): latency figures carry their noise',
    );
  }
  const hostCpu: HostCpu = {
    cores,
    busyCoreSeconds: busy.delta,
    utilization: total.delta > 0 ? Math.min(1, busy.delta / total.delta) : 0,
    coreSecondsPer1kRequests: consistent ? per1k(busy.delta, window.completedRequests) : null,
    stealFraction,
    countedShareOfWallClock: countedShare,
  };
  return { hostCpu, warnings };
}
