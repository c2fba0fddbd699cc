import { describe, expect, it } from 'vitest';
import { METRIC_IDS, METRICS } from '../../../src/compare/gate/metric-definitions.ts';
import { buildRepetition } from '../../helpers/result-builder.ts';

const at = { index: 0, targetRps: 100, windowStartMs: 0 };

describe('METRICS', () => {
  it('defines every metric id under its own id', () => {
    for (const id of METRIC_IDS) expect(METRICS[id].id).toBe(id);
  });

  it('reads latency percentiles, rate and errors from a repetition', () => {
    const rep = buildRepetition({ p99Us: 4000, p50Us: 1000, achievedRps: 98, errorPct: 0.2 }, at);
    expect(METRICS['latency-p99'].valueOf(rep)).toBe(rep.latency.p99Us);
    expect(METRICS['latency-p50'].valueOf(rep)).toBe(rep.latency.p50Us);
    expect(METRICS['achieved-rps'].valueOf(rep)).toBe(98);
    expect(METRICS['error-pct'].valueOf(rep)).toBe(0.2);
    expect(METRICS['latency-p99'].valueOf({ ...rep, latency: { ...rep.latency, count: 0 } })).toBeNull();
  });

  it('reads the data-plane cost summed over components, null without a data plane', () => {
    const dp = buildRepetition({ p99Us: 1000, dataPlane: [{ component: 'sidecar', vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 50e6, instances: 2 }, { component: 'ztunnel', vcpuPer1kRps: 0.1, memoryPerInstanceBytes: 20e6, instances: 1 }] }, at);
    expect(METRICS['dataplane-vcpu-per-1k-rps'].valueOf(dp)).toBeCloseTo(0.4, 9);
    // 2 sidecars of 50 MB and 1 ztunnel of 20 MB: 40 MB per instance.
    expect(METRICS['dataplane-memory-per-instance'].valueOf(dp)).toBeCloseTo(40e6, 0);
    expect(METRICS['dataplane-vcpu-per-1k-rps'].valueOf(buildRepetition({ p99Us: 1000 }, at))).toBeNull();
    expect(METRICS['host-cpu-per-1k-requests'].valueOf(buildRepetition({ p99Us: 1000, hostCoreSecondsPer1kRequests: 0.07 }, at))).toBe(0.07);
  });

  it('error rate is the one absolute metric; achieved rate the one where higher is better', () => {
    expect(METRIC_IDS.filter((id) => METRICS[id].scale === 'absolute')).toEqual(['error-pct']);
    expect(METRIC_IDS.filter((id) => METRICS[id].direction === 'higher-is-better')).toEqual(['achieved-rps']);
    expect(METRIC_IDS.filter((id) => METRICS[id].needsDataPlane)).toEqual(['dataplane-vcpu-per-1k-rps', 'dataplane-memory-per-instance']);
  });
});
