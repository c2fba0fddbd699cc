/**
 * Result files of an idle-services sweep for the mesh-size report tests: one file per count, each
 * repetition with a data plane of two proxies and, on kind, a control plane (istiod).
 */
import type { ReportSource } from '../../src/report/report-model.ts';
import type { Repetition, ResourceUsage, ResultFile } from '../../src/results/result-schema.ts';
import { buildSyntheticResult } from './report-fixtures.ts';

const MIB = 1024 * 1024;

function usage(options: { component: string; role: ResourceUsage['role']; instances: number; vcpu: number; memoryPerInstanceMib: number }): ResourceUsage {
  const template = buildSyntheticResult({
    name: 't', mesh: 'm', mode: 'x', version: null, platform: 'local', levelsRps: [100], repetitions: 1, medianUs: 900, sigma: 0.2, seed: 1, samplesPerRepetition: 10,
    dataPlane: [{ component: 'p', instances: 1, vcpuPer1kRps: 0.1, memoryPerInstanceMib: 1 }], hostCoreSecondsPer1kRequests: 0.5,
  }).levels[0]?.repetitions[0]?.resources[0] as ResourceUsage;
  const bytes = options.memoryPerInstanceMib * MIB;
  return {
    ...template,
    component: options.component,
    role: options.role,
    instances: Array.from({ length: options.instances }, (_, i) => `${options.component}-${i}`),
    vcpu: options.vcpu,
    memoryAvgBytes: bytes * options.instances,
    memoryMaxBytes: bytes * options.instances,
    memoryPerInstanceAvgBytes: bytes,
  };
}

/** One result per count: proxy memory `proxyMib(n, rep)`, control plane `cp(n)` (none when null). */
export function sweepSources(options: {
  target: string;
  platform: 'local' | 'kind';
  counts: number[];
  reps: number;
  proxyMib: (count: number, rep: number) => number;
  controlPlane?: ((count: number) => { vcpu: number; mib: number }) | undefined;
  invalidRep?: number | undefined;
}): ReportSource[] {
  return options.counts.map((count) => {
    const result: ResultFile = buildSyntheticResult({
      name: options.target, mesh: 'istio', mode: 'sidecar', version: null, platform: options.platform, levelsRps: [100], repetitions: options.reps, medianUs: 900, sigma: 0.2, seed: 2, samplesPerRepetition: 10,
      hostCoreSecondsPer1kRequests: 0.5,
    });
    (result.scenario.spec as { workload: Record<string, unknown> }).workload = { chainDepth: 1, ...(count > 0 ? { idleServices: count } : {}) };
    const level = result.levels[0] as ResultFile['levels'][number];
    level.repetitions = level.repetitions.map((rep, i): Repetition => ({
      ...rep,
      arm: `idle-${count}`,
      valid: i !== options.invalidRep,
      resources: [
        usage({ component: 'proxy-a', role: 'data-plane', instances: 1, vcpu: 0.01, memoryPerInstanceMib: options.proxyMib(count, i) }),
        usage({ component: 'proxy-b', role: 'data-plane', instances: 3, vcpu: 0.01, memoryPerInstanceMib: options.proxyMib(count, i) + 4 }),
        ...(options.controlPlane ? [usage({ component: 'istiod', role: 'control-plane', instances: 1, vcpu: options.controlPlane(count).vcpu, memoryPerInstanceMib: options.controlPlane(count).mib })] : []),
        usage({ component: 'order', role: 'app', instances: 1, vcpu: 0.5, memoryPerInstanceMib: 300 }),
      ],
    }));
    return { path: `idle-${count}.json`, result };
  });
}
