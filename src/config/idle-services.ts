/**
 * `workload.idleServices` (docs/topology.md): N idle Services added so the proxies'
 * configuration grows as in a bigger mesh. A list of counts is a sweep: one arm per count, each
 * running the scenario with that single count, so proxy memory and control-plane usage can be
 * read against N. Pure.
 */
import type { Scenario, WorkloadSpec } from './scenario-schema.ts';

/** Label of the sweep arm with `count` idle services: `idle-50`. */
export function idleSweepLabel(count: number): string {
  return `idle-${count}`;
}

/** The idle services of one run (0 when none). A sweep must have been split into arms first. */
export function idleServiceCount(workload: Pick<WorkloadSpec, 'idleServices'>): number {
  const idle = workload.idleServices;
  if (Array.isArray(idle)) {
    throw new RangeError(`workload.idleServices [${idle.join(', ')}] is a sweep: each value runs as its own arm (bench run splits it)`);
  }
  return idle ?? 0;
}

/** Whether the scenario sweeps idle services (a list of counts). */
export function isIdleSweep(scenario: Scenario): boolean {
  return Array.isArray(scenario.workload.idleServices);
}

/** One arm of an idle-services sweep. */
export interface IdleSweepArm {
  label: string;
  idleServices: number;
  scenario: Scenario;
}

/** The arms of a sweep, in the scenario's (ascending) order; none when the scenario has a single count. */
export function idleSweepArms(scenario: Scenario): IdleSweepArm[] {
  const idle = scenario.workload.idleServices;
  if (!Array.isArray(idle)) return [];
  return idle.map((count) => ({
    label: idleSweepLabel(count),
    idleServices: count,
    scenario: { ...scenario, workload: { ...scenario.workload, idleServices: count === 0 ? undefined : count } },
  }));
}
