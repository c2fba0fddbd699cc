import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../../src/report/report-data.ts';
import { latencyVsRateFigure } from '../../../src/report/svg/latency-vs-rate-figure.ts';
import { formatMs } from '../../../src/report/svg/report-figures.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { figureContext, smallBaseline, smallReportData } from '../../helpers/small-report.ts';

describe('latencyVsRateFigure', () => {
  it('draws p50 and p99 of every series against the target rate, with a legend per series', () => {
    const ctx = figureContext(smallReportData());
    const figure = latencyVsRateFigure(ctx);
    if (!figure) throw new Error('figure expected');
    expect(figure.id).toBe('fig-latency-vs-rate');
    expect(xmlProblems(figure.svg)).toEqual([]);
    expect(figure.legend.map((l) => l.label)).toEqual(ctx.data.series.map((s) => s.label));
    // Two lines per series, two levels each, a marker tooltip per point.
    expect(figure.svg.match(/<g class="series"/g)).toHaveLength(4);
    expect(figure.svg.match(/<g class="point">/g)).toHaveLength(8);
    expect(figure.svg).toContain('>target rate (requests/s)</text>');
    const label = ctx.data.series[1]?.label ?? '';
    const p99At400 = ctx.data.series[1]?.levels[1]?.latency?.p99Us ?? 0;
    expect(figure.svg).toContain(`${label} @ 400 rps (achieved`);
    expect(figure.svg).toContain(`p99 = ${formatMs(p99At400 / 1000)} ms`);
  });

  it('is null when no series has latency', () => {
    const empty = smallBaseline();
    empty.levels = [];
    expect(latencyVsRateFigure(figureContext(buildReportData([{ path: 'e.json', result: empty }])))).toBeNull();
  });
});
