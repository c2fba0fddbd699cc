import { describe, expect, it } from 'vitest';
import { ninesLabel } from '../../../src/report/svg/spectrum-figures.ts';
import { renderLineChart } from '../../../src/report/svg/svg-line-chart.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';

const style = { color: '#0072B2', dash: '', marker: 'square' as const };

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
