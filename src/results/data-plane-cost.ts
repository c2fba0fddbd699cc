/**
 * The data plane's cost in one repetition, summed over its components (sidecars, ztunnels,
 * waypoints, haproxy pair, …): vCPU per 1,000 rps and memory per proxy instance — Istio's
 * headline units. One definition for the result file's level summary, the gate and the report.
 * Pure.
 */
import type { Repetition, ResourceUsage } from './result-schema.ts';

function dataPlaneOf(rep: Repetition): ResourceUsage[] {
  return rep.resources.filter((r) => r.role === 'data-plane');
}

/** Summed data-plane vCPU per 1,000 rps; null without a data plane or with an unknown value. */
export function dataPlaneVcpuPer1kRps(rep: Repetition): number | null {
  const dp = dataPlaneOf(rep);
  if (dp.length === 0 || dp.some((r) => r.vcpuPer1kRps === null)) return null;
  return dp.reduce((sum, r) => sum + (r.vcpuPer1kRps ?? 0), 0);
}

/**
 * Average memory per data-plane instance (all components' instances together), bytes; without
 * instance lists, the mean of the components' own per-instance averages.
 */
export function dataPlaneMemoryPerInstanceBytes(rep: Repetition): number | null {
  const dp = dataPlaneOf(rep);
  if (dp.length === 0) return null;
  const instances = dp.reduce((sum, r) => sum + r.instances.length, 0);
  if (instances > 0) return dp.reduce((sum, r) => sum + r.memoryAvgBytes, 0) / instances;
  return dp.reduce((sum, r) => sum + r.memoryPerInstanceAvgBytes, 0) / dp.length;
}
