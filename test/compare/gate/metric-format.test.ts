import { describe, expect, it } from 'vitest';
import { formatAlpha, formatEffect, formatInterval, formatP, formatRps, formatThreshold, formatValue } from '../../../src/compare/gate/metric-format.ts';

describe('formatValue', () => {
  it.each([
    [812.4, 'us', '812 µs'],
    [4812, 'us', '4.81 ms'],
    [2_346_000, 'us', '2.35 s'],
    [999.96, 'rps', '1000.0 rps'],
    [0.0512, 'pct', '0.051 %'],
    [0.4123, 'vcpu-per-1k-rps', '0.412 vCPU'],
    [52_300_000, 'bytes', '52.3 MB'],
    [0.05, 'core-seconds-per-1k-requests', '0.0500 core-s'],
    [0, 'pct', '0 %'],
  ] as const)('%d %s → %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it('shows a missing or non-finite value as -', () => {
    expect(formatValue(null, 'us')).toBe('-');
    expect(formatValue(Number.NaN, 'rps')).toBe('-');
  });
});

describe('effects, intervals and thresholds', () => {
  it('signs effects, with one decimal for % and three for pp, and no -0', () => {
    expect(formatEffect(7.44, 'pct')).toBe('+7.4 %');
    expect(formatEffect(-0.02, 'pp')).toBe('-0.020 pp');
    expect(formatEffect(-0.04, 'pct')).toBe('0.0 %');
    expect(formatEffect(null, 'pct')).toBe('-');
  });

  it('writes unbounded interval ends as infinities', () => {
    expect(formatInterval(4.21, 10.94, 'pct')).toBe('[+4.2, +10.9]');
    expect(formatInterval(null, 0.5, 'pp')).toBe('[-inf, +0.500]');
    expect(formatInterval(-1, null, 'pct')).toBe('[-1.0, +inf]');
  });

  it('gives thresholds their unit', () => {
    expect(formatThreshold(3, 'pct')).toBe('3 %');
    expect(formatThreshold(0.05, 'pp')).toBe('0.05 pp');
  });
});

describe('p-values, rates and α', () => {
  it('p: three decimals, scientific below 0.001', () => {
    expect(formatP(0.0456)).toBe('0.046');
    expect(formatP(0.00042)).toBe('4.2e-4');
    expect(formatP(null)).toBe('-');
  });

  it('rates: integers as they are, fractions with one decimal', () => {
    expect(formatRps(1000)).toBe('1000 rps');
    expect(formatRps(12.345)).toBe('12.3 rps');
  });

  it('α: three significant digits, scientific below 0.001', () => {
    expect(formatAlpha(0.006183)).toBe('0.00618');
    expect(formatAlpha(0.01)).toBe('0.01');
    expect(formatAlpha(0.00027)).toBe('2.70e-4');
  });
});
