/**
 * The resource numbers of one pooled level: the data plane's summed cost per repetition and each
 * component's usage summarised over the repetitions used (reference/regression-gating.md). Pure.
 */
import type { Repetition, ResourceUsage } from '../results/result-schema.ts';
import { maxOf, median } from './median.ts';
import type { ComponentSummary, RepetitionRef } from './report-model.ts';

function dataPlaneOf(rep: Repetition): ResourceUsage[] {
  return rep.resources.filter((r) => r.role === 'data-plane');
}

/** Summed data-plane vCPU per 1k rps of one repetition; null without a data plane or with unknown values. */
export function dataPlaneVcpuPer1kRps(rep: Repetition): number | null {
  const dp = dataPlaneOf(rep);
  if (dp.length === 0 || dp.some((r) => r.vcpuPer1kRps === null)) return null;
  return dp.reduce((sum, r) => sum + (r.vcpuPer1kRps ?? 0), 0);
}

/** Average memory per data-plane instance of one repetition (all components together). */
export function dataPlaneMemoryPerInstanceBytes(rep: Repetition): number | null {
  const dp = dataPlaneOf(rep);
  if (dp.length === 0) return null;
  const instances = dp.reduce((sum, r) => sum + r.instances.length, 0);
  if (instances > 0) return dp.reduce((sum, r) => sum + r.memoryAvgBytes, 0) / instances;
  return dp.reduce((sum, r) => sum + r.memoryPerInstanceAvgBytes, 0) / dp.length;
}

/** Each component's resource usage at one level, summarised over the repetitions given. */
export function summarizeComponents(refs: readonly RepetitionRef[]): ComponentSummary[] {
  const byName = new Map<string, ResourceUsage[]>();
  for (const ref of refs) {
    for (const usage of ref.repetition.resources) {
      const key = `${usage.role}\u0000${usage.component}`;
      const list = byName.get(key) ?? [];
      list.push(usage);
      byName.set(key, list);
    }
  }
  return [...byName.values()].map((usages) => {
    const first = usages[0] as ResourceUsage;
    return {
      component: first.component,
      role: first.role,
      instances: Math.max(0, ...usages.map((u) => u.instances.length)),
      vcpuMedian: median(usages.map((u) => u.vcpu)),
      vcpuPer1kRpsMedian: median(usages.map((u) => u.vcpuPer1kRps)),
      memoryPerInstanceAvgBytesMedian: median(usages.map((u) => u.memoryPerInstanceAvgBytes)),
      memoryMaxBytesMax: maxOf(usages.map((u) => u.memoryMaxBytes)),
      source: [...new Set(usages.map((u) => u.source))].join(', '),
    };
  });
}
