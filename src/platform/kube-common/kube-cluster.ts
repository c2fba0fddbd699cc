/**
 * What a Kubernetes platform adds to the shared kube path (plan, prepare, measure): how the
 * cluster comes to be and goes away, what the plan records about it, and what the meter can read
 * beyond the kubelet. kind/ and existing/ each implement it; kube-common never asks which.
 */
import type { ClusterShape, MeshSpec, Target } from '../../config/target-schema.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { HostCpuSample } from '../../metrics/resource-meter.ts';
import type { PlanStep } from '../../plan/plan-types.ts';

export interface KubeCluster {
  readonly name: 'kind' | 'existing';
  /** The cluster the run creates, or null when it uses one that exists. */
  clusterName(target: Target, runId: string): string | null;
  /** Steps that make the cluster answer through the run's kubeconfig (create it, or export the context). */
  provisionSteps(input: { target: Target; clusterName: string | null; kubeconfigPath: string; workDir: string; userKubeconfig: string | null; context: string | null }): PlanStep[];
  /** Whether the run installs the mesh, given --install-mesh. */
  installsMesh(installMesh: boolean): boolean;
  /** Steps right after the mesh install (kind: nodes Ready again when the mesh brings the CNI). */
  afterMeshInstallSteps(target: Target): PlanStep[];
  /** The step that checks a mesh the run does not install is there. */
  meshPresentStep(mesh: MeshSpec, meshVersion: string | null): PlanStep;
  /** Steps that undo the run (delete the cluster, or only the run's namespaces). */
  teardownSteps(input: { clusterName: string | null; kubeconfigPath: string; namespaces: string[] }): PlanStep[];
  /** Cluster name and kube context as the plan records them. */
  clusterInfo(input: { clusterName: string | null; context: string | null }): { name: string; context: string | null };
  /** Where the load agents run, for the plan's words. */
  readonly agentPlacement: string;
  /** Whether the nodes carry the harness's role label (server / client worker). */
  readonly labelsNodeRoles: boolean;
  /** The host's CPU reader (kind: the cluster kernel's /proc/stat), or null when there is none. */
  hostCpuReader(input: { runner: CommandRunner; clusterName: string }): (() => Promise<HostCpuSample>) | null;
  /** The cluster shape the result records, or null when the harness did not choose it. */
  clusterShape(target: Target): ClusterShape | null;
}
