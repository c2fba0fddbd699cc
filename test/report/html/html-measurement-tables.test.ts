import { describe, expect, it } from 'vitest';
import { computeBaselineDeltas } from '../../../src/report/baseline-delta.ts';
import { baselineDeltaTable, componentTable, repetitionTable, seriesCell, summaryTable } from '../../../src/report/html/html-measurement-tables.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { figureContext, smallReportData } from '../../helpers/small-report.ts';

const { data, styles } = figureContext(smallReportData());
const rowsOf = (html: string) => html.match(/<tr><td/g)?.length ?? 0;

describe('measurement tables', () => {
  it('a series cell carries its chart colour and escapes the label', () => {
    const series = data.series[1];
    if (!series) throw new Error('series expected');
    expect(seriesCell({ ...series, label: '<x>' }, styles)).toEqual({
      html: `<span class="swatch" style="background:${styles.get(series.id)?.color}" aria-hidden="true"></span>&lt;x&gt;`,
    });
  });

  it('summary: one row per series × level', () => {
    const html = summaryTable(data, styles);
    expect(xmlProblems(html)).toEqual([]);
    expect(rowsOf(html)).toBe(4);
  });

  it('baseline deltas: one row per target × level', () => {
    const html = baselineDeltaTable(computeBaselineDeltas(data));
    expect(xmlProblems(html)).toEqual([]);
    expect(rowsOf(html)).toBe(2);
  });

  it('components: the data plane of the meshed target only, in MiB', () => {
    const html = componentTable(data);
    expect(rowsOf(html)).toBe(2);
    expect(html).toContain('<td>istio-proxy</td><td>data-plane</td><td class="num">2</td>');
    expect(html).toMatch(/<td class="num">(49|50|51)(\.\d+)?<\/td>/);
  });

  it('repetitions: every repetition with its validity badge', () => {
    const html = repetitionTable(data);
    expect(rowsOf(html)).toBe(8);
    expect(html.match(/<span class="badge ok">valid<\/span>/g)).toHaveLength(8);
    expect(html).toContain('<td>s.json</td>');
  });
});
