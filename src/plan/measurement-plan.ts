/** The measurement loop of a scenario as the plan records it (every platform measures the same loop). */
import type { Scenario } from '../config/scenario-schema.ts';
import type { MeasurementPlan } from './plan-types.ts';

export function measurementPlan(scenario: Scenario, targetUrl: string): MeasurementPlan {
  const load = scenario.load;
  return {
    levels: load.levels.map((l, index) => ({ index, rps: l.rps })),
    repetitions: load.repetitions,
    warmupMs: load.warmupMs,
    durationMs: load.durationMs,
    agents: load.agents,
    targetUrl,
  };
}
