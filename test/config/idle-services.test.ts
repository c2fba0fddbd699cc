import { describe, expect, it } from 'vitest';
import { idleServiceCount, idleSweepArms, idleSweepLabel, isIdleSweep } from '../../src/config/idle-services.ts';
import type { Scenario } from '../../src/config/scenario-schema.ts';

function scenarioWith(idleServices: number | number[] | undefined): Scenario {
  return { name: 's', workload: { chainDepth: 1, idleServices } } as unknown as Scenario;
}

describe('idle services', () => {
  it('a count is the run\'s; none is 0; a sweep must be split into arms first', () => {
    expect(idleServiceCount({ idleServices: 50 })).toBe(50);
    expect(idleServiceCount({ idleServices: undefined })).toBe(0);
    expect(() => idleServiceCount({ idleServices: [0, 50] })).toThrow(/\[0, 50\] is a sweep: each value runs as its own arm/);
  });

  it('a sweep is one arm per count, each scenario with that one count (0 written as none)', () => {
    const sweep = scenarioWith([0, 50, 500]);
    expect(isIdleSweep(sweep)).toBe(true);
    const arms = idleSweepArms(sweep);
    expect(arms.map((a) => [a.label, a.idleServices, a.scenario.workload.idleServices])).toEqual([
      ['idle-0', 0, undefined],
      ['idle-50', 50, 50],
      ['idle-500', 500, 500],
    ]);
    // The original scenario is left as it was.
    expect(sweep.workload.idleServices).toEqual([0, 50, 500]);
    expect(idleSweepLabel(7)).toBe('idle-7');
  });

  it('a single count is no sweep', () => {
    expect(isIdleSweep(scenarioWith(50))).toBe(false);
    expect(idleSweepArms(scenarioWith(50))).toEqual([]);
    expect(idleSweepArms(scenarioWith(undefined))).toEqual([]);
  });
});
