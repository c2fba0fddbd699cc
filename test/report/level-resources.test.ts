import { describe, expect, it } from 'vitest';
import { summarizeComponents } from '../../src/report/level-resources.ts';
import type { RepetitionRef } from '../../src/report/report-model.ts';
import type { ResourceUsage } from '../../src/results/result-schema.ts';
import { buildRepetition } from '../helpers/result-builder.ts';

function usage(component: string, vcpu: number, memoryMaxBytes: number, instances = 2): ResourceUsage {
  return {
    component,
    role: 'data-plane',
    instances: Array.from({ length: instances }, (_, i) => `ns/pod-${i}/${component}`),
    cpuCoreSeconds: vcpu * 10,
    vcpu,
    vcpuPer1kRps: vcpu * 10,
    memoryAvgBytes: 40e6 * instances,
    memoryMaxBytes,
    memoryPerInstanceAvgBytes: 40e6 + vcpu,
    samples: 10,
    source: component === 'ztunnel' ? 'kubelet-summary' : 'proc',
  };
}

function ref(resources: ResourceUsage[]): RepetitionRef {
  const repetition = { ...buildRepetition({ p99Us: 1000 }, { index: 0, targetRps: 100, windowStartMs: 0 }), resources };
  return { source: { path: 'r.json', result: {} as RepetitionRef['source']['result'] }, repetition };
}

describe('summarizeComponents', () => {
  it('one summary per component: median vCPU, largest instance count, peak memory, sources', () => {
    const summaries = summarizeComponents([ref([usage('sidecar', 0.1, 50e6), usage('ztunnel', 0.5, 20e6, 1)]), ref([usage('sidecar', 0.3, 70e6, 3)]), ref([usage('sidecar', 0.2, 60e6)])]);
    expect(summaries.map((s) => s.component)).toEqual(['sidecar', 'ztunnel']);
    const [sidecar, ztunnel] = summaries;
    expect(sidecar).toMatchObject({ role: 'data-plane', instances: 3, memoryMaxBytesMax: 70e6, source: 'proc' });
    expect(sidecar?.vcpuMedian).toBeCloseTo(0.2, 9);
    expect(sidecar?.vcpuPer1kRpsMedian).toBeCloseTo(2, 9);
    expect(ztunnel).toMatchObject({ instances: 1, vcpuMedian: 0.5, source: 'kubelet-summary' });
  });

  it('nothing metered, nothing summarised', () => {
    expect(summarizeComponents([ref([])])).toEqual([]);
    expect(summarizeComponents([])).toEqual([]);
  });
});
