/**
 * The measurement backend of the Kubernetes platforms: load agents as Jobs (kube-agent-runner.ts)
 * and a kubelet-counter meter per repetition (metrics/kubelet-meter.ts) metering, as separate
 * components, the target's data plane (containers and native sidecars by name; `$workload` is the
 * run's namespace; `nodes: workload` keeps only per-node proxies on the server and client
 * workers), the mesh's control plane (mesh module `controlPlane`: istiod, linkerd-destination,
 * cilium-operator; all nodes), the order-service containers, the load agents, the two workers' node totals, and on
 * kind the host's CPU.
 */
import type { Target } from '../../config/target-schema.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { KubeClient } from '../../kube/kube-client.ts';
import { KubeAgentRunner } from './kube-agent-runner.ts';
import type { KubeCluster } from './kube-cluster.ts';
import { KubeletMeter, type MeteredContainerGroup } from '../../metrics/kubelet-meter.ts';
import type { HostCpuSample } from '../../metrics/resource-meter.ts';
import { AGENT_POD_LABELS } from '../../workload/kube-agent-job.ts';
import { AGENT_CONTAINER, APP_CONTAINER, NODE_ROLE_LABEL, TIER_LABEL } from '../../workload/kube-labels.ts';
import type { MeasurementBackend } from '../measurement-backend.ts';
import type { RunPlan } from '../../plan/plan-types.ts';
import { KubeWorkloadWatch } from './kube-workload-watch.ts';
import { meshModuleFor } from '../../mesh/mesh-registry.ts';

/** Options of {@link createKubeMeasurementBackend}. */
export interface KubeMeasurementBackendOptions {
  plan: RunPlan;
  /** The Kubernetes platform of the plan (kind/, existing/). */
  cluster: KubeCluster;
  kube: KubeClient;
  target: Target;
  /** Runs `getconf` (host CPU units) or `docker exec` (host CPU off Linux). */
  runner: CommandRunner;
  log?: ((line: string) => void) | undefined;
  /** Host CPU reader; default: the cluster's (kind: the cluster kernel's /proc/stat; existing: none). */
  readHostCpu?: (() => Promise<HostCpuSample>) | null | undefined;
  /** Meter tuning (tests shorten these). */
  meter?: { intervalMs?: number; hostIntervalMs?: number; endSettleMs?: number } | undefined;
  /** Agent tuning (tests shorten these). */
  agents?: { podStartMarginMs?: number; deadlineMarginMs?: number } | undefined;
}

/** The container groups metered on a Kubernetes platform. */
export function meteredGroups(target: Target, namespace: string): MeteredContainerGroup[] {
  const dataPlane = target.dataPlane.map(
    (c): MeteredContainerGroup => ({
      component: c.component,
      role: 'data-plane',
      namespace: c.namespace === '$workload' ? namespace : c.namespace,
      podLabels: c.podLabels,
      container: c.container,
      nodes: c.nodes,
    }),
  );
  const controlPlane = (meshModuleFor(target.mesh).controlPlane?.(target) ?? []).map(
    (c): MeteredContainerGroup => ({ component: c.component, role: 'control-plane', namespace: c.namespace, podLabels: c.podLabels, container: c.container, nodes: 'all' }),
  );
  return [
    ...dataPlane,
    ...controlPlane,
    { component: 'order-service', role: 'app', namespace, podLabels: { [TIER_LABEL]: 'server' }, container: APP_CONTAINER, nodes: 'all' },
    { component: 'load-agent', role: 'load-agent', namespace, podLabels: { ...AGENT_POD_LABELS }, container: AGENT_CONTAINER, nodes: 'all', endsWithWindow: true },
  ];
}

/** Agents as Jobs and a kubelet meter, for a planned kind or existing run. */
export function createKubeMeasurementBackend(options: KubeMeasurementBackendOptions): MeasurementBackend {
  const { plan, kube, target, cluster } = options;
  const namespace = plan.namespace;
  if (!namespace || plan.platform !== cluster.name) {
    throw new Error(`createKubeMeasurementBackend needs a ${cluster.name} plan with a namespace`);
  }
  const platform = cluster.name;
  const agentRunner = new KubeAgentRunner({
    kube,
    namespace,
    platform,
    runId: plan.runId,
    podStartMarginMs: options.agents?.podStartMarginMs,
    deadlineMarginMs: options.agents?.deadlineMarginMs,
    log: options.log,
  });
  let readHostCpu = options.readHostCpu;
  if (readHostCpu === undefined) {
    readHostCpu = plan.cluster ? cluster.hostCpuReader({ runner: options.runner, clusterName: plan.cluster.name }) : null;
  }
  const groups = meteredGroups(target, namespace);
  const watch = new KubeWorkloadWatch({ kube, namespace });
  return {
    agentRunner,
    checkComponents: () => watch.check(),
    createMeter: () =>
      new KubeletMeter({
        kube,
        groups,
        workload: {
          namespace,
          serverPodLabels: { [TIER_LABEL]: 'server' },
          clientPodLabels: { [TIER_LABEL]: 'agent' },
          nodeRoleLabel: cluster.labelsNodeRoles ? NODE_ROLE_LABEL : undefined,
        },
        readHostCpu: readHostCpu ?? null,
        intervalMs: options.meter?.intervalMs,
        hostIntervalMs: options.meter?.hostIntervalMs,
        endSettleMs: options.meter?.endSettleMs,
        log: options.log,
      }),
  };
}
