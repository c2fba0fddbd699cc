import { describe, expect, it } from 'vitest';
import { computeFeatureCosts } from '../../src/report/feature-costs.ts';
import type { ReportSource } from '../../src/report/report-model.ts';
import type { Repetition, ResultFile } from '../../src/results/result-schema.ts';
import { buildSyntheticResult } from '../helpers/report-fixtures.ts';

const MIB = 1024 * 1024;
const template = buildSyntheticResult({
  name: 'proxy-mtls',
  mesh: 'haproxy',
  mode: 'sidecar-pair',
  version: null,
  platform: 'local',
  levelsRps: [500],
  repetitions: 1,
  medianUs: 900,
  sigma: 0.2,
  seed: 3,
  samplesPerRepetition: 200,
  dataPlane: [{ component: 'haproxy-client', instances: 1, vcpuPer1kRps: 0.1, memoryPerInstanceMib: 10 }],
  hostCoreSecondsPer1kRequests: 0.5,
}).levels[0]?.repetitions[0] as Repetition;

/** A repetition with exactly these figures. */
function rep(options: { arm: string; index: number; p50Us: number; p99Us: number; vcpuPer1kRps: number; memoryMib: number; valid?: boolean }): Repetition {
  const resource = template.resources[0] as Repetition['resources'][number];
  return {
    ...template,
    arm: options.arm,
    index: options.index,
    latency: { ...template.latency, p50Us: options.p50Us, p99Us: options.p99Us },
    resources: [{ ...resource, vcpuPer1kRps: options.vcpuPer1kRps, memoryAvgBytes: options.memoryMib * MIB, memoryPerInstanceAvgBytes: options.memoryMib * MIB }],
    valid: options.valid ?? true,
  };
}

/** One result file per arm, as `bench run --features-matrix` writes them. */
function matrixBatch(options: { batchId: string; arms: Record<string, (index: number) => Repetition>; features: Record<string, string | null>; reps: number }): ReportSource[] {
  return Object.entries(options.arms).map(([label, make]) => {
    const result: ResultFile = structuredClone(buildSyntheticResultShell());
    result.batch = {
      id: options.batchId,
      arms: Object.keys(options.arms),
      order: 'ABBA',
      method: 'same-host',
      featureMatrix: { features: options.features, settings: Object.fromEntries(Object.keys(options.features).map((l) => [l, `${l} setting`])) },
    };
    result.levels = [{ ...(result.levels[0] as ResultFile['levels'][number]), targetRps: 500, repetitions: Array.from({ length: options.reps }, (_, i) => make(i)) }];
    return { path: `${label}.json`, result };
  });
}

function buildSyntheticResultShell(): ResultFile {
  return buildSyntheticResult({ name: 'proxy-mtls', mesh: 'haproxy', mode: 'sidecar-pair', version: null, platform: 'local', levelsRps: [500], repetitions: 1, medianUs: 900, sigma: 0.2, seed: 1, samplesPerRepetition: 10, hostCoreSecondsPer1kRequests: 0.5 });
}

describe('computeFeatureCosts', () => {
  const reference = (i: number) => rep({ arm: 'features-off', index: i, p50Us: 1_000 + 10 * i, p99Us: 3_000 + 40 * i, vcpuPer1kRps: 0.2 + 0.01 * i, memoryMib: 10 });
  const sources = matrixBatch({
    batchId: 'b1',
    reps: 6,
    features: { 'features-off': null, retries: 'retries', accessLog: 'accessLog' },
    arms: {
      'features-off': reference,
      // Retries: +200 µs at p50, +500 µs at p99, +0.05 vCPU per 1k rps, +1 MiB, in every pair.
      retries: (i) => rep({ arm: 'retries', index: i, p50Us: 1_200 + 10 * i, p99Us: 3_500 + 40 * i, vcpuPer1kRps: 0.25 + 0.01 * i, memoryMib: 11 }),
      // Access log: no cost, but pair 5 is invalid and must not count.
      accessLog: (i) => rep({ arm: 'accessLog', index: i, p50Us: 1_000 + 10 * i, p99Us: 3_000 + 40 * i, vcpuPer1kRps: 0.2 + 0.01 * i, memoryMib: 10, valid: i !== 5 }),
    },
  });

  it('estimates each feature as the paired difference from the features-off arm, with an interval', () => {
    const costs = computeFeatureCosts(sources);
    expect(costs.map((c) => [c.feature, c.armLabel, c.referenceArm, c.targetRps, c.pairs, c.setting])).toEqual([
      ['retries', 'retries', 'features-off', 500, 6, 'retries setting'],
      ['accessLog', 'accessLog', 'features-off', 500, 5, 'accessLog setting'],
    ]);
    const retries = costs[0];
    expect(retries?.p50Us).toMatchObject({ estimate: 200, lower: 200, upper: 200, referenceMedian: 1_025 });
    expect(retries?.p99Us?.estimate).toBe(500);
    expect(retries?.vcpuPer1kRps?.estimate).toBeCloseTo(0.05, 10);
    expect(retries?.memoryPerProxyMib?.estimate).toBeCloseTo(1, 10);
    // 6 pairs at 95 %: the exact coverage of the widest Walsh interval, 1 − 2/64.
    expect(retries?.p50Us?.confidence).toBeCloseTo(1 - 2 / 64, 10);
    expect(costs[1]?.p99Us).toMatchObject({ estimate: 0 });
  });

  it('gives no interval with too few pairs, and ignores batches that are not a feature matrix', () => {
    const few = matrixBatch({ batchId: 'b2', reps: 3, features: { 'features-off': null, retries: 'retries' }, arms: { 'features-off': reference, retries: (i) => rep({ arm: 'retries', index: i, p50Us: 1_300, p99Us: 3_100, vcpuPer1kRps: 0.3, memoryMib: 10 }) } });
    const cost = computeFeatureCosts(few)[0];
    expect(cost?.pairs).toBe(3);
    expect(cost?.p50Us).toMatchObject({ lower: null, upper: null, confidence: null });
    const plain = sources.map((s) => ({ ...s, result: { ...s.result, batch: { ...(s.result.batch as NonNullable<ResultFile['batch']>), featureMatrix: undefined } } }));
    expect(computeFeatureCosts(plain)).toEqual([]);
  });
});
