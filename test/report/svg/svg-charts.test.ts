import { describe, expect, it } from 'vitest';
import { assignSeriesStyles, OKABE_ITO_COLORS } from '../../../src/report/svg/chart-palette.ts';
import { buildScale, chooseScaleKind, logTicks, niceLinearTicks } from '../../../src/report/svg/chart-scale.ts';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { ninesLabel, ninesOf } from '../../../src/report/svg/spectrum-figures.ts';
import { renderBarChart } from '../../../src/report/svg/svg-bar-chart.ts';
import { renderLineChart } from '../../../src/report/svg/svg-line-chart.ts';
import { realisticReportSources } from '../../helpers/report-fixtures.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';

const style = { color: '#0072B2', dash: '', marker: 'square' as const };

describe('scales', () => {
  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 3.41, 5, [0, 1, 2, 3, 4]],
    [-0.75, 2.85, 5, [-1, 0, 1, 2, 3]],
    [0, 1000, 6, [0, 200, 400, 600, 800, 1000]],
    [5, 5, 5, [4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6]],
  ])('niceLinearTicks(%d, %d, %d)', (min, max, count, expected) => {
    expect(niceLinearTicks(min, max, count)).toEqual(expected);
  });

  it('log ticks run 1-2-5 per decade and cover the data', () => {
    expect(logTicks(0.12, 34)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50]);
    expect(logTicks(0.01, 5000)).toEqual([0.01, 0.1, 1, 10, 100, 1000, 10000]);
  });

  it('maps the domain onto the pixel range (linear and log)', () => {
    const lin = buildScale({ kind: 'linear', dataMin: 0, dataMax: 10, rangeStart: 300, rangeEnd: 0, format: String, includeZero: true });
    expect(lin.map(0)).toBe(300);
    expect(lin.map(10)).toBe(0);
    const log = buildScale({ kind: 'log', dataMin: 1, dataMax: 100, rangeStart: 0, rangeEnd: 200, format: String });
    expect(log.map(10)).toBeCloseTo(100, 9);
    expect(log.map(0)).toBe(0);
    expect(chooseScaleKind(0.3, 40)).toBe('log');
    expect(chooseScaleKind(0.3, 3)).toBe('linear');
  });

  it('places percentiles on the nines axis', () => {
    expect(ninesOf(0)).toBe(-0);
    expect(ninesOf(99)).toBeCloseTo(2, 9);
    expect([0, 1, 2, 3, 4].map(ninesLabel)).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
  });
});

describe('palette', () => {
  it('draws baselines black and meshes from Okabe–Ito with a marker per series', () => {
    const styles = assignSeriesStyles([
      { id: 's0', isBaseline: true },
      { id: 's1', isBaseline: false },
      { id: 's2', isBaseline: false },
    ]);
    expect(styles.get('s0')?.color).toBe('#000000');
    expect(styles.get('s1')?.color).toBe(OKABE_ITO_COLORS[0]);
    expect(styles.get('s2')?.color).toBe(OKABE_ITO_COLORS[1]);
    expect(styles.get('s1')?.marker).not.toBe(styles.get('s2')?.marker);
  });

  it('adds a dash pattern once the colours run out', () => {
    const styles = assignSeriesStyles(Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, isBaseline: false })));
    expect(styles.get('s0')?.dash).toBe('');
    expect(styles.get('s6')?.color).toBe(styles.get('s0')?.color);
    expect(styles.get('s6')?.dash).not.toBe('');
  });
});

describe('renderLineChart', () => {
  const svg = renderLineChart({
    id: 'c1',
    title: 'Latency <by> percentile & "rate"',
    description: 'test chart',
    x: { label: 'percentile', scale: 'linear', format: String, ticks: [0, 1, 2, 3].map((v) => ({ value: v, label: ninesLabel(v) })) },
    y: { label: 'latency (ms, log scale)', scale: 'log', format: String, includeZero: true },
    series: [
      { seriesId: 's0', label: 'baseline', style, points: [{ x: 0, y: 0.2, marker: true, tooltip: 'p0 <0.2 ms>' }, { x: 1, y: 0.5 }, { x: 3, y: 12, marker: true }] },
      { seriesId: 's1', label: 'mesh', style: { ...style, dash: '7 3' }, points: [{ x: 0, y: 0.4 }, { x: 3, y: 20 }] },
    ],
  });

  it('is well-formed SVG with an accessible title, description and axis titles', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('role="img" aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Latency &lt;by&gt; percentile &amp; &quot;rate&quot;</title>');
    expect(svg).toContain('>latency (ms, log scale)</text>');
    expect(svg).toContain('>99.9%</text>');
  });

  it('draws one path per series with its dash and a tooltip per marker', () => {
    expect(svg.match(/<g class="series" data-series="s\d"/g)).toEqual(['<g class="series" data-series="s0"', '<g class="series" data-series="s1"']);
    expect(svg).toContain('stroke-dasharray="7 3"');
    expect(svg.match(/<g class="point">/g)).toHaveLength(2);
    expect(svg).toContain('<title>p0 &lt;0.2 ms&gt;</title>');
  });

  it('says "no data" instead of drawing an empty frame', () => {
    const empty = renderLineChart({ id: 'e', title: 't', description: 'd', x: { label: 'x', scale: 'linear', format: String }, y: { label: 'y', scale: 'linear', format: String }, series: [] });
    expect(xmlProblems(empty)).toEqual([]);
    expect(empty).toContain('>no data</text>');
  });
});

describe('renderBarChart', () => {
  const svg = renderBarChart({
    id: 'b1',
    title: 'Added latency',
    description: 'bars',
    categories: ['p50', 'p99'],
    categoryLabel: 'percentile',
    valueLabel: 'latency added (ms)',
    format: (v) => v.toFixed(2),
    series: [
      { seriesId: 's1', label: 'sidecar', style, values: [0.6, 1.7] },
      { seriesId: 's2', label: 'ambient', style: { ...style, color: '#D55E00' }, values: [-0.2, null] },
    ],
  });

  it('is well-formed, one rect per value, n/a for a missing one', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('ambient, p99: not applicable or not measured');
    expect(svg).toContain('<title>sidecar, p99: 1.70</title>');
  });

  it('draws negative values below the zero line', () => {
    const zero = svg.match(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="[\d.]+" stroke="#555555" stroke-width="1"\/><text[^>]*>0\.00</);
    const negative = svg.match(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="[\d.]+" fill="#D55E00"><title>ambient, p50/);
    expect(zero?.[1]).toBeDefined();
    expect(Number(negative?.[1])).toBeCloseTo(Number(zero?.[1]), 0);
  });
});

describe('charts in the realistic report', () => {
  it('every inline SVG is well-formed', () => {
    const html = renderHtmlReport(buildReportData(realisticReportSources()), { generatedAt: '2026-11-20T10:00:00Z' });
    const svgs = html.match(/<svg xmlns[\s\S]*?<\/svg>/g) ?? [];
    // 3 spectra, 1 latency vs rate, 3 baseline deltas, 3 cost charts.
    expect(svgs).toHaveLength(10);
    for (const svg of svgs) expect(xmlProblems(svg)).toEqual([]);
  });
});
