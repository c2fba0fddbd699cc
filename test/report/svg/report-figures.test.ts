import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { formatMs, legendFor, styleOf } from '../../../src/report/svg/report-figures.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { realisticReportSources } from '../../helpers/report-fixtures.ts';
import { figureContext, smallReportData } from '../../helpers/small-report.ts';

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
