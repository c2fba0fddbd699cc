import { describe, expect, it } from 'vitest';
import { buildScale } from '../../../src/report/svg/chart-scale.ts';
import { axisTitleX, chartRoot, DEFAULT_LAYOUT, plotArea, xAxisMarkup, yAxisMarkup } from '../../../src/report/svg/svg-chart-frame.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';

const layout = DEFAULT_LAYOUT;
const { x0, x1, y0, y1 } = plotArea(layout);

describe('chart frame', () => {
  it('the plot area is the layout minus its margins, y growing downwards', () => {
    expect(plotArea(layout)).toEqual({ x0: 68, x1: 610, y0: 290, y1: 14 });
  });

  it('the root is an accessible, escaped, well-formed svg', () => {
    const svg = chartRoot({ id: 'c"1', title: 'a < b', description: 'd & e', layout, body: '<g/>' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('viewBox="0 0 640 340"');
    expect(svg).toContain('role="img" aria-labelledby="c&quot;1-title c&quot;1-desc"');
    expect(svg).toContain('<title id="c&quot;1-title">a &lt; b</title><desc id="c&quot;1-desc">d &amp; e</desc>');
  });

  it('y axis: a gridline and label per tick, the zero line darker, a rotated axis title', () => {
    const scale = buildScale({ kind: 'linear', dataMin: 0, dataMax: 10, rangeStart: y0, rangeEnd: y1, format: String, includeZero: true });
    const markup = yAxisMarkup({ scale, layout, label: 'latency (ms)' });
    expect(markup.match(/<line /g)).toHaveLength(scale.ticks.length);
    expect(markup).toContain(`<line x1="68" x2="610" y1="290" y2="290" stroke="#555555"`);
    expect(markup).toMatch(/transform="rotate\(-90 16 152\)"[^>]*>latency \(ms\)<\/text>/);
  });

  it('x axis: the axis line, a tick and label per tick, gridlines on request, the title centred', () => {
    const scale = buildScale({ kind: 'linear', dataMin: 0, dataMax: 4, rangeStart: x0, rangeEnd: x1, format: String });
    const without = xAxisMarkup({ scale, layout, label: 'rate', gridlines: false });
    const withGrid = xAxisMarkup({ scale, layout, label: 'rate', gridlines: true });
    expect(without.match(/<line /g)).toHaveLength(1 + scale.ticks.length);
    expect(withGrid.match(/<line /g)).toHaveLength(1 + 2 * scale.ticks.length);
    expect(axisTitleX({ layout, label: 'rate' })).toBe('<text class="axis-label" x="339" y="332" text-anchor="middle" fill="#111111" font-weight="600">rate</text>');
  });
});
