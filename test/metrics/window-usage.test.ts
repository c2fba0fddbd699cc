import { describe, expect, it } from 'vitest';
import type { HostCpuSample, InstanceSample, MeasuredWindow, MeteredComponent } from '../../src/metrics/resource-meter.ts';
import { componentUsageOverWindow, hostCpuOverWindow, type InstanceSeries } from '../../src/metrics/window-usage.ts';

const proxy: MeteredComponent = { component: 'istio-proxy', role: 'data-plane', source: 'kubelet-summary' };

/** [timeMs, cpuCoreSeconds, memoryBytes] */
type Row = [number, number, number];
const series = (instance: string, ...rows: Row[]): InstanceSeries => ({
  instance,
  samples: rows.map(([timeMs, cpuCoreSeconds, memoryBytes]): InstanceSample => ({ timeMs, cpuCoreSeconds, memoryBytes })),
});
const window = (startMs: number, endMs: number, achievedRps = 1000, completedRequests = 0): MeasuredWindow => ({
  startMs,
  endMs,
  achievedRps,
  completedRequests,
});

describe('componentUsageOverWindow: CPU', () => {
  it.each([
    {
      name: 'dense samples aligned with the window',
      instances: [series('a', [0, 0, 1], [1000, 0.5, 1], [2000, 1, 1], [3000, 1.5, 1])],
      window: window(1000, 3000),
      cpuCoreSeconds: 1,
      vcpu: 0.5,
      warnings: 0,
    },
    {
      name: 'edges interpolated between two samples',
      instances: [series('a', [0, 0, 1], [10_000, 10, 1])],
      window: window(2500, 7500),
      cpuCoreSeconds: 5,
      vcpu: 1,
      warnings: 0,
    },
    {
      name: 'sparse kubelet samples every 15 s with their own timestamps',
      // rates: 1 core/s, then 1 core/s, then 2 cores/s
      instances: [series('pod/a', [-12_000, 100, 1], [3000, 115, 1], [18_000, 130, 1], [33_000, 160, 1])],
      window: window(0, 30_000),
      // C(0) = 100 + 15 × 12/15 = 112; C(30 s) = 130 + 30 × 12/15 = 154
      cpuCoreSeconds: 42,
      vcpu: 1.4,
      warnings: 0,
    },
    {
      name: 'counter reset (restart) summed across segments',
      instances: [series('a', [0, 5, 1], [1000, 6, 1], [2000, 0.5, 1], [3000, 1.5, 1])],
      window: window(0, 3000),
      cpuCoreSeconds: 2.5,
      vcpu: 2.5 / 3,
      warnings: 1,
    },
    {
      name: 'start not bracketed: clamped to the first sample',
      instances: [series('a', [1000, 1, 1], [2000, 2, 1])],
      window: window(0, 2000),
      cpuCoreSeconds: 1,
      vcpu: 0.5,
      warnings: 1,
    },
    {
      name: 'end not bracketed (exited): clamped to the last sample',
      instances: [series('a', [0, 0, 1], [1000, 1, 1])],
      window: window(0, 4000),
      cpuCoreSeconds: 1,
      vcpu: 0.25,
      warnings: 1,
    },
    {
      name: 'empty window',
      instances: [series('a', [0, 0, 1], [1000, 1, 1])],
      window: window(500, 500),
      cpuCoreSeconds: 0,
      vcpu: 0,
      warnings: 1,
    },
    {
      name: 'instances summed; one without samples left out',
      instances: [series('a', [0, 0, 1], [2000, 1, 1]), series('b', [500, 3, 1], [1500, 4, 1], [2500, 5, 1]), series('c')],
      window: window(1000, 2000),
      cpuCoreSeconds: 0.5 + 1,
      vcpu: 1.5,
      warnings: 1,
    },
  ])('$name', ({ instances, window: w, cpuCoreSeconds, vcpu, warnings }) => {
    const found = componentUsageOverWindow({ component: proxy, instances, window: w });
    expect(found.usage.cpuCoreSeconds).toBeCloseTo(cpuCoreSeconds, 9);
    expect(found.usage.vcpu).toBeCloseTo(vcpu, 9);
    expect(found.usage.vcpuPer1kRps).toBeCloseTo(vcpu, 9); // achievedRps 1000
    expect(found.warnings).toHaveLength(warnings);
  });

  it('flags what it clamped and counted in per-instance findings and warnings', () => {
    const found = componentUsageOverWindow({
      component: proxy,
      instances: [series('4242', [1000, 1, 1], [2000, 0.5, 1], [3000, 1, 1])],
      window: window(0, 4000),
    });
    expect(found.instances).toEqual([
      { instance: '4242', cpuCoreSeconds: 1, startUncoveredMs: 1000, endUncoveredMs: 1000, counterResets: 1, samplesUsed: 3 },
    ]);
    expect(found.warnings.join('\n')).toMatch(/4242: first sample is 1000 ms after the window start/);
    expect(found.warnings.join('\n')).toMatch(/last sample is 1000 ms before the window end/);
    expect(found.warnings.join('\n')).toMatch(/went backwards 1 time/);
  });

  it('does not warn about an edge sampled a few ms late (under 1 % of the window)', () => {
    const found = componentUsageOverWindow({
      component: proxy,
      instances: [series('a', [5, 0, 1], [10_000, 10, 1])],
      window: window(0, 10_000),
    });
    expect(found.instances[0]?.startUncoveredMs).toBe(5);
    expect(found.warnings).toEqual([]);
  });

  it('has no vCPU per 1k rps without traffic', () => {
    const found = componentUsageOverWindow({
      component: proxy,
      instances: [series('a', [0, 0, 1], [1000, 1, 1])],
      window: window(0, 1000, 0),
    });
    expect(found.usage.vcpuPer1kRps).toBeNull();
    expect(found.usage.vcpu).toBe(1);
  });

  it('sorts samples that arrive out of order', () => {
    const found = componentUsageOverWindow({
      component: proxy,
      instances: [series('a', [2000, 2, 1], [0, 0, 1], [1000, 1, 1])],
      window: window(0, 2000),
    });
    expect(found.usage.cpuCoreSeconds).toBeCloseTo(2, 9);
  });

  it('fills the ResourceUsage fields', () => {
    const found = componentUsageOverWindow({
      component: proxy,
      instances: [series('ns/pod-a/istio-proxy', [0, 0, 100], [1000, 1, 100])],
      window: window(0, 1000),
    });
    expect(found.usage).toEqual({
      component: 'istio-proxy',
      role: 'data-plane',
      instances: ['ns/pod-a/istio-proxy'],
      cpuCoreSeconds: 1,
      vcpu: 1,
      vcpuPer1kRps: 1,
      memoryAvgBytes: 100,
      memoryMaxBytes: 100,
      memoryPerInstanceAvgBytes: 100,
      samples: 2,
      source: 'kubelet-summary',
    });
  });
});

