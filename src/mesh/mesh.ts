/**
 * A mesh module: how to install a mesh on a cluster, enrol a namespace, and prove the workload is
 * really meshed. Implementations live in mesh/<name>/ with the same file names in each
 * (install.ts, enrol.ts, verify.ts, versions.ts, index.ts). Planning functions are pure and return
 * plan steps; checks run at execution time.
 */
import type { CommandRunner } from '../exec/command-runner.ts';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import type { KubeClient } from '../kube/kube-client.ts';
import type { FeatureSupportTable } from '../plan/feature-support.ts';
import type { KubeObject, PlanAction, PlanStep } from '../plan/plan-types.ts';
import type { ToolRequirement } from '../plan/tool-requirement.ts';
import type { VerificationCheck } from '../results/result-schema.ts';

export interface MeshPlanContext {
  target: Target;
  scenario: Scenario;
  platform: PlatformName;
  /** Mesh version to install (target pin or --mesh-version). */
  meshVersion: string | null;
  /** Workload namespace of the run. */
  namespace: string;
  /** Namespace of the un-meshed probe used for the plaintext check. */
  probeNamespace: string;
  /** kind cluster name, or null on an existing cluster. */
  clusterName: string | null;
  kubeconfigPath: string;
  /** Directory of the pinned CLI binaries (bench tools install), or null to use PATH. */
  toolsDir: string | null;
  /**
   * Control-plane revision of this arm when two versions share one cluster (Istio revisions,
   * docs/arms-on-shared-hardware.md); null or absent for the usual single control plane.
   */
  revision?: string | null | undefined;
}

/** What a check function gets at run time. */
export interface CheckRuntime {
  runner: CommandRunner;
  kube: KubeClient;
  kubeconfigPath: string;
  namespace: string;
  signal?: AbortSignal;
  /** Environment for tool calls (KUBECONFIG, PATH with the tools dir first). */
  env: Record<string, string>;
  /** The arm's control-plane revision on a shared cluster (see MeshPlanContext.revision). */
  revision?: string | null | undefined;
}

export type CheckFunction = (params: Record<string, unknown>, runtime: CheckRuntime) => Promise<VerificationCheck>;

export interface MeshModule {
  name: string;
  requiredTools(ctx: MeshPlanContext): ToolRequirement[];
  /** What the mesh does for each scenario feature, stated at plan time (docs/capability-matrix.md). */
  featureSupport(target: Target): FeatureSupportTable;
  /** Cluster-level install steps (CRDs, control plane, data plane), in order. */
  planInstall(ctx: MeshPlanContext): PlanStep[];
  /** Labels and annotations that enrol the workload namespace. */
  namespaceMetadata(ctx: MeshPlanContext): { labels: Record<string, string>; annotations: Record<string, string> };
  /** Mesh objects applied with the workload (PeerAuthentication, waypoint, policies). */
  workloadObjects(ctx: MeshPlanContext): { manifests: KubeObject[]; actions: PlanAction[] };
  /**
   * Resources of the scenario features that are on and apply as `objects` (routes, destination
   * rules, telemetry; docs/capability-matrix.md), merged per service: applied after the workload
   * is ready, and between the arms of a feature matrix on one cluster. Absent = none.
   */
  featureObjects?(ctx: MeshPlanContext): KubeObject[];
  /** Annotations the scenario's features put on the chain's Services, by Service name. */
  serviceAnnotations?(ctx: MeshPlanContext): Record<string, Record<string, string>>;
  /** Verification actions (kind `check`), run after the workload is ready. */
  planVerification(ctx: MeshPlanContext): PlanAction[];
  /** Check functions referenced by planVerification, by name. */
  checks: Record<string, CheckFunction>;
  /**
   * True when two versions of this mesh can run side by side in one cluster, each arm in its own
   * namespace on the same nodes (Istio sidecar revisions). Absent = they cannot (node-level data
   * planes, in-place upgrades): arms then use one cluster each, alternating per repetition.
   */
  coexistingVersions?(target: Target): boolean;
  /** With coexisting versions: the control-plane revision name of one version (e.g. 1-29-1). */
  revisionName?(version: string): string;
  /** Reads the running mesh version back from the cluster; null when there is no mesh. */
  readRunningVersion(runtime: CheckRuntime): Promise<string | null>;
  /**
   * The control plane's containers, metered (role `control-plane`) beside the data plane so its
   * CPU and memory can be read against the mesh size (docs/topology.md). Absent = none.
   */
  controlPlane?(target: Target): ControlPlaneContainer[];
}

/** One control-plane container, found by namespace, pod labels and container name. */
export interface ControlPlaneContainer {
  component: string;
  namespace: string;
  podLabels: Record<string, string>;
  container: string;
}
