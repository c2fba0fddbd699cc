import { describe, expect, it } from 'vitest';
import { computeBaselineDeltas } from '../../../src/report/baseline-delta.ts';
import { baselineDeltaFigures } from '../../../src/report/svg/baseline-delta-figures.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { figureContext, smallReportData } from '../../helpers/small-report.ts';

describe('baselineDeltaFigures', () => {
  const ctx = figureContext(smallReportData());

  it('one compact bar chart per level, four percentiles per target', () => {
    const figures = baselineDeltaFigures(ctx, computeBaselineDeltas(ctx.data));
    expect(figures.map((f) => [f.id, f.title, f.compact])).toEqual([
      ['fig-delta-0', 'Latency added over baseline at 100 rps', true],
      ['fig-delta-1', 'Latency added over baseline at 400 rps', true],
    ]);
    for (const f of figures) {
      expect(xmlProblems(f.svg)).toEqual([]);
      expect(f.svg.match(/<rect [^>]*><title>/g)).toHaveLength(4);
      expect(f.legend.map((l) => l.label)).toEqual([ctx.data.series[1]?.label]);
      expect(f.caption).toContain(`minus that of ${ctx.data.series[0]?.label}`);
    }
  });

  it('no deltas, no figures', () => {
    expect(baselineDeltaFigures(ctx, [])).toEqual([]);
  });
});
