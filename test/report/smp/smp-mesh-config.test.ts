import { describe, expect, it } from 'vitest';
import { meshConfig, seriesLabels } from '../../../src/report/smp/smp-mesh-config.ts';
import type { ReportSeries } from '../../../src/report/report-model.ts';
import { SMP_VERSION } from '../../../src/report/smp/smp-schema.ts';
import type { ResultFile } from '../../../src/results/result-schema.ts';
import { smallReportData } from '../../helpers/small-report.ts';

const data = smallReportData();
const [baseline, sidecar] = data.series;
if (!baseline || !sidecar) throw new Error('two series expected');
function firstOf(series: ReportSeries): ResultFile {
  const result = series.sources[0]?.result;
  if (!result) throw new Error('no source');
  return result;
}

describe('seriesLabels', () => {
  it('names generator, target, mesh, platform and scenario', () => {
    const first = firstOf(sidecar);
    expect(seriesLabels(sidecar, first)).toEqual({
      generator: 'meshbench',
      target: 'istio-sidecar',
      mesh: 'istio',
      mesh_mode: 'sidecar',
      mesh_version: '1.28.1',
      platform: sidecar.platform,
      scenario: first.scenario.name,
      scenario_hash: first.scenario.contentHash,
    });
    expect(seriesLabels(baseline, firstOf(baseline)).mesh_version).toBe('');
  });
});

describe('meshConfig', () => {
  it('a sidecar mesh: SMP mesh type, mTLS, concurrency and the sidecars’ totals', () => {
    const level = sidecar.levels[1];
    if (!level) throw new Error('level expected');
    const config = meshConfig({ series: sidecar, level, first: firstOf(sidecar), id: 'cfg-1' });
    expect(config).toMatchObject({ smpVersion: SMP_VERSION, id: 'cfg-1', mtlsEnabled: true, proxyConcurrency: 2, meshType: { type: 'ISTIO', version: '1.28.1' } });
    expect(config.sidecar?.count).toBe(2);
    expect(config.sidecar?.rps).toBe(Math.round(level.achievedRpsMedian ?? 0));
    // 0.4 vCPU per 1k rps at 400 rps: about 160 mcores; 2 × 50 MiB.
    expect(config.sidecar?.cpuMcores).toBeGreaterThan(150);
    expect(config.sidecar?.cpuMcores).toBeLessThan(170);
    expect(config.sidecar?.memMb).toBeGreaterThanOrEqual(99);
    expect(config.sidecar?.memMb).toBeLessThanOrEqual(101);
  });

  it('the baseline: no mesh type, no mTLS, no sidecar', () => {
    const level = baseline.levels[0];
    if (!level) throw new Error('level expected');
    const config = meshConfig({ series: baseline, level, first: firstOf(baseline), id: 'cfg-0' });
    expect(config.mtlsEnabled).toBe(false);
    expect(config.meshType).toBeUndefined();
    expect(config.sidecar).toBeUndefined();
  });
});
