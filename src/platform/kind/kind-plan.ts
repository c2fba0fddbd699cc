/**
 * The kind platform's plan steps (pure): write the config and an empty 0600 kubeconfig of the
 * run's own, create the cluster, wait for the nodes, preload the workload image, and the teardown.
 *
 * - `kind create cluster --kubeconfig <run's file>` writes only that file: the user's kubeconfig
 *   is never touched. kind merges into an existing file and keeps its mode, so the file is created
 *   first with mode 0600 (it holds the cluster-admin client key).
 * - `--wait` is not passed when the default CNI is disabled: the nodes stay NotReady until the mesh
 *   (Cilium) is installed, and kind would wait out its timeout and then report success anyway
 *   (docs/mesh-install.md "kind"). The harness waits for the nodes itself, after the mesh install in that case.
 * - The image is pulled by digest for the nodes' platform only, tagged locally, saved as a
 *   single-platform archive (`docker save --platform`, Docker 28+) and loaded with
 *   `kind load image-archive`, so no pod pulls during the run (see
 *   src/workload/kube-workload-image.ts for why not by digest). Not `kind load docker-image`: under
 *   Docker's containerd image store (default of Docker Engine 29+ and Docker Desktop) its plain
 *   `docker save` writes the whole multi-platform index without the other platforms' blobs and the
 *   node's `ctr images import --all-platforms` fails with "content digest … not found"
 *   (kubernetes-sigs/kind#3795, #4224; the workaround kind documents, kind#4247). docs/pins.md.
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
  /** The kind nodes' platform (they run on the Docker host): `linux/amd64` or `linux/arm64`; default: this host's. */
  nodePlatform?: string | undefined;
}

/** How the workload image reaches the nodes, as recorded in the plan. */
export const PRELOAD_METHOD = 'single-platform archive: docker pull --platform + docker save --platform + kind load image-archive';

/** The Docker platform of kind nodes on this host (kind nodes run the host's architecture). */
export function hostNodePlatform(arch: string = process.arch): string {
  return arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}

/** The single-platform archive of the workload image in the run's work dir. */
export function workloadArchivePath(workDir: string, nodePlatform: string): string {
  return join(workDir, `workload-image-${nodePlatform.replace(/\//g, '-')}.tar`);
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
  const nodePlatform = options.nodePlatform ?? hostNodePlatform();
  const archive = workloadArchivePath(workDir, nodePlatform);
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
    title: `preload the workload image into the workers (${nodePlatform}, ${PRELOAD_METHOD})`,
    actions: [
      {
        kind: 'command',
        description: `pull ${WORKLOAD_IMAGE} by digest, ${nodePlatform} only`,
        tool: 'docker',
        args: ['pull', '--platform', nodePlatform, WORKLOAD_IMAGE],
        timeoutMs: 10 * 60_000,
      },
      { kind: 'command', description: 'tag it locally (kind cannot load an image under its digest)', tool: 'docker', args: ['tag', WORKLOAD_IMAGE, localTag] },
      {
        kind: 'command',
        description: `save a ${nodePlatform}-only archive (works under the classic and the containerd image store)`,
        tool: 'docker',
        args: ['save', '--platform', nodePlatform, '-o', archive, localTag],
        timeoutMs: 10 * 60_000,
      },
      {
        kind: 'command',
        description: 'load the archive into the workers (pods use it with imagePullPolicy: Never)',
        tool: 'kind',
        args: ['load', 'image-archive', archive, '--name', clusterName, '--nodes', workers.join(',')],
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
