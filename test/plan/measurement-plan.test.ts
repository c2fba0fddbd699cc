import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/config-files.ts';
import { measurementPlan } from '../../src/plan/measurement-plan.ts';

describe('measurementPlan', () => {
  it('records every level with its index, the repetitions, the window and the target URL', () => {
    const scenario = loadScenario('default').spec;
    const plan = measurementPlan(scenario, 'http://order:8080');
    expect(plan.levels).toEqual(scenario.load.levels.map((l, index) => ({ index, rps: l.rps })));
    expect(plan.levels.map((l) => l.rps)).toEqual([250, 500, 1000]);
    expect(plan).toMatchObject({
      repetitions: scenario.load.repetitions,
      warmupMs: scenario.load.warmupMs,
      durationMs: 60_000,
      agents: scenario.load.agents,
      targetUrl: 'http://order:8080',
    });
  });
});
