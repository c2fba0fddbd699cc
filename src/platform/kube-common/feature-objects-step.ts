/**
 * The scenario features in a Kubernetes plan (docs/capability-matrix.md): the `features` step that
 * applies the mesh's feature resources (routes, destination rules, telemetry) after the workload
 * is ready, with the `order-canary` Deployment and Service of `trafficSplit` and its rollout; the
 * Service annotations some features need (Linkerd failure accrual); and the refusal of features
 * that change the mesh installation when the plan does not install the mesh. Pure.
 */
import type { Scenario } from '../../config/scenario-schema.ts';
import { activeFeatures, type FeatureName } from '../../config/scenario-features.ts';
import type { PlatformName, Target } from '../../config/target-schema.ts';
import { HarnessError } from '../../errors.ts';
import { meshModuleFor } from '../../mesh/mesh-registry.ts';
import type { MeshPlanContext } from '../../mesh/mesh.ts';
import { featureApplication } from '../../plan/feature-support.ts';
import type { KubeObject, PlanAction, PlanStep } from '../../plan/plan-types.ts';
import { canaryManifests } from '../../workload/kube-canary.ts';

/** The Services with the mesh's feature annotations added (by Service name); the others unchanged. */
export function withServiceAnnotations(services: readonly KubeObject[], annotations: Record<string, Record<string, string>>): KubeObject[] {
  return services.map((s) => {
    const extra = annotations[s.metadata.name];
    return extra ? { ...s, metadata: { ...s.metadata, annotations: { ...s.metadata.annotations, ...extra } } } : s;
  });
}

/** Every object a scenario's features add to the workload namespace: the canary first, then the mesh's resources. */
export function featureManifests(options: { ctx: MeshPlanContext; deployments: readonly KubeObject[]; services: readonly KubeObject[] }): KubeObject[] {
  const { ctx } = options;
  const mesh = meshModuleFor(ctx.target.mesh);
  const canary = ctx.scenario.features.trafficSplit ? canaryManifests(options) : [];
  return [...canary, ...(mesh.featureObjects?.(ctx) ?? [])];
}

/** Rollout waits of the Deployments among `manifests`. */
export function rolloutWaits(manifests: readonly KubeObject[], timeoutMs: number): PlanAction[] {
  return manifests
    .filter((m) => m.kind === 'Deployment')
    .map((d) => ({
      kind: 'wait' as const,
      description: `Deployment ${d.metadata.name} rolled out`,
      condition: { type: 'rollout' as const, namespace: d.metadata.namespace ?? '', workloadKind: 'Deployment' as const, name: d.metadata.name },
      timeoutMs,
    }));
}

/** The `features` step, or null when the scenario's features add no object. */
export function featureObjectsStep(options: { ctx: MeshPlanContext; deployments: readonly KubeObject[]; services: readonly KubeObject[]; rolloutTimeoutMs: number }): PlanStep | null {
  const manifests = featureManifests(options);
  if (manifests.length === 0) return null;
  const kinds = [...new Set(manifests.map((m) => m.kind))].join(', ');
  return {
    id: 'features',
    phase: 'deploy',
    title: `scenario features (${activeFeatures(options.ctx.scenario.features).join(', ')}): ${kinds}`,
    actions: [{ kind: 'apply', description: `${options.ctx.target.mesh.name} resources of the scenario's features`, manifests }, ...rolloutWaits(manifests, options.rolloutTimeoutMs)],
  };
}

/** The features a scenario switches on that change the mesh installation. */
export function installFeatures(target: Target, scenario: Scenario): FeatureName[] {
  const table = meshModuleFor(target.mesh).featureSupport(target);
  return activeFeatures(scenario.features).filter((name) => featureApplication(table, scenario.features, name) === 'install');
}

/** Refuses install-level features when the plan does not install the mesh (existing cluster without --install-mesh). */
export function refuseInstallFeatures(options: { target: Target; scenario: Scenario; platform: PlatformName }): void {
  const found = installFeatures(options.target, options.scenario);
  if (found.length === 0) return;
  throw new HarnessError('USAGE', `feature ${found.join(', ')} changes the ${options.target.mesh.name} installation, which this run on the ${options.platform} platform does not install (target ${options.target.name})`, {
    hint: 'add --install-mesh, or switch the feature off in the scenario (docs/capability-matrix.md)',
  });
}
