import { describe, expect, it } from 'vitest';
import {
  continuousCounter,
  counterDeltaOverWindow,
  readSeriesAt,
  type SeriesPoint,
} from '../../src/metrics/counter-interpolation.ts';

const points = (...pairs: Array<[number, number]>): SeriesPoint[] => pairs.map(([timeMs, value]) => ({ timeMs, value }));

describe('readSeriesAt', () => {
  const series = points([0, 0], [1000, 10], [3000, 50]);
  it.each([
    { timeMs: 0, value: 0, beforeFirstMs: 0, afterLastMs: 0 },
    { timeMs: 500, value: 5, beforeFirstMs: 0, afterLastMs: 0 },
    { timeMs: 1000, value: 10, beforeFirstMs: 0, afterLastMs: 0 },
    { timeMs: 2000, value: 30, beforeFirstMs: 0, afterLastMs: 0 },
    { timeMs: -250, value: 0, beforeFirstMs: 250, afterLastMs: 0 },
    { timeMs: 4000, value: 50, beforeFirstMs: 0, afterLastMs: 1000 },
  ])('at $timeMs ms reads $value', ({ timeMs, ...expected }) => {
    expect(readSeriesAt(series, timeMs)).toEqual(expected);
  });

  it('takes the later of two points with the same time', () => {
    expect(readSeriesAt(points([0, 0], [1000, 4], [1000, 6], [2000, 8]), 1000).value).toBeCloseTo(6);
    expect(readSeriesAt(points([0, 0], [1000, 4], [1000, 6], [2000, 8]), 1500).value).toBeCloseTo(7);
  });

  it('refuses an empty series', () => {
    expect(() => readSeriesAt([], 0)).toThrow(RangeError);
  });
});

describe('continuousCounter', () => {
  it('adds the new reading on top after a decrease (restart)', () => {
    const counter = continuousCounter(points([0, 5], [1000, 6], [2000, 0.5], [3000, 1.5], [4000, 0.25]));
    expect(counter.resets).toBe(2);
    expect(counter.points.map((p) => p.value)).toEqual([5, 6, 6.5, 7.5, 7.75]);
  });
});

describe('counterDeltaOverWindow', () => {
  it.each([
    { name: 'aligned on samples', window: { startMs: 1000, endMs: 3000 }, delta: 40, start: 0, end: 0 },
    { name: 'interpolated inside', window: { startMs: 500, endMs: 2000 }, delta: 25, start: 0, end: 0 },
    { name: 'start before first sample', window: { startMs: -1000, endMs: 1000 }, delta: 10, start: 1000, end: 0 },
    { name: 'end after last sample', window: { startMs: 2000, endMs: 5000 }, delta: 20, start: 0, end: 2000 },
    { name: 'entirely after the samples', window: { startMs: 4000, endMs: 5000 }, delta: 0, start: 0, end: 1000 },
  ])('$name', ({ window, delta, start, end }) => {
    const found = counterDeltaOverWindow(points([0, 0], [1000, 10], [3000, 50]), window);
    expect(found.delta).toBeCloseTo(delta, 9);
    expect(found.startUncoveredMs).toBe(start);
    expect(found.endUncoveredMs).toBe(end);
  });
});
