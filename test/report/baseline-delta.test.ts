import { describe, expect, it } from 'vitest';
import { computeBaselineDeltas } from '../../src/report/baseline-delta.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';
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

describe('computeBaselineDeltas', () => {
  it('subtracts the baseline percentile at the same rate', () => {
    const data = buildReportData([
      { path: 'b.json', result: withConstantLatency(baseline(1), 400, 1000) },
      { path: 't.json', result: withConstantLatency(target({ seed: 2 }), 1000, 1000) },
    ]);
    const [delta] = computeBaselineDeltas(data);
    expect(delta?.baseline.label).toBe('baseline');
    expect(delta?.caveat).toBeNull();
    expect(delta?.levels.map((l) => l.targetRps)).toEqual([100, 400]);
    const p50 = delta?.levels[0]?.deltas.find((d) => d.percentile === 'p50');
    expect(p50?.addedUs).toBeGreaterThan(595);
    expect(p50?.addedUs).toBeLessThan(605);
    expect(p50?.relative).toBeCloseTo(1.5, 1);
    expect(delta?.levels[0]?.deltas.map((d) => d.percentile)).toEqual(['p50', 'p90', 'p99', 'p99.9']);
  });

  it('prefers a baseline on the same platform and says when the match is not like-for-like', () => {
    const data = buildReportData([
      { path: 'bl.json', result: baseline(1) },
      { path: 'bk.json', result: buildSyntheticResult({ name: 'baseline', mesh: 'none', mode: 'none', version: null, medianUs: 300, seed: 2, platform: 'local', ...small }) },
      { path: 't.json', result: target({ seed: 3, platform: 'local', scenarioHash: 'sha256:x' }) },
    ]);
    const [delta] = computeBaselineDeltas(data);
    expect(delta?.baseline.platform).toBe('local');
    expect(delta?.caveat).toBe('scenario content hashes differ');
  });

  it('is empty without a baseline', () => {
    expect(computeBaselineDeltas(buildReportData([{ path: 't.json', result: target({ seed: 1 }) }]))).toEqual([]);
  });
});
