import { describe, expect, it } from 'vitest';
import { buildScale, chooseScaleKind, logTicks, niceLinearTicks } from '../../../src/report/svg/chart-scale.ts';

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
});
