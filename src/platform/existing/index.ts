/**
 * The existing platform: the user's cluster through a kube context. Nothing is provisioned; the
 * mesh is installed only with --install-mesh; teardown deletes the run's namespaces only.
 */
import type { KubeCluster } from '../kube-common/kube-cluster.ts';
import { createKubePlatform } from '../kube-common/kube-platform.ts';
import type { Platform } from '../platform.ts';
import { planExistingContext, planExistingTeardown, planMeshPresent } from './existing-plan.ts';

export const existingCluster: KubeCluster = {
  name: 'existing',
  clusterName: () => null,
  provisionSteps: ({ userKubeconfig, context }) => [planExistingContext({ sourceKubeconfig: userKubeconfig, context })],
  installsMesh: (installMesh) => installMesh,
  afterMeshInstallSteps: () => [],
  meshPresentStep: (mesh, meshVersion) => planMeshPresent(mesh, meshVersion),
  teardownSteps: ({ namespaces }) => planExistingTeardown(namespaces),
  clusterInfo: ({ context }) => ({ name: context ?? '(current context)', context }),
  agentPlacement: 'node(s) without the services',
  labelsNodeRoles: false,
  hostCpuReader: () => null,
  clusterShape: () => null,
};

export const existingPlatform: Platform = createKubePlatform(existingCluster);
