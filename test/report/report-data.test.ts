import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import { collectReportIssues } from '../../src/report/report-issues.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildSyntheticResult, type SyntheticTargetOptions } from '../helpers/report-fixtures.ts';

const small = { levelsRps: [100, 400], repetitions: 2, samplesPerRepetition: 500, sigma: 0.2, hostCoreSecondsPer1kRequests: 0.3 };

function target(overrides: Partial<SyntheticTargetOptions> & Pick<SyntheticTargetOptions, 'seed'>): ResultFile {
  return buildSyntheticResult({ name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.28.1', medianUs: 500, ...small, ...overrides });
}

function baseline(seed: number): ResultFile {
  return buildSyntheticResult({ name: 'baseline', mesh: 'none', mode: 'none', version: null, medianUs: 300, seed, ...small });
}

/** Replaces every histogram of a repetition by one holding `count` copies of `valueUs`. */
function withConstantLatency(result: ResultFile, valueUs: number, count: number): ResultFile {
  const h = createLatencyHistogram();
  for (let i = 0; i < count; i++) recordLatencyUs(h, valueUs);
  const encoded = encodeHistogram(h);
  for (const level of result.levels) for (const rep of level.repetitions) rep.histograms = { latencyUs: encoded, serviceTimeUs: encoded };
  return result;
}

describe('buildReportData', () => {
  it('pools several files of the same target and version per level', () => {
    const a = withConstantLatency(target({ seed: 1, runId: 'a' }), 1000, 100);
    const b = withConstantLatency(target({ seed: 2, runId: 'b' }), 3000, 300);
    const data = buildReportData([
      { path: 'a.json', result: a },
      { path: 'b.json', result: b },
    ]);
    expect(data.series).toHaveLength(1);
    const series = data.series[0]!;
    expect(series.sources.map((s) => s.path)).toEqual(['a.json', 'b.json']);
    expect(data.levelRps).toEqual([100, 400]);
    const level = series.levels[0]!;
    expect(level.repetitions).toHaveLength(4);
    // 2 reps × 100 values of 1 ms + 2 reps × 300 values of 3 ms: merged, not averaged.
    expect(level.latency?.count).toBe(800);
    expect(level.latency?.p50Us).toBeGreaterThanOrEqual(2990);
    expect(level.latency?.p50Us).toBeLessThanOrEqual(3010);
    expect(level.latency?.minUs).toBeLessThanOrEqual(1001);
    expect(level.spectrum.at(-1)).toEqual({ percentile: 100, valueUs: level.latency?.maxUs });
  });

  it('keeps different mesh versions and A/B arms apart, baselines first', () => {
    const base = target({ seed: 1, version: '1.27.3' });
    const head = target({ seed: 2, version: '1.28.1' });
    const interleaved = target({ seed: 3, version: null, name: 'istio-sidecar', mode: 'sidecar', arms: ['1.27.3', '1.28.1'] });
    const data = buildReportData([
      { path: 'base.json', result: base },
      { path: 'head.json', result: head },
      { path: 'ab.json', result: interleaved },
      { path: 'baseline.json', result: baseline(4) },
    ]);
    expect(data.series.map((s) => s.label)).toEqual([
      'baseline',
      'istio-ambient 1.27.3',
      'istio-ambient 1.28.1',
      'istio-sidecar 1.27.3',
      'istio-sidecar 1.28.1',
    ]);
    expect(data.series.map((s) => s.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(data.series[0]?.isBaseline).toBe(true);
    expect(data.series[3]?.levels[0]?.repetitions.every((r) => r.repetition.arm === '1.27.3')).toBe(true);
  });

  it('adds the platform to labels only where it tells series apart', () => {
    const data = buildReportData([
      { path: 'kind.json', result: target({ seed: 1, platform: 'kind' }) },
      { path: 'local.json', result: target({ seed: 2, platform: 'local' }) },
      { path: 'b.json', result: baseline(3) },
    ]);
    expect(data.series.map((s) => s.label)).toEqual(['baseline', 'istio-ambient 1.28.1 (kind)', 'istio-ambient 1.28.1 (local)']);
  });

  it('pools valid repetitions only, and flags a level where none is valid', () => {
    const result = target({
      seed: 5,
      invalid: [
        { levelRps: 100, repetition: 0, reason: 'achieved 93 rps < 99 rps' },
        { levelRps: 400, repetition: 0, reason: 'too slow' },
        { levelRps: 400, repetition: 1, reason: 'too slow', saturated: true },
      ],
    });
    const data = buildReportData([{ path: 'r.json', result }]);
    const [low, high] = data.series[0]!.levels;
    expect(low?.pooledFrom).toBe('valid');
    expect(low?.validRepetitions).toBe(1);
    expect(low?.latency?.count).toBe(500);
    expect(low?.achievedRpsMedian).toBeGreaterThan(99);
    expect(high?.pooledFrom).toBe('invalid');
    expect(high?.latency?.count).toBe(1000);
    const issues = collectReportIssues(data);
    expect(issues.filter((i) => i.kind === 'invalid-repetition')).toHaveLength(3);
    expect(issues.find((i) => i.kind === 'generator-saturation')?.message).toMatch(/scheduler lag p99 14 ms > 5 ms/);
    expect(issues.find((i) => i.kind === 'pooling')?.severity).toBe('error');
    expect(issues[0]?.severity).toBe('error');
  });

  it('summarises the data plane: summed vCPU per 1k rps, memory per instance, null without a data plane', () => {
    const result = target({
      seed: 6,
      dataPlane: [
        { component: 'ztunnel', instances: 2, vcpuPer1kRps: 0.2, memoryPerInstanceMib: 10 },
        { component: 'waypoint', instances: 1, vcpuPer1kRps: 0.3, memoryPerInstanceMib: 40 },
      ],
    });
    const data = buildReportData([
      { path: 'w.json', result },
      { path: 'b.json', result: baseline(7) },
    ]);
    const level = data.series[1]!.levels[0]!;
    expect(level.dataPlaneVcpuPer1kRpsMedian).toBeGreaterThan(0.47);
    expect(level.dataPlaneVcpuPer1kRpsMedian).toBeLessThan(0.53);
    // (2 × 10 + 1 × 40) / 3 instances = 20 MiB.
    expect((level.dataPlaneMemoryPerInstanceBytesMedian ?? 0) / 1024 / 1024).toBeCloseTo(20, 0);
    expect(level.components.map((c) => [c.component, c.instances])).toEqual([
      ['ztunnel', 2],
      ['waypoint', 1],
    ]);
    expect(data.series[0]!.levels[0]!.dataPlaneVcpuPer1kRpsMedian).toBeNull();
    expect(data.series[0]!.levels[0]!.hostCoreSecondsPer1kRequestsMedian).toBeCloseTo(0.3, 1);
  });
});
