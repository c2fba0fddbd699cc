import { describe, expect, it } from 'vitest';
import { freshResult, smokeScenario } from '../helpers/fresh-result.ts';
import { createRunId, finalizeResult, scenarioContentHash, stableStringify } from '../../src/results/new-result.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';

const scenario = smokeScenario;
const fresh = freshResult;

describe('result files', () => {
  it('hash ignores key order and the repetition count, not the load', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const more = { ...scenario, load: { ...scenario.load, repetitions: 20 } };
    const faster = { ...scenario, load: { ...scenario.load, levels: [{ rps: 999 }] } };
    expect(scenarioContentHash(more)).toBe(scenarioContentHash(scenario));
    expect(scenarioContentHash(faster)).not.toBe(scenarioContentHash(scenario));
  });

  it('run ids are sortable to the millisecond, file-name safe, and carry the run nonce', () => {
    expect(createRunId({ target: 'istio-ambient', at: new Date('2026-11-26T14:30:05.042Z'), suffix: '1.28/1', nonce: '7f3a' })).toBe(
      '20261126-143005.042-istio-ambient-1.28-1-7f3a',
    );
    const ids = ['2026-11-26T14:30:05.042Z', '2026-11-26T14:30:05.100Z', '2026-11-26T14:30:06.001Z'].map((at) =>
      createRunId({ target: 'b', at: new Date(at), nonce: 'ffff' }),
    );
    expect([...ids].sort()).toEqual(ids);
    // Same millisecond, different runs: different ids.
    const at = new Date('2026-11-26T14:30:05.042Z');
    expect(createRunId({ target: 'b', at, nonce: '0001' })).not.toBe(createRunId({ target: 'b', at, nonce: '0002' }));
  });

  it('a result without levels, or interrupted, or unverified is not valid', () => {
    expect(finalizeResult(fresh(), 'complete').valid).toBe(false);
    expect(finalizeResult(fresh(), 'interrupted').status).toBe('interrupted');
  });

  describe('the level rule (the gate\'s: minimum valid repetitions, maximum invalid share)', () => {
    const sample = readResultFile('test/fixtures/results/baseline.json');
    const rep = sample.levels[0]?.repetitions[0] as ResultFile['levels'][0]['repetitions'][0];
    function withLevel(validFlags: boolean[], validity: Record<string, number> = {}): ResultFile {
      const result = fresh();
      result.scenario.spec = { ...result.scenario.spec, validity: { ...(result.scenario.spec['validity'] as object), ...validity } };
      result.verification = { verified: true, skipped: false, checks: [] };
      const repetitions = validFlags.map((valid, index) => ({ ...rep, index, valid, invalidReasons: valid ? [] : ['missed its rate'] }));
      result.levels = [{ ...(sample.levels[0] as ResultFile['levels'][0]), targetRps: 100, repetitions }];
      return result;
    }

    it('1 of 2 repetitions invalid makes the run invalid (50 % > 20 %)', () => {
      const final = finalizeResult(withLevel([true, false]), 'complete');
      expect(final.valid).toBe(false);
      expect(final.warnings).toContain('level 100 rps: 1 of 2 repetitions invalid (more than 20 %)');
    });

    it('1 of 5 invalid is within 20 %; all valid is valid', () => {
      expect(finalizeResult(withLevel([true, true, false, true, true]), 'complete').valid).toBe(true);
      expect(finalizeResult(withLevel([true, true]), 'complete').valid).toBe(true);
    });

    it('the scenario sets the rule', () => {
      expect(finalizeResult(withLevel([true, false], { maxInvalidPct: 50 }), 'complete').valid).toBe(true);
      const few = finalizeResult(withLevel([true, true], { minValidRepetitions: 3 }), 'complete');
      expect(few.valid).toBe(false);
      expect(few.warnings).toContain('level 100 rps: 2 valid repetition(s), fewer than the minimum 3');
    });
  });

});
