import { describe, expect, it } from 'vitest';
import { dataPlaneMemoryPerInstanceBytes, dataPlaneVcpuPer1kRps } from '../../src/results/data-plane-cost.ts';
import { buildRepetition } from '../helpers/result-builder.ts';

const at = { index: 0, targetRps: 1000, windowStartMs: 0 };

describe('data-plane cost of a repetition', () => {
  const rep = buildRepetition(
    {
      p99Us: 1000,
      dataPlane: [
        { component: 'ztunnel', vcpuPer1kRps: 0.2, memoryPerInstanceBytes: 20e6, instances: 2 },
        { component: 'waypoint', vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 50e6, instances: 1 },
      ],
    },
    at,
  );

  it('sums vCPU per 1k rps over the data-plane components only', () => {
    const withApp = { ...rep, resources: [...rep.resources, { ...(rep.resources[0] as (typeof rep.resources)[number]), component: 'order-service', role: 'app' as const, vcpuPer1kRps: 5 }] };
    expect(dataPlaneVcpuPer1kRps(withApp)).toBeCloseTo(0.5, 9);
  });

  it('averages memory over all instances of all components', () => {
    // (2 × 20 MB + 1 × 50 MB) / 3 instances.
    expect(dataPlaneMemoryPerInstanceBytes(rep)).toBeCloseTo(30e6, 0);
  });

  it('without instance lists, the mean of the components’ own per-instance averages', () => {
    const bare = { ...rep, resources: rep.resources.map((r) => ({ ...r, instances: [] })) };
    expect(dataPlaneMemoryPerInstanceBytes(bare)).toBeCloseTo(35e6, 0);
  });

  it('null without a data plane, or with an unknown vCPU value', () => {
    const none = buildRepetition({ p99Us: 1000 }, at);
    expect(dataPlaneVcpuPer1kRps(none)).toBeNull();
    expect(dataPlaneMemoryPerInstanceBytes(none)).toBeNull();
    const unknown = { ...rep, resources: rep.resources.map((r, i) => (i === 0 ? { ...r, vcpuPer1kRps: null } : r)) };
    expect(dataPlaneVcpuPer1kRps(unknown)).toBeNull();
  });
});
