import { describe, expect, it } from 'vitest';
import { latencyMs, roundMb, roundMs } from '../../../src/report/smp/smp-units.ts';

describe('SMP units', () => {
  it('µs to ms rounded to 1 µs', () => {
    expect(roundMs(1234.4)).toBe(1.234);
    expect(roundMs(1234.6)).toBe(1.235);
  });

  it('a latency summary as SMP Latency in ms', () => {
    const summary = { count: 10, minUs: 100, meanUs: 450.4, p50Us: 400, p75Us: 500, p90Us: 700, p99Us: 1200, p999Us: 2000, maxUs: 2500 };
    expect(latencyMs(summary)).toEqual({ min: 0.1, average: 0.45, p50: 0.4, p90: 0.7, p99: 1.2, max: 2.5 });
  });

  it('bytes to MiB with two decimals, null stays null', () => {
    expect(roundMb(52.123 * 1024 * 1024)).toBe(52.12);
    expect(roundMb(null)).toBeNull();
  });
});