describe('componentUsageOverWindow: memory', () => {
  it.each([
    {
      name: 'time-weighted between two samples',
      instances: [series('a', [0, 0, 100], [1000, 0, 300])],
      window: window(0, 1000),
      avg: 200,
      max: 300,
      perInstance: 200,
      samples: 2,
    },
    {
      name: 'summed over instances at each sample time',
      instances: [series('a', [0, 0, 100], [1000, 0, 100]), series('b', [0, 0, 200], [1000, 0, 400])],
      window: window(0, 1000),
      avg: 400,
      max: 500,
      perInstance: 200,
      samples: 4,
    },
    {
      name: 'misaligned sample times: each instance interpolated at the others',
      instances: [series('a', [0, 0, 100], [1000, 0, 100]), series('b', [-500, 0, 0], [500, 0, 200], [1500, 0, 0])],
      window: window(0, 1000),
      // b at 0: 100, at 500: 200, at 1000: 100 → avg of b = 150; a = 100
      avg: 250,
      max: 300,
      perInstance: 125,
      samples: 5,
    },
    {
      name: 'edge samples outside the window count for the maximum',
      instances: [series('a', [-500, 0, 1000], [500, 0, 0], [1500, 0, 0])],
      window: window(0, 1000),
      // at 0: 500, at 500: 0, at 1000: 0 → (500+0)/2 × 500 / 1000
      avg: 125,
      max: 1000,
      perInstance: 125,
      samples: 3,
    },
    {
      name: 'sparse samples: only the bracketing ones',
      instances: [series('a', [-10_000, 0, 100], [20_000, 0, 400], [40_000, 0, 100])],
      window: window(0, 10_000),
      // at 0: 200, at 10 s: 300
      avg: 250,
      max: 400,
      perInstance: 250,
      samples: 2,
    },
  ])('$name', ({ instances, window: w, avg, max, perInstance, samples }) => {
    const { usage } = componentUsageOverWindow({ component: proxy, instances, window: w });
    expect(usage.memoryAvgBytes).toBeCloseTo(avg, 9);
    expect(usage.memoryMaxBytes).toBeCloseTo(max, 9);
    expect(usage.memoryPerInstanceAvgBytes).toBeCloseTo(perInstance, 9);
    expect(usage.samples).toBe(samples);
  });
});

