import { describe, expect, it } from 'vitest';
import { harrellDavisLatencyUs, repetitionValue } from '../../../src/compare/gate/repetition-value.ts';
import { buildRepetition } from '../../helpers/result-builder.ts';

const at = { index: 0, targetRps: 100, windowStartMs: 0 };

describe('repetitionValue', () => {
  it('reads the window estimator straight from the repetition', () => {
    const rep = buildRepetition({ p99Us: 4000, errorPct: 0.5, achievedRps: 99 }, at);
    expect(repetitionValue({ metric: 'latency-p99', estimator: 'window' }, rep)).toBe(rep.latency.p99Us);
    expect(repetitionValue({ metric: 'error-pct' }, rep)).toBe(0.5);
    expect(repetitionValue({ metric: 'achieved-rps' }, rep)).toBe(99);
  });

  it('is null for what was not measured', () => {
    const rep = buildRepetition({ p99Us: 4000 }, at);
    expect(repetitionValue({ metric: 'dataplane-vcpu-per-1k-rps' }, rep)).toBeNull();
    expect(repetitionValue({ metric: 'latency-p99', estimator: 'harrell-davis' }, { ...rep, latency: { ...rep.latency, count: 0 } })).toBeNull();
  });

  it('estimates Harrell-Davis quantiles from the histogram, close to the window percentile', () => {
    const rep = buildRepetition({ p99Us: 4000, p50Us: 1000 }, at);
    const hd99 = repetitionValue({ metric: 'latency-p99', estimator: 'harrell-davis' }, rep);
    expect(hd99).not.toBe(rep.latency.p99Us);
    expect(Math.abs((hd99 ?? 0) / 4000 - 1)).toBeLessThan(0.1);
    const hd50 = harrellDavisLatencyUs(rep, 0.5);
    expect(Math.abs((hd50 ?? 0) / 1000 - 1)).toBeLessThan(0.05);
    // Harrell-Davis applies to latency quantiles only; other metrics keep the window value.
    expect(repetitionValue({ metric: 'achieved-rps', estimator: 'harrell-davis' }, rep)).toBe(100);
  });

  it('is null for an unreadable histogram', () => {
    const rep = buildRepetition({ p99Us: 4000 }, at);
    expect(harrellDavisLatencyUs({ ...rep, histograms: { ...rep.histograms, latencyUs: 'not a histogram' } }, 0.99)).toBeNull();
  });
});
