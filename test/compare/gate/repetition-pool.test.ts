import { describe, expect, it } from 'vitest';
import { poolSide, type ResultSource } from '../../../src/compare/gate/repetition-pool.ts';
import { HarnessError } from '../../../src/errors.ts';
import { buildResultFile, type ResultSpec } from '../../helpers/result-builder.ts';

const source = (file: string, spec: ResultSpec): ResultSource => ({ file, result: buildResultFile(spec) });

describe('poolSide', () => {
  it('concatenates repetitions per level across files, in window order, and keeps the valid ones apart', () => {
    const later = source('b.json', { createdAt: '2026-01-15T11:00:00.000Z', levels: [{ targetRps: 200, repetitions: [{ p99Us: 3000 }] }, { targetRps: 100, repetitions: [{ p99Us: 2000 }] }] });
    const earlier = source('a.json', { levels: [{ targetRps: 100, repetitions: [{ p99Us: 1000 }, { p99Us: 1100, valid: false }] }] });
    const pooled = poolSide({ side: 'base', sources: [later, earlier] });
    expect([...pooled.levels.keys()]).toEqual([100, 200]);
    const at100 = pooled.levels.get(100);
    expect(at100?.repetitions.map((r) => r.latency.p99Us)).toEqual([expect.closeTo(1000, -1), expect.closeTo(1100, -1), expect.closeTo(2000, -1)]);
    expect(at100?.valid).toHaveLength(2);
    expect(pooled.sources.map((s) => s.file)).toEqual(['b.json', 'a.json']);
  });

  it('selects one arm, and refuses an ambiguous or missing arm with a usage error', () => {
    const ab = source('ab.json', { levels: [{ targetRps: 100, repetitions: [{ p99Us: 1000, arm: 'a' }, { p99Us: 2000, arm: 'b' }] }] });
    expect(poolSide({ side: 'head', sources: [ab], arm: 'b' }).levels.get(100)?.repetitions.map((r) => r.arm)).toEqual(['b']);
    expect(() => poolSide({ side: 'head', sources: [ab] })).toThrow(/ab\.json holds repetitions of several arms \(a, b\); pick one per side/);
    expect(() => poolSide({ side: 'head', sources: [ab], arm: 'c' })).toThrow(/has no repetitions of arm "c" \(arms: a, b\)/);
  });

  it('a side without any repetition is RUN_INVALID', () => {
    const empty = source('empty.json', { status: 'failed', levels: [] });
    try {
      poolSide({ side: 'base', sources: [empty] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HarnessError);
      expect((err as HarnessError).code).toBe('RUN_INVALID');
      expect((err as HarnessError).message).toContain('empty.json: status failed, 0 level(s)');
    }
  });
});
