/**
 * A feature matrix on one cluster (docs/capability-matrix.md "Feature matrix on Kubernetes"): the
 * arms share the reference arm's cluster, mesh installation, namespace and workload, and differ
 * only in the feature resources (routes, destination rules, telemetry, the canary). Before a
 * repetition of an arm the harness switches the namespace to that arm's feature set: it applies
 * the arm's resources (server-side apply, so a route another arm also writes is updated in
 * place), waits for the rollout of its Deployments (the canary), and deletes the resources of the
 * other arms that this arm does not have (`kubectl delete --ignore-not-found`, which waits for
 * them to go). Features that change the pods or the installation cannot switch this way and are
 * refused. Pure.
 */
import { stringify } from 'yaml';
import type { Scenario } from '../../config/scenario-schema.ts';
import { activeFeatures, describeFeature, type FeatureName } from '../../config/scenario-features.ts';
import type { Target } from '../../config/target-schema.ts';
import { HarnessError } from '../../errors.ts';
import { meshModuleFor } from '../../mesh/mesh-registry.ts';
import { featureApplication } from '../../plan/feature-support.ts';
import type { KubeObject, PlanAction, PlanStep, RunPlan } from '../../plan/plan-types.ts';
import { rolloutWaits } from './feature-objects-step.ts';
import { ROLLOUT_TIMEOUT_MS } from './plan-kube-run.ts';

/** One arm of the matrix: its label and the scenario it runs. */
export interface FeatureSwitchArm {
  label: string;
  scenario: Scenario;
}

/**
 * Refuses arms whose features cannot be switched between repetitions on one cluster (they change
 * the pods or the mesh installation), naming the feature, its arm and the mesh.
 */
export function checkSwitchableFeatures(options: { target: Target; arms: readonly FeatureSwitchArm[] }): void {
  const table = meshModuleFor(options.target.mesh).featureSupport(options.target);
  for (const arm of options.arms) {
    const fixed = activeFeatures(arm.scenario.features).filter((name: FeatureName) => {
      const how = featureApplication(table, arm.scenario.features, name);
      return how !== null && how !== 'objects';
    });
    const first = fixed[0];
    if (!first) continue;
    const how = featureApplication(table, arm.scenario.features, first);
    throw new HarnessError(
      'USAGE',
      `feature ${describeFeature(arm.scenario.features, first)} (arm ${arm.label}) cannot be switched between repetitions on one cluster on target ${options.target.name} (mesh ${options.target.mesh.name}): it changes ${how === 'install' ? 'the mesh installation' : 'the pods of the workload'}`,
      {
        hint: 'the arms of a Kubernetes feature matrix share one cluster and workload; measure this feature as its own run with the feature in the scenario, and compare the two results with bench compare (docs/capability-matrix.md)',
      },
    );
  }
}

function key(o: KubeObject): string {
  return `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * The resources of a plan that depend on its features: the mesh's workload objects (authz
 * policies, and the PeerAuthentication every arm has alike) and its `features` step.
 */
export function planFeatureManifests(plan: RunPlan): KubeObject[] {
  return plan.steps
    .filter((s) => s.id === 'mesh-workload-objects' || s.id === 'features')
    .flatMap((s) => s.actions)
    .flatMap((a) => (a.kind === 'apply' ? a.manifests : []));
}

/**
 * The switch step of each arm, by label, from each arm's own plan (all planned with the reference
 * arm's run id, so they name the same namespace): apply its resources, wait for its Deployments,
 * delete the other arms' resources it lacks.
 */
export function featureSwitchSteps(options: { arms: readonly { label: string; plan: RunPlan }[]; kubeconfigPath: string; rolloutTimeoutMs?: number }): Map<string, PlanStep> {
  const all = new Map(options.arms.map((arm) => [arm.label, planFeatureManifests(arm.plan)]));
  // What every arm has alike (e.g. the PeerAuthentication) is applied once, when the first arm prepares.
  const alike = (o: KubeObject) => [...all.values()].every((objects) => objects.some((other) => JSON.stringify(other) === JSON.stringify(o)));
  const own = new Map([...all].map(([label, objects]) => [label, objects.filter((o) => !alike(o))]));
  const steps = new Map<string, PlanStep>();
  for (const arm of options.arms) {
    const mine = own.get(arm.label) ?? [];
    const mineKeys = new Set(mine.map(key));
    const stale = new Map<string, KubeObject>();
    for (const [label, objects] of own) {
      if (label === arm.label) continue;
      for (const o of objects) if (!mineKeys.has(key(o))) stale.set(key(o), o);
    }
    const actions: PlanAction[] = [];
    if (mine.length > 0) {
      actions.push({ kind: 'apply', description: `the resources of arm ${arm.label}`, manifests: mine }, ...rolloutWaits(mine, options.rolloutTimeoutMs ?? ROLLOUT_TIMEOUT_MS));
    }
    if (stale.size > 0) {
      // Deleted by reference only: kind, name and namespace are all kubectl needs.
      const refs = [...stale.values()].map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } }));
      actions.push({
        kind: 'command',
        description: `delete the other arms' resources arm ${arm.label} does not have: ${refs.map((r) => `${r.kind}/${r.metadata.name}`).join(', ')}`,
        tool: 'kubectl',
        args: ['delete', '--ignore-not-found', '--wait=true', '-f', '-'],
        stdin: refs.map((r) => stringify(r)).join('---\n'),
        timeoutMs: 120_000,
        env: { KUBECONFIG: options.kubeconfigPath },
      });
    }
    steps.set(arm.label, {
      id: `features-${arm.label}`,
      phase: 'measure',
      title: `before each repetition of arm ${arm.label}: switch the namespace to its feature set`,
      actions,
    });
  }
  return steps;
}
