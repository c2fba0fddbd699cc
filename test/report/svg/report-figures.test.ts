import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { type Figure, formatMs, leftOutNote, legendFor, styleOf } from '../../../src/report/svg/report-figures.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { buildSyntheticResult, realisticReportSources } from '../../helpers/report-fixtures.ts';
import { figureContext, smallReportData } from '../../helpers/small-report.ts';
import { computeBaselineDeltas } from '../../../src/report/baseline-delta.ts';
import { assignSeriesStyles } from '../../../src/report/svg/chart-palette.ts';
import { costFigures } from '../../../src/report/svg/cost-figures.ts';
import { baselineDeltaFigures } from '../../../src/report/svg/baseline-delta-figures.ts';
import { latencyVsRateFigure } from '../../../src/report/svg/latency-vs-rate-figure.ts';
import { spectrumFigures } from '../../../src/report/svg/spectrum-figures.ts';
describe('charts in the realistic report', () => {
  it('every inline SVG is well-formed', () => {
    const html = renderHtmlReport(buildReportData(realisticReportSources()), { generatedAt: '2026-11-20T10:00:00Z' });
    const svgs = html.match(/<svg xmlns[\s\S]*?<\/svg>/g) ?? [];
    // 3 spectra, 1 latency vs rate, 3 baseline deltas, 3 cost charts.
    expect(svgs).toHaveLength(10);
    for (const svg of svgs) expect(xmlProblems(svg)).toEqual([]);
  });
});

describe('figure helpers', () => {
  const ctx = figureContext(smallReportData());
  const [baseline, sidecar] = ctx.data.series;

  it('styles and legends come from the assigned styles; an unknown series is drawn in black circles', () => {
    if (!baseline || !sidecar) throw new Error('two series expected');
    expect(styleOf(ctx, baseline).color).toBe('#000000');
    expect(styleOf(ctx, sidecar)).toBe(ctx.styles.get(sidecar.id));
    expect(styleOf(ctx, { ...sidecar, id: 'unknown' })).toEqual({ color: '#000000', dash: '', marker: 'circle' });
    expect(legendFor(ctx, [sidecar], 'bar')).toEqual([{ seriesId: sidecar.id, label: sidecar.label, style: styleOf(ctx, sidecar), kind: 'bar' }]);
  });

  it('milliseconds are shown with three significant digits', () => {
    expect(formatMs(0.41234)).toBe('0.412');
    expect(formatMs(1250)).toBe('1,250');
  });
});

const common = { levelsRps: [200, 1000], repetitions: 3, platform: 'kind' as const, samplesPerRepetition: 2000 };
const baseline = buildSyntheticResult({ ...common, name: 'baseline', mesh: 'none', mode: 'none', version: null, medianUs: 300, sigma: 0.3, seed: 1, hostCoreSecondsPer1kRequests: 0.2 });
// Every repetition of istio-sidecar at 1000 rps is invalid.
const sidecar = buildSyntheticResult({
  ...common,
  name: 'istio-sidecar',
  mesh: 'istio',
  mode: 'sidecar',
  version: '1.28.1',
  medianUs: 800,
  sigma: 0.3,
  seed: 2,
  dataPlane: [{ component: 'istio-proxy', instances: 2, vcpuPer1kRps: 0.4, memoryPerInstanceMib: 50 }],
  hostCoreSecondsPer1kRequests: 0.6,
  invalid: [0, 1, 2].map((repetition) => ({ levelRps: 1000, repetition, reason: 'busy host, not a saturated generator', saturated: true })),
});
// A valid meshed target at both rates, so every chart exists at 1,000 rps.
const ambient = buildSyntheticResult({
  ...common,
  name: 'istio-ambient',
  mesh: 'istio',
  mode: 'ambient',
  version: '1.28.1',
  medianUs: 450,
  sigma: 0.3,
  seed: 3,
  dataPlane: [{ component: 'ztunnel', instances: 2, vcpuPer1kRps: 0.2, memoryPerInstanceMib: 30 }],
  hostCoreSecondsPer1kRequests: 0.4,
});
const data = buildReportData([
  { path: 'b.json', result: baseline },
  { path: 's.json', result: sidecar },
  { path: 'a.json', result: ambient },
]);
const ctx = { data, styles: assignSeriesStyles(data.series) };
const figures: Figure[] = [
  ...spectrumFigures(ctx),
  ...[latencyVsRateFigure(ctx)].filter((f): f is Figure => f !== null),
  ...baselineDeltaFigures(ctx, computeBaselineDeltas(data)),
  ...costFigures(ctx),
];
const LEFT_OUT = /Left out, because no repetition there was valid: istio-sidecar[^@]* @ 1,000 rps/;

describe('charts and invalid repetitions', () => {
  it('the fixture has one level pooled from invalid repetitions only', () => {
    const level = data.series.find((s) => s.targetName === 'istio-sidecar')?.levels.find((l) => l.targetRps === 1000);
    expect(level?.pooledFrom).toBe('invalid');
  });

  it('every chart that would show istio-sidecar at 1,000 rps leaves it out and says so', () => {
    const spectrum = figures.find((f) => f.id === 'fig-spectrum-1');
    const rate = figures.find((f) => f.id === 'fig-latency-vs-rate');
    const delta = figures.find((f) => f.id === 'fig-delta-1');
    const cpu = figures.find((f) => f.id === 'fig-dp-vcpu');
    const host = figures.find((f) => f.id === 'fig-host-cpu');
    for (const f of [spectrum, rate, delta, cpu, host]) expect(f?.caption, f?.id).toMatch(LEFT_OUT);
    // Not drawn: no sidecar line in the 1000 rps spectrum or delta, no sidecar point at 1000 in the rate chart.
    expect(spectrum?.legend.map((l) => l.label).some((l) => l.startsWith('istio-sidecar'))).toBe(false);
    expect(spectrum?.legend.map((l) => l.label).some((l) => l.startsWith('istio-ambient'))).toBe(true);
    expect(delta?.legend.map((l) => l.label).some((l) => l.startsWith('istio-sidecar'))).toBe(false);
    expect(rate?.svg).not.toMatch(/istio-sidecar[^<]*@ 1,000 rps/);
    expect(rate?.svg).toMatch(/istio-sidecar[^<]*@ 200 rps/);
  });

  it('charts without that level carry no note, and no caption calls invalid data valid', () => {
    expect(figures.find((f) => f.id === 'fig-spectrum-0')?.caption).not.toMatch(/Left out/);
    for (const f of figures) expect(f.caption).not.toMatch(/invalid repetitions only/);
  });

  it('the note lists each series and level once', () => {
    expect(leftOutNote([])).toBe('');
    expect(leftOutNote([{ label: 'a', targetRps: 500 }, { label: 'a', targetRps: 500 }])).toMatch(/: a @ 500 rps;/);
  });
});
