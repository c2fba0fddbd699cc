import { describe, expect, it } from 'vitest';
import { levelResults, pooledLatencyOf } from '../../../src/compare/gate/level-results.ts';
import { checkResult, pooledSide } from '../../helpers/gate-objects.ts';

const base = pooledSide('base', [
  { targetRps: 100, repetitions: [{ p99Us: 1000 }, { p99Us: 3000 }, { p99Us: 1000, valid: false }] },
  { targetRps: 200, repetitions: [{ p99Us: 2000, valid: false }] },
]);
const head = pooledSide('head', [{ targetRps: 100, repetitions: [{ p99Us: 1000 }] }]);

describe('levelResults', () => {
  it('one entry per measured rate with each side’s counts and that level’s checks', () => {
    const results = [checkResult({ targetRps: 100 }), checkResult({ checkId: 'x', targetRps: 200 })];
    const levels = levelResults({ measuredRps: [100, 200], base, head, results, pooledLatency: false });
    expect(levels.map((l) => [l.targetRps, l.base, l.head, l.checks.map((c) => c.checkId), l.pooledLatency])).toEqual([
      [100, { valid: 2, total: 3 }, { valid: 1, total: 1 }, ['p99'], null],
      [200, { valid: 0, total: 1 }, { valid: 0, total: 0 }, ['x'], null],
    ]);
  });

  it('pooled percentiles merge the valid repetitions’ histograms, null where none is valid', () => {
    const [at100, at200] = levelResults({ measuredRps: [100, 200], base, head, results: [], pooledLatency: true });
    // 1000 samples with p99 1 ms and 1000 with p99 3 ms: the merged count is 2000.
    expect(at100?.pooledLatency?.base?.count).toBe(2000);
    expect(at100?.pooledLatency?.head?.count).toBe(1000);
    expect(at200?.pooledLatency).toEqual({ base: null, head: null });
  });
});

describe('pooledLatencyOf', () => {
  it('is null without a level or with an unreadable histogram', () => {
    expect(pooledLatencyOf(undefined)).toBeNull();
    const level = pooledSide('base', [{ targetRps: 100, repetitions: [{ p99Us: 1000 }] }]).levels.get(100);
    if (!level?.valid[0]) throw new Error('no level');
    level.valid[0] = { ...level.valid[0], histograms: { latencyUs: 'garbage', serviceTimeUs: 'garbage' } };
    expect(pooledLatencyOf(level)).toBeNull();
  });
});
