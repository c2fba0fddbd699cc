import { describe, expect, it } from 'vitest';
import type { Claim } from '../../src/config/claims-schema.ts';
import { checkClaims } from '../../src/report/claims-check.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import type { ReportSource } from '../../src/report/report-model.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildSyntheticResult } from '../helpers/report-fixtures.ts';

function withScenario(result: ResultFile, spec: Record<string, unknown>): ResultFile {
  return { ...result, scenario: { ...result.scenario, spec: { ...result.scenario.spec, ...spec } } };
}

const SCENARIO = { workload: { responseBytes: 1024 }, load: { connections: 16 }, features: { mtls: 'strict' } };
const common = { levelsRps: [1000], repetitions: 3, sigma: 0.2, samplesPerRepetition: 3_000, hostCoreSecondsPer1kRequests: 1 };

function sources(target: { name: string; mesh: string; mode: string; version: string | null; platform: ResultFile['target']['platform'] }): ReportSource[] {
  const baseline = buildSyntheticResult({ ...common, name: 'baseline', mesh: 'none', mode: 'none', version: null, platform: target.platform, medianUs: 800, seed: 1 });
  const meshed = buildSyntheticResult({
    ...common,
    ...target,
    medianUs: 1_000,
    seed: 2,
    dataPlane: [{ component: 'proxy', instances: 2, vcpuPer1kRps: 0.4, memoryPerInstanceMib: 40 }],
  });
  return [
    { path: 'baseline.json', result: withScenario(baseline, SCENARIO) },
    { path: 'meshed.json', result: withScenario(meshed, SCENARIO) },
  ];
}

const claim = (overrides: Partial<Claim>): Claim => ({
  id: 'c',
  mesh: 'istio',
  mode: 'sidecar',
  version: '1.20',
  metric: 'vcpu-per-1k-rps-per-proxy',
  value: 0.2,
  conditions: { rps: 1000, payloadBytes: 1024, mtls: true, environment: 'lab' },
  source: { title: 't', kind: 'vendor' },
  ...overrides,
});

describe('checkClaims', () => {
  it('a baseline and proxy-mtls report: sidecar claims meet the local emulation and are not comparable, with the differences', () => {
    const data = buildReportData(sources({ name: 'proxy-mtls', mesh: 'haproxy', mode: 'sidecar-pair', version: null, platform: 'local' }));
    const [sidecar, ambient] = checkClaims(data, [claim({}), claim({ mode: 'ambient' })]);
    expect(sidecar).toMatchObject({ seriesLabel: 'proxy-mtls', targetRps: 1000, verdict: 'not comparable' });
    // 0.4 vCPU per 1k rps over 2 proxies.
    expect(sidecar?.measured).toBeCloseTo(0.2, 1);
    expect(sidecar?.differences[0]).toMatch(/^mesh: measured haproxy sidecar-pair \(a local emulation/);
    expect(ambient).toMatchObject({ verdict: 'nothing measured', measured: null });
  });

  it('the same mesh, mode, version and conditions: reproduced within the tolerance, or not', () => {
    const data = buildReportData(sources({ name: 'istio-sidecar', mesh: 'istio', mode: 'sidecar', version: '1.20.3', platform: 'kind' }));
    const [near, far, latency, otherRate] = checkClaims(data, [
      claim({ value: 0.19 }),
      claim({ value: { min: 0.5, max: 0.6 } }),
      claim({ metric: 'added-latency-p50-ms', value: 0.2 }),
      claim({ conditions: { rps: 2000, environment: 'lab' } }),
    ]);
    expect(near).toMatchObject({ verdict: 'reproduced', differences: [] });
    expect(far).toMatchObject({ verdict: 'not reproduced' });
    // Added p50 over the baseline: about 1.0 − 0.8 ms (+ the synthetic growth), in ms.
    expect(latency?.measured).toBeGreaterThan(0.1);
    expect(latency?.measured).toBeLessThan(0.4);
    expect(otherRate).toMatchObject({ verdict: 'not comparable', differences: ['rate: measured 1000 rps, claim 2000 rps'] });
  });

  it('another version or an unstated setup is never comparable', () => {
    const data = buildReportData(sources({ name: 'istio-sidecar', mesh: 'istio', mode: 'sidecar', version: '1.28.1', platform: 'kind' }));
    const [version, folklore] = checkClaims(data, [claim({}), claim({ version: 'unstated', conditions: { environment: 'unstated' } })]);
    expect(version?.differences).toEqual(['version: measured 1.28.1, claim 1.20']);
    expect(folklore?.verdict).toBe('not comparable');
    expect(folklore?.differences).toContain('the claim states no version or test setup');
  });
});
