import { describe, expect, it } from 'vitest';
import { bytesToMib, formatNumber, formatRps, formatShareAsPct, formatSigned, formatUsAsMs, roundSignificant, usToMs } from '../../src/report/report-format.ts';

describe('unit conversions', () => {
  it('µs → ms and bytes → MiB', () => {
    expect(usToMs(1250)).toBe(1.25);
    expect(bytesToMib(52 * 1024 * 1024)).toBe(52);
  });

  it('rounds to significant digits without exponent notation', () => {
    expect(roundSignificant(0.00041234, 3)).toBe(0.000412);
    expect(roundSignificant(123_456, 2)).toBeCloseTo(120_000, 6);
    expect(roundSignificant(0, 3)).toBe(0);
    expect(roundSignificant(Number.POSITIVE_INFINITY, 3)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('formatNumber', () => {
  it.each([
    [1250, '1,250'],
    [0.41234, '0.412'],
    [12.44, '12.4'],
    [999.6, '1,000'],
    [0, '0'],
    [null, '–'],
    [Number.NaN, '–'],
  ] as const)('%s → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatted quantities', () => {
  it('µs as ms, signed differences with a true minus, shares and rates', () => {
    expect(formatUsAsMs(412)).toBe('0.412');
    expect(formatUsAsMs(null)).toBe('–');
    expect(formatSigned(0.412)).toBe('+0.412');
    expect(formatSigned(-0.02)).toBe('\u22120.02');
    expect(formatSigned(0)).toBe('0');
    expect(formatShareAsPct(0.4213)).toBe('42%');
    expect(formatShareAsPct(undefined)).toBe('–');
    expect(formatRps(1000)).toBe('1,000 rps');
    expect(formatRps(12.5)).toBe('12.5 rps');
  });
});
