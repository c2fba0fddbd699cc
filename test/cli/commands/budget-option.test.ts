import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBudget, DEFAULT_WINDOW_OVERHEAD_MS } from '../../../src/cli/commands/budget-option.ts';
import { loadScenario } from '../../../src/config/config-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario() {
  const s = loadScenario('smoke').spec;
  s.load.levels = [{ rps: 100 }, { rps: 200 }];
  s.load.durationMs = 9000;
  s.load.warmupMs = 0;
  return s;
}

describe('applyBudget without a noise profile', () => {
  it('keeps the window and fits as many repetitions as the budget holds', () => {
    const s = scenario();
    // 10 s per window (9 s + 1 s overhead) × 2 levels × 2 arms = 40 s per repetition: 5 in 200 s.
    expect(DEFAULT_WINDOW_OVERHEAD_MS).toBe(1000);
    const line = applyBudget({ budget: '200s', scenario: s, arms: 2, cwd: dir });
    expect(s.load.repetitions).toBe(5);
    expect(s.load.durationMs).toBe(9000);
    expect(line).toBe("budget 200s: 5 repetitions of 9 s per arm and level (no noise profile: the scenario's window, as many repetitions as fit)");
  });

  it('refuses a budget that is not a duration or fits fewer than two repetitions', () => {
    expect(() => applyBudget({ budget: 'soon', scenario: scenario(), arms: 1, cwd: dir })).toThrow('--budget soon: not a duration');
    expect(() => applyBudget({ budget: '30s', scenario: scenario(), arms: 1, cwd: dir })).toThrow(/fits fewer than two repetitions per arm and level of 10 s/);
  });
});

describe('applyBudget with a noise profile', () => {
  it('refuses a file that is not a noise profile, or unreadable', () => {
    writeFileSync(join(dir, 'bad.json'), '{"kind":"Other"}');
    expect(() => applyBudget({ budget: '15m', noise: 'bad.json', scenario: scenario(), arms: 2, cwd: dir })).toThrow(/^bad\.json: not a noise profile/);
    expect(() => applyBudget({ budget: '15m', noise: 'none.json', scenario: scenario(), arms: 2, cwd: dir })).toThrow(/cannot read noise profile none\.json/);
  });
});
