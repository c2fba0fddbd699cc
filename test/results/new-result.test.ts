import type { HarnessError } from '../../src/errors.ts';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { createRunId, finalizeResult, newResultFile, scenarioContentHash, stableStringify } from '../../src/results/new-result.ts';
import { markResultFailedInPlace, parseResultFile, readResultFile, writeResultFile } from '../../src/results/result-file.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scenario = loadScenario('smoke').spec;
const target = loadTarget('baseline').spec;
const fresh = () =>
  newResultFile({
    runId: 'r',
    createdAt: new Date('2026-11-26T12:00:00Z'),
    harness: { version: '0.1.0', gitSha: null, node: 'v20' },
    target,
    meshVersion: null,
    platform: 'local',
    scenario,
    environment: { hostname: 'h', cpuModel: 'cpu', cores: 2, memoryBytes: 1, kernel: 'k', os: 'Linux', tools: {} },
  });

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

  it('writes atomically and reads back; refuses newer majors and truncated files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-result-'));
    const file = join(dir, 'r.json');
    writeResultFile(file, fresh());
    expect(readResultFile(file).runId).toBe('r');
    expect(() => parseResultFile('new.json', JSON.stringify({ ...fresh(), schemaVersion: '2.0' }))).toThrow(/schema version 2.0 is not supported/);
    const truncated = join(dir, 't.json');
    writeFileSync(truncated, JSON.stringify(fresh()).slice(0, 200));
    expect(() => readResultFile(truncated)).toThrow(/not valid JSON.*truncated/);
    // The hint says what the README says: a result file is written after every repetition.
    let hint = '';
    try {
      readResultFile(truncated);
    } catch (err) {
      hint = (err as HarnessError).hint ?? '';
    }
    expect(hint).toContain('atomically after every repetition');
    expect(readFileSync('docs/faults-during-a-run.md', 'utf8') + readFileSync('README.md', 'utf8')).toMatch(/after every\s+repetition/);
    expect(() => parseResultFile('x.json', '{"schemaVersion":"1.0"}')).toThrow(/invalid result file/);
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

  it('a result whose final write failed is marked failed in place, same size, still a valid result file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-result-'));
    const file = join(dir, 'r.json');
    writeResultFile(file, fresh());
    const before = statSync(file).size;
    expect(markResultFailedInPlace(file)).toBe(true);
    expect(statSync(file).size).toBe(before);
    const patched = readResultFile(file);
    expect(patched).toMatchObject({ status: 'failed', valid: false });
    expect(readFileSync(file, 'utf8').replace('"status":  "failed"', '"status": "running"').replace('"valid":false', '"valid": true')).toBe(
      `${JSON.stringify(fresh(), null, 2)}\n`,
    );
    expect(markResultFailedInPlace(file)).toBe(false);
    expect(markResultFailedInPlace(join(dir, 'missing.json'))).toBe(false);
  });
});
