import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../../../src/report/svg/svg-bar-chart.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';

const style = { color: '#0072B2', dash: '', marker: 'square' as const };

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
