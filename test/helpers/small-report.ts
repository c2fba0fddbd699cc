/**
 * A small report: a no-mesh baseline and an Istio sidecar target (data plane metered) at 100 and
 * 400 rps, two repetitions each, few samples: quick to build for the report's unit tests.
 */
import { buildReportData } from '../../src/report/report-data.ts';
import type { ReportData } from '../../src/report/report-model.ts';
import { assignSeriesStyles } from '../../src/report/svg/chart-palette.ts';
import type { FigureContext } from '../../src/report/svg/report-figures.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildSyntheticResult, type SyntheticTargetOptions } from './report-fixtures.ts';

const common = { levelsRps: [100, 400], repetitions: 2, samplesPerRepetition: 400, sigma: 0.2 };

export function smallBaseline(overrides: Partial<SyntheticTargetOptions> = {}): ResultFile {
  return buildSyntheticResult({ ...common, name: 'baseline', mesh: 'none', mode: 'none', version: null, medianUs: 300, seed: 1, hostCoreSecondsPer1kRequests: 0.2, ...overrides });
}

export function smallSidecar(overrides: Partial<SyntheticTargetOptions> = {}): ResultFile {
  return buildSyntheticResult({
    ...common,
    name: 'istio-sidecar',
    mesh: 'istio',
    mode: 'sidecar',
    version: '1.28.1',
    medianUs: 900,
    seed: 2,
    hostCoreSecondsPer1kRequests: 0.6,
    meshSpec: { name: 'istio', mode: 'sidecar', version: '1.28.1', profile: 'default', proxyConcurrency: 2 },
    dataPlane: [{ component: 'istio-proxy', instances: 2, vcpuPer1kRps: 0.4, memoryPerInstanceMib: 50 }],
    ...overrides,
  });
}

/** Report data of the baseline and the sidecar target (files b.json and s.json). */
export function smallReportData(): ReportData {
  return buildReportData([
    { path: 'b.json', result: smallBaseline() },
    { path: 's.json', result: smallSidecar() },
  ]);
}

/** The figure context of report data, styles assigned as the report does. */
export function figureContext(data: ReportData): FigureContext {
  return { data, styles: assignSeriesStyles(data.series) };
}
