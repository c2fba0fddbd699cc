import { describe, expect, it } from 'vitest';
import { maxOf, median } from '../../src/stats/median.ts';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores null, undefined and non-finite values; null when none is left', () => {
    expect(median([null, 5, undefined, Number.NaN, 1, Number.POSITIVE_INFINITY])).toBe(3);
    expect(median([null, undefined])).toBeNull();
    expect(median([])).toBeNull();
  });
});

describe('maxOf', () => {
  it('largest finite value, null when none', () => {
    expect(maxOf([1, null, 7, Number.NaN, 3])).toBe(7);
    expect(maxOf([undefined])).toBeNull();
  });
});

describe('median, case by case', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[3, 1], 2],
    [[5, 1, 3], 3],
    [[null, 4, undefined, Number.NaN, 2], 3],
  ] as const)('median(%j) = %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
