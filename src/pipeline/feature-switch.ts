/**
 * A feature matrix on Kubernetes (docs/capability-matrix.md "Feature matrix on Kubernetes"): the
 * arms share one prepared cluster and workload, so they share one measurement backend; before a
 * repetition of an arm, the cluster is switched to that arm's feature set (its switch step from
 * the platform) unless it already is. Switching happens outside the measured window: the
 * repetition's warm-up then lets the proxies take the new configuration before anything counts.
 */
import { HarnessError } from '../errors.ts';
import type { MeasurementBackend, PreparedPlatform } from '../platform/measurement-backend.ts';
import type { PlanStep } from '../plan/plan-types.ts';

/** One backend per arm over the shared one, each switching the cluster to its arm first. */
export function switchingBackends(options: {
  labels: readonly string[];
  prepared: PreparedPlatform;
  steps: ReadonlyMap<string, PlanStep>;
  log?: (line: string) => void;
}): Map<string, MeasurementBackend> {
  const { prepared, steps } = options;
  const runSteps = prepared.runSteps;
  if (!runSteps) throw new HarnessError('INTERNAL', 'a feature matrix on one cluster needs a platform that runs plan steps');
  const shared = prepared.backend;
  let current: string | null = null;
  const switchTo = async (label: string) => {
    if (current === label) return;
    const step = steps.get(label);
    if (!step) throw new HarnessError('INTERNAL', `feature matrix: no switch step for arm ${label}`);
    // Until the switch completes the cluster is in no arm's state.
    current = null;
    options.log?.(`switch the feature resources to arm ${label}`);
    await runSteps.call(prepared, [step]);
    current = label;
  };
  return new Map(
    options.labels.map((label): [string, MeasurementBackend] => [
      label,
      {
        agentRunner: {
          runRepetition: async (run) => {
            await switchTo(label);
            return shared.agentRunner.runRepetition(run);
          },
        },
        createMeter: () => shared.createMeter(),
        ...(shared.checkComponents ? { checkComponents: () => (shared.checkComponents as () => ReturnType<NonNullable<MeasurementBackend['checkComponents']>>)() } : {}),
      },
    ]),
  );
}