describe('hostCpuOverWindow', () => {
  const host = (timeMs: number, busyCoreSeconds: number, totalCoreSeconds: number, stealCoreSeconds = 0): HostCpuSample => ({
    timeMs,
    busyCoreSeconds,
    stealCoreSeconds,
    totalCoreSeconds,
    cores: 4,
  });

  it('computes busy core-seconds, utilization and cost per 1k requests, interpolated', () => {
    const found = hostCpuOverWindow([host(0, 10, 40), host(1000, 12, 44), host(2000, 15, 48)], window(500, 1500, 1000, 2000));
    // busy at 500: 11, at 1500: 13.5 → 2.5; total at 500: 42, at 1500: 46 → 4
    expect(found.hostCpu).toEqual({ cores: 4, busyCoreSeconds: 2.5, utilization: 0.625, coreSecondsPer1kRequests: 1.25, stealFraction: 0, countedShareOfWallClock: 1 });
    expect(found.warnings).toEqual([]);
  });

  it('leaves out the cost per 1k requests when /proc/stat did not count cores × wall-clock time', () => {
    // 4 cores over 1 s should count 4 core-s; these counters moved 6 (lumpy accounting) and 3.
    const over = hostCpuOverWindow([host(0, 10, 40), host(1000, 14, 46)], window(0, 1000, 1000, 1000));
    expect(over.hostCpu).toMatchObject({ busyCoreSeconds: 4, coreSecondsPer1kRequests: null, countedShareOfWallClock: 1.5 });
    expect(over.warnings).toEqual([expect.stringMatching(/^host CPU: \/proc\/stat counted 6\.00 core-s in a 1000 ms window on 4 cores \(150 % of wall-clock time\)/)]);
    const under = hostCpuOverWindow([host(0, 10, 40), host(1000, 10.5, 43)], window(0, 1000, 1000, 1000));
    expect(under.hostCpu?.coreSecondsPer1kRequests).toBeNull();
    // 1 s on 4 cores: 5 % plus two 10 ms ticks allowed → 4.26 core-s is still consistent.
    const within = hostCpuOverWindow([host(0, 10, 40), host(1000, 11, 44.26)], window(0, 1000, 1000, 1000));
    expect(within.hostCpu?.coreSecondsPer1kRequests).toBeCloseTo(1, 9);
    expect(within.warnings).toEqual([]);
  });

  it('reports the stolen share apart from busy time, and warns above 5 %', () => {
    // total 4 core-seconds over the window, of which 0.4 stolen (10 %) and 0.1 (2.5 %)
    const noisy = hostCpuOverWindow([host(0, 10, 40, 1), host(1000, 12, 44, 1.4)], window(0, 1000, 1000, 1000));
    expect(noisy.hostCpu?.busyCoreSeconds).toBe(2);
    expect(noisy.hostCpu?.stealFraction).toBeCloseTo(0.1, 9);
    expect(noisy.warnings).toEqual([expect.stringMatching(/hypervisor stole 10\.0 % of CPU time/)]);
    const quiet = hostCpuOverWindow([host(0, 10, 40, 1), host(1000, 12, 44, 1.1)], window(0, 1000, 1000, 1000));
    expect(quiet.hostCpu?.stealFraction).toBeCloseTo(0.025, 9);
    expect(quiet.warnings).toEqual([]);
  });

  it('has no cost per 1k requests without completed requests', () => {
    const found = hostCpuOverWindow([host(0, 10, 40), host(1000, 12, 44)], window(0, 1000, 0, 0));
    expect(found.hostCpu?.coreSecondsPer1kRequests).toBeNull();
    expect(found.hostCpu?.utilization).toBeCloseTo(0.5, 9);
  });

  it('warns about an unbracketed edge', () => {
    const found = hostCpuOverWindow([host(0, 10, 40), host(1000, 12, 44)], window(0, 3000, 0, 0));
    expect(found.hostCpu?.busyCoreSeconds).toBe(2);
    expect(found.warnings).toEqual([expect.stringMatching(/^host CPU: last sample is 2000 ms before the window end/)]);
  });

  it('is null without samples, zero over an empty window', () => {
    expect(hostCpuOverWindow([], window(0, 1000)).hostCpu).toBeNull();
    const empty = hostCpuOverWindow([host(0, 10, 40)], window(0, 0));
    expect(empty.hostCpu).toEqual({ cores: 4, busyCoreSeconds: 0, utilization: 0, coreSecondsPer1kRequests: null });
    expect(empty.warnings).toHaveLength(1);
  });
});
