import { describe, expect, it } from 'vitest';
import { formatLatencyUs, renderRunSummary } from '../../src/render/render-run-summary.ts';
import { buildResultFile } from '../helpers/result-builder.ts';

describe('formatLatencyUs', () => {
  it('µs below 1 ms, two decimals of ms below 10 ms, one above', () => {
    expect([formatLatencyUs(812.4), formatLatencyUs(4321), formatLatencyUs(12_345)]).toEqual(['812µs', '4.32ms', '12.3ms']);
  });
});

describe('renderRunSummary', () => {
  const result = buildResultFile({
    target: { name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.24.1' },
    levels: [
      { targetRps: 100, repetitions: [{ p99Us: 4000, dataPlane: [{ vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 52e6 }] }, { p99Us: 4000, valid: false, invalidReasons: ['missed its rate'], dataPlane: [{ vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 52e6 }] }] },
      { targetRps: 400, repetitions: [{ p99Us: 5000, valid: false }] },
    ],
  });
  result.valid = false;
  const text = renderRunSummary(result, 'results/r.json');

  it('names the target and lists each level with validity counts', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(`istio-ambient (istio ambient 1.24.1) on kind, scenario ${result.scenario.name}`);
    expect(text).toMatch(/^rps +achieved +p50 +p90 +p99 +p99\.9 +svc p99 +errors +valid$/m);
    expect(text).toMatch(/^100 +100\.0 +1\.00ms +2\.00ms +4\.00ms +6\.40ms +4\.00ms +0\.00% +1\/2$/m);
    expect(text).toMatch(/^400 +- +- +- +- +- +- +- +0\/1$/m);
  });

  it('shows the data-plane cost of levels with valid repetitions only', () => {
    expect(text).toMatch(/^100 +0\.300 +52\.0 +0\.050 +150µs$/m);
    expect(text).not.toMatch(/^400 +0\./m);
  });

  it('lists invalid reasons and ends with where the result went', () => {
    expect(text).toContain('✖ 100 rps rep 2: missed its rate');
    expect(text.trimEnd().split('\n').pop()).toBe('INVALID result written to results/r.json');
  });
});
