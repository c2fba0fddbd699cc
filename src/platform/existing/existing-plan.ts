/**
 * The existing platform's plan steps (pure): no provisioning. The user's context is copied into
 * the run's own kubeconfig (0600) and checked for an answering API server; the mesh is installed
 * only with --install-mesh, otherwise its presence is checked and reported. Teardown deletes only
 * the namespaces the run created (a mesh installed with --install-mesh stays: it may serve others).
 */
import type { MeshSpec } from '../../config/target-schema.ts';
import type { PlanStep } from '../../plan/plan-types.ts';

/** Options of {@link planExistingPreflight}. */
export interface ExistingPreflightOptions {
  /** The user's kubeconfig (a file or a list); null = $KUBECONFIG or ~/.kube/config at run time. */
  sourceKubeconfig: string | null;
  /** Context to use; null = the kubeconfig's current context. */
  context: string | null;
}

/** Exports the context and checks the API server answers. */
export function planExistingContext(options: ExistingPreflightOptions): PlanStep {
  return {
    id: 'kube-context',
    phase: 'preflight',
    title: `use ${options.context ? `context ${options.context}` : 'the current context'} of ${options.sourceKubeconfig ?? '$KUBECONFIG or ~/.kube/config'}`,
    actions: [
      {
        kind: 'check',
        description: 'copy the context into the run\'s own kubeconfig (mode 0600) and check that its API server answers',
        check: 'kube-context',
        params: { sourcePath: options.sourceKubeconfig, context: options.context },
      },
    ],
  };
}

/** Checks that the target's mesh is already installed (when the run does not install it). */
export function planMeshPresent(mesh: MeshSpec, meshVersion: string | null): PlanStep {
  return {
    id: 'mesh-present',
    phase: 'install-mesh',
    title: `check that ${mesh.name} is installed (not installing: no --install-mesh)`,
    actions: [{ kind: 'check', description: `${mesh.name} runs on the cluster`, check: 'mesh-present', params: { mesh, expectedVersion: meshVersion } }],
  };
}

/** Deletes the run's namespaces. */
export function planExistingTeardown(namespaces: readonly string[]): PlanStep[] {
  return [
    {
      id: 'delete-namespaces',
      phase: 'teardown',
      title: `delete the run's namespaces ${namespaces.join(', ')}`,
      actions: namespaces.map((namespace) => ({
        kind: 'delete-namespace' as const,
        description: `delete namespace ${namespace} and wait until it is gone`,
        namespace,
        timeoutMs: 3 * 60_000,
      })),
    },
  ];
}
