/**
 * The kind platform: one kind cluster per run (per arm), created from a generated config and
 * deleted at the end; the host's CPU is read through the cluster's kernel.
 */
import type { KubeCluster } from '../kube-common/kube-cluster.ts';
import { createKubePlatform } from '../kube-common/kube-platform.ts';
import type { Platform } from '../platform.ts';
import { kindClusterName, kindNodeNames } from './kind-cluster-name.ts';
import { createKindHostCpuReader } from './kind-host-cpu.ts';
import { nodesReadyStep, planKindProvision, planKindTeardown } from './kind-plan.ts';

/** A cluster name exists from the plan on: kind clusters are named after the run. */
function nameOf(clusterName: string | null): string {
  if (clusterName === null) throw new Error('a kind run always has a cluster name');
  return clusterName;
}

export const kindCluster: KubeCluster = {
  name: 'kind',
  clusterName: (target, runId) => kindClusterName(target.name, runId),
  provisionSteps: ({ target, clusterName, kubeconfigPath, workDir }) => planKindProvision({ target, clusterName: nameOf(clusterName), kubeconfigPath, workDir }),
  installsMesh: () => true,
  afterMeshInstallSteps: (target) => (target.cluster.disableDefaultCNI ? [nodesReadyStep(target)] : []),
  meshPresentStep: () => {
    throw new Error('a kind run always installs the mesh');
  },
  teardownSteps: ({ clusterName, kubeconfigPath }) => planKindTeardown({ clusterName: nameOf(clusterName), kubeconfigPath }),
  clusterInfo: ({ clusterName }) => ({ name: nameOf(clusterName), context: `kind-${nameOf(clusterName)}` }),
  agentPlacement: 'client worker',
  labelsNodeRoles: true,
  hostCpuReader: ({ runner, clusterName }) => createKindHostCpuReader({ runner, nodeContainer: kindNodeNames(clusterName, 0).controlPlane }),
  clusterShape: (target) => target.cluster,
};

export const kindPlatform: Platform = createKubePlatform(kindCluster);
