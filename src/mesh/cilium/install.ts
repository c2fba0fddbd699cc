/**
 * Cilium install steps (docs/mesh-install.md "Cilium"): the kind cluster comes up without its default CNI
 * and without kube-proxy (target cluster shape; `kind create cluster` must not `--wait`, the
 * platform's job), then `cilium install --version <v>` with kube-proxy replacement and
 * WireGuard transparent encryption, and `cilium status --wait`. (The run plan waits for the nodes to
 * turn Ready after this step, as for any target that brings its own CNI.)
 */
import { HarnessError } from '../../errors.ts';
import type { CiliumMeshSpec } from '../../config/target-schema.ts';
import type { PlanAction, PlanStep } from '../../plan/plan-types.ts';
import { gatewayApiEstablishedWaits, gatewayApiServerSideAction } from '../common/gateway-api-crds.ts';
import { setFlags, toolFile } from '../common/tool-invocation.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { CILIUM_GATEWAY_API_VERSION, ciliumSpecOf, resolveCiliumVersion } from './versions.ts';

/**
 * Helm values of `telemetry: metrics`: Hubble (on by default) with its Prometheus metrics server
 * and the L3/L4 metric families (docs.cilium.io observability/metrics; docs/capability-matrix.md).
 * No `http` family: HTTP metrics need traffic through cilium-envoy (L7 policy).
 */
export const HUBBLE_METRICS_VALUES: Readonly<Record<string, string>> = {
  'hubble.enabled': 'true',
  'hubble.metrics.enabled': '{dns,drop,tcp,flow,port-distribution,icmp}',
};

/**
 * Helm values of GAMMA routes (`trafficSplit`): the Gateway API controller, which also serves
 * HTTPRoutes whose parent is a Service (docs.cilium.io network/servicemesh/gateway-api/gamma and
 * its installation prerequisites: `gatewayAPI.enabled=true`, with `kubeProxyReplacement=true` or
 * else `nodePort.enabled=true`, and the L7 proxy on, the default).
 */
export function gammaValues(spec: CiliumMeshSpec): Record<string, string> {
  return { 'gatewayAPI.enabled': 'true', ...(spec.kubeProxyReplacement ? {} : { 'nodePort.enabled': 'true' }) };
}

/** `cilium install` argv: version, kube-proxy replacement, encryption, then the target's values (and Hubble metrics / GAMMA when asked). */
export function ciliumInstallArgs(spec: CiliumMeshSpec, version: string, options: { hubbleMetrics?: boolean; gamma?: boolean } = {}): string[] {
  const encryption = spec.encryption === 'wireguard' ? ['--set', 'encryption.enabled=true', '--set', 'encryption.type=wireguard'] : ['--set', 'encryption.enabled=false'];
  const values = { ...spec.values, ...(options.hubbleMetrics ? HUBBLE_METRICS_VALUES : {}), ...(options.gamma ? gammaValues(spec) : {}) };
  return ['install', '--version', version, '--set', `kubeProxyReplacement=${spec.kubeProxyReplacement}`, ...encryption, ...setFlags(values)];
}

/** Refuses cluster shapes and scenarios the Cilium target cannot honour. */
export function validateCiliumPlan(ctx: MeshPlanContext, spec: CiliumMeshSpec): void {
  const cluster = ctx.target.cluster;
  if (ctx.platform === 'kind' && !cluster.disableDefaultCNI) {
    throw new HarnessError('CONFIG_INVALID', `target "${ctx.target.name}" installs Cilium as the CNI but keeps kind's default CNI (cluster.disableDefaultCNI: false)`, {
      hint: 'set cluster.disableDefaultCNI: true in the target',
    });
  }
  if (ctx.platform === 'kind' && spec.kubeProxyReplacement && cluster.kubeProxyMode !== 'none') {
    throw new HarnessError('CONFIG_INVALID', `target "${ctx.target.name}" enables kube-proxy replacement but the cluster runs kube-proxy (cluster.kubeProxyMode: ${cluster.kubeProxyMode}; needs kubeProxyMode: none)`, {
      hint: 'set cluster.kubeProxyMode: none in the target',
    });
  }
  if (ctx.scenario.features.mtls === 'strict' && spec.encryption !== 'wireguard') {
    throw new HarnessError('USAGE', `scenario "${ctx.scenario.name}" expects encrypted service traffic, but the target sets encryption: none`, {
      hint: 'set mesh.encryption: wireguard, or run a scenario with features.mtls: off',
    });
  }
}

/** The install steps, in order. */
export function planCiliumInstall(ctx: MeshPlanContext): PlanStep[] {
  const spec = ciliumSpecOf(ctx.target);
  const version = resolveCiliumVersion({ spec, meshVersion: ctx.meshVersion });
  validateCiliumPlan(ctx, spec);
  const cilium = toolFile({ tool: 'cilium', version: version.cliVersion, toolsDir: ctx.toolsDir });
  const env = { KUBECONFIG: ctx.kubeconfigPath };
  const hubbleMetrics = ctx.scenario.features.telemetry?.mode === 'metrics';
  const gamma = ciliumNeedsGamma(ctx);
  const steps: PlanStep[] = [];
  if (gamma) {
    // The CRDs must exist before Cilium starts its Gateway API controller; the API server runs
    // without a CNI, so they can be applied before `cilium install`.
    steps.push({
      id: 'cilium-gateway-api-crds',
      phase: 'install-mesh',
      title: `Gateway API ${CILIUM_GATEWAY_API_VERSION} CRDs (required before cilium install with gatewayAPI.enabled)`,
      actions: [gatewayApiServerSideAction(CILIUM_GATEWAY_API_VERSION, env), ...gatewayApiEstablishedWaits()],
    });
  }
  const actions: PlanAction[] = [
    {
      kind: 'command',
      description: `cilium install --version ${version.version} (kube-proxy replacement ${spec.kubeProxyReplacement}, encryption ${spec.encryption}${hubbleMetrics ? ', Hubble metrics' : ''}${gamma ? ', Gateway API (GAMMA)' : ''})`,
      tool: cilium,
      args: ciliumInstallArgs(spec, version.version, { hubbleMetrics, gamma }),
      timeoutMs: 10 * 60_000,
      env,
    },
    { kind: 'command', description: 'cilium status --wait', tool: cilium, args: ['status', '--wait'], timeoutMs: 10 * 60_000, env },
  ];
  return [...steps, { id: 'cilium', phase: 'install-mesh', title: `Cilium ${version.version} (cilium-cli ${version.cliVersion})`, actions }];
}

/** Whether the scenario needs GAMMA routes, hence the Gateway API CRDs and controller (`trafficSplit`). */
export function ciliumNeedsGamma(ctx: Pick<MeshPlanContext, 'scenario'>): boolean {
  return Boolean(ctx.scenario.features.trafficSplit);
}
