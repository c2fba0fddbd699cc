/**
 * The kind platform's plan steps (pure): write the config and an empty 0600 kubeconfig of the
 * run's own, create the cluster, wait for the nodes, preload the workload image, and the teardown.
 *
 * - `kind create cluster --kubeconfig <run's file>` writes only that file: the user's kubeconfig
 *   is never touched. kind merges into an existing file and keeps its mode, so the file is created
 *   first with mode 0600 (it holds the cluster-admin client key).
 * - `--wait` is not passed when the default CNI is disabled: the nodes stay NotReady until the mesh
 *   (Cilium) is installed, and kind would wait out its timeout and then report success anyway
 *   (§0.3). The harness waits for the nodes itself, after the mesh install in that case.
 * - The image is pulled by digest, tagged locally and loaded into the workers under the tag, so no
 *   pod pulls during the run (see src/workload/kube-workload-image.ts for why not by digest).
 */
import { join } from 'node:path';
import type { Target } from '../../config/target-schema.ts';
import type { PlanStep } from '../../plan/plan-types.ts';
import { kindLocalImageTag, WORKLOAD_IMAGE } from '../../workload/kube-workload-image.ts';
import { kindNodeNames } from './kind-cluster-name.ts';
import { renderKindConfig } from './kind-config.ts';

/** An empty kubeconfig kind can merge into. */
export const EMPTY_KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\npreferences: {}\ncurrent-context: ""\n';

/** Options of the kind plan steps. */
export interface KindPlanOptions {
  target: Target;
  clusterName: string;
  kubeconfigPath: string;
  workDir: string;
}

/** Files of the run in its work dir. */
export function kindConfigPath(workDir: string): string {
  return join(workDir, 'kind-config.yaml');
}

/** Steps that create the cluster and make it usable (before the mesh install). */
export function planKindProvision(options: KindPlanOptions): PlanStep[] {
  const { target, clusterName, kubeconfigPath, workDir } = options;
  const shape = target.cluster;
  const configPath = kindConfigPath(workDir);
  const createArgs = ['create', 'cluster', '--name', clusterName, '--config', configPath, '--kubeconfig', kubeconfigPath];
  if (!shape.disableDefaultCNI) createArgs.push('--wait', '5m');
  const localTag = kindLocalImageTag();
  const workers = kindNodeNames(clusterName, shape.workers).workers;
  const steps: PlanStep[] = [
    {
      id: 'kind-config',
      phase: 'provision',
      title: 'write the kind cluster config and the run\'s kubeconfig',
      actions: [
        {
          kind: 'write-file',
          description: `kind config: 1 control-plane + ${shape.workers} workers on ${shape.nodeImage}`,
          path: configPath,
          content: renderKindConfig(shape, clusterName),
          mode: 0o644,
        },
        { kind: 'write-file', description: 'the run\'s own kubeconfig (cluster-admin key: mode 0600)', path: kubeconfigPath, content: EMPTY_KUBECONFIG, mode: 0o600 },
      ],
    },
    {
      id: 'kind-create',
      phase: 'provision',
      title: `create kind cluster ${clusterName}`,
      actions: [
        {
          kind: 'command',
          description: shape.disableDefaultCNI ? 'create the cluster (no --wait: nodes are NotReady until the CNI is installed)' : 'create the cluster',
          tool: 'kind',
          args: createArgs,
          timeoutMs: 10 * 60_000,
        },
      ],
    },
  ];
  if (!shape.disableDefaultCNI) steps.push(nodesReadyStep(target));
  steps.push({
    id: 'preload-images',
    phase: 'provision',
    title: 'preload the workload image into the workers',
    actions: [
      { kind: 'command', description: `pull ${WORKLOAD_IMAGE} by digest`, tool: 'docker', args: ['pull', WORKLOAD_IMAGE], timeoutMs: 10 * 60_000 },
      { kind: 'command', description: 'tag it locally (kind cannot load an image under its digest)', tool: 'docker', args: ['tag', WORKLOAD_IMAGE, localTag] },
      {
        kind: 'command',
        description: 'load it into the workers (pods use it with imagePullPolicy: Never)',
        tool: 'kind',
        args: ['load', 'docker-image', localTag, '--name', clusterName, '--nodes', workers.join(',')],
        timeoutMs: 10 * 60_000,
      },
    ],
  });
  return steps;
}

/** Waits until every node is Ready (after create, or after the CNI install without a default CNI). */
export function nodesReadyStep(target: Target): PlanStep {
  const count = 1 + target.cluster.workers;
  return {
    id: 'nodes-ready',
    phase: target.cluster.disableDefaultCNI ? 'install-mesh' : 'provision',
    title: `wait for ${count} nodes to be Ready`,
    actions: [{ kind: 'wait', description: `${count} nodes Ready`, condition: { type: 'nodes-ready', count }, timeoutMs: 5 * 60_000 }],
  };
}

/** Deletes the cluster (idempotent: kind does not fail for a cluster that does not exist). */
export function planKindTeardown(options: Pick<KindPlanOptions, 'clusterName' | 'kubeconfigPath'>): PlanStep[] {
  return [
    {
      id: 'kind-delete',
      phase: 'teardown',
      title: `delete kind cluster ${options.clusterName}`,
      actions: [
        {
          kind: 'command',
          description: 'delete the cluster and its entry in the run\'s kubeconfig',
          tool: 'kind',
          args: ['delete', 'cluster', '--name', options.clusterName, '--kubeconfig', options.kubeconfigPath],
          timeoutMs: 5 * 60_000,
        },
      ],
    },
  ];
}
