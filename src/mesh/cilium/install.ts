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
import { setFlags, toolFile } from '../common/tool-invocation.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { ciliumSpecOf, resolveCiliumVersion } from './versions.ts';

/**
 * Helm values of `telemetry: metrics`: Hubble (on by default) with its Prometheus metrics server
 * and the L3/L4 metric families (docs.cilium.io observability/metrics; docs/capability-matrix.md).
 * No `http` family: HTTP metrics need traffic through cilium-envoy (L7 policy).
 */
export const HUBBLE_METRICS_VALUES: Readonly<Record<string, string>> = {
  'hubble.enabled': 'true',
  'hubble.metrics.enabled': '{dns,drop,tcp,flow,port-distribution,icmp}',
};

/** `cilium install` argv: version, kube-proxy replacement, encryption, then the target's values (and Hubble metrics when asked). */
export function ciliumInstallArgs(spec: CiliumMeshSpec, version: string, options: { hubbleMetrics?: boolean } = {}): string[] {
  const encryption = spec.encryption === 'wireguard' ? ['--set', 'encryption.enabled=true', '--set', 'encryption.type=wireguard'] : ['--set', 'encryption.enabled=false'];
  const values = options.hubbleMetrics ? { ...spec.values, ...HUBBLE_METRICS_VALUES } : spec.values;
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
  const actions: PlanAction[] = [
    {
      kind: 'command',
      description: `cilium install --version ${version.version} (kube-proxy replacement ${spec.kubeProxyReplacement}, encryption ${spec.encryption}${ctx.scenario.features.telemetry?.mode === 'metrics' ? ', Hubble metrics' : ''})`,
      tool: cilium,
      args: ciliumInstallArgs(spec, version.version, { hubbleMetrics: ctx.scenario.features.telemetry?.mode === 'metrics' }),
      timeoutMs: 10 * 60_000,
      env,
    },
    { kind: 'command', description: 'cilium status --wait', tool: cilium, args: ['status', '--wait'], timeoutMs: 10 * 60_000, env },
  ];
  return [{ id: 'cilium', phase: 'install-mesh', title: `Cilium ${version.version} (cilium-cli ${version.cliVersion})`, actions }];
}
