/**
 * Each component's resource usage at one pooled level, summarised over the repetitions used
 * (the data plane's summed cost per repetition is results/data-plane-cost.ts). Pure.
 */
import type { ResourceUsage } from '../results/result-schema.ts';
import { maxOf, median } from '../stats/median.ts';
import type { ComponentSummary, RepetitionRef } from './report-model.ts';

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
