import { describe, expect, it } from 'vitest';
import { ciliumInstallArgs, planCiliumInstall, validateCiliumPlan } from '../../../src/mesh/cilium/install.ts';
import { ciliumSpecOf } from '../../../src/mesh/cilium/versions.ts';
import type { MeshPlanContext } from '../../../src/mesh/mesh.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const ctx = meshPlanContext({ target: 'cilium' });
const spec = ciliumSpecOf(ctx.target);

function withCluster(base: MeshPlanContext, cluster: Partial<MeshPlanContext['target']['cluster']>): MeshPlanContext {
  return { ...base, target: { ...base.target, cluster: { ...base.target.cluster, ...cluster } } };
}

describe('ciliumInstallArgs', () => {
  it('adds Hubble and its L3/L4 metric families for telemetry: metrics', () => {
    const args = ciliumInstallArgs({ ...spec, values: {} }, '1.20.3', { hubbleMetrics: true });
    expect(args.slice(-4)).toEqual(['--set', 'hubble.enabled=true', '--set', 'hubble.metrics.enabled={dns,drop,tcp,flow,port-distribution,icmp}']);
    expect(ciliumInstallArgs({ ...spec, values: {} }, '1.20.3').join(' ')).not.toContain('hubble');
  });

  it('installs the version with kube-proxy replacement, WireGuard and the target values in key order', () => {
    expect(ciliumInstallArgs({ ...spec, kubeProxyReplacement: true, encryption: 'wireguard', values: { 'hubble.enabled': 'false', 'bpf.masquerade': 'true' } }, '1.20.3')).toEqual([
      'install',
      '--version',
      '1.20.3',
      '--set',
      'kubeProxyReplacement=true',
      '--set',
      'encryption.enabled=true',
      '--set',
      'encryption.type=wireguard',
      '--set',
      'bpf.masquerade=true',
      '--set',
      'hubble.enabled=false',
    ]);
  });

  it('turns encryption off explicitly without WireGuard', () => {
    expect(ciliumInstallArgs({ ...spec, kubeProxyReplacement: false, encryption: 'none', values: {} }, '1.18.14')).toEqual([
      'install',
      '--version',
      '1.18.14',
      '--set',
      'kubeProxyReplacement=false',
      '--set',
      'encryption.enabled=false',
    ]);
  });
});

describe('GAMMA install (trafficSplit)', () => {
  it('turns the Gateway API controller on, with nodePort only when kube-proxy replacement is off', () => {
    expect(ciliumInstallArgs({ ...spec, kubeProxyReplacement: true, values: {} }, '1.20.3', { gamma: true }).slice(-2)).toEqual(['--set', 'gatewayAPI.enabled=true']);
    expect(ciliumInstallArgs({ ...spec, kubeProxyReplacement: false, values: {} }, '1.20.3', { gamma: true }).slice(-4)).toEqual(['--set', 'gatewayAPI.enabled=true', '--set', 'nodePort.enabled=true']);
    expect(ciliumInstallArgs({ ...spec, values: {} }, '1.20.3').join(' ')).not.toContain('gatewayAPI');
  });

  it('installs the Gateway API v1.6.1 CRDs before cilium install, only when the scenario splits traffic', () => {
    const steps = planCiliumInstall(meshPlanContext({ target: 'cilium', features: { trafficSplit: { canaryWeightPct: 10 } } }));
    expect(steps.map((s) => s.id)).toEqual(['cilium-gateway-api-crds', 'cilium']);
    const crds = steps[0]?.actions[0];
    expect(crds).toMatchObject({ kind: 'command', tool: 'kubectl', args: ['apply', '--server-side', '-f', 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml'] });
    expect(steps[0]?.actions.filter((a) => a.kind === 'wait')).toHaveLength(2);
    const install = steps[1]?.actions[0];
    expect(install?.kind === 'command' && install.args).toContain('gatewayAPI.enabled=true');
    expect(planCiliumInstall(ctx).map((s) => s.id)).toEqual(['cilium']);
  });
});

describe('validateCiliumPlan', () => {
  it('accepts the shipped target', () => {
    expect(() => validateCiliumPlan(ctx, spec)).not.toThrow();
  });

  it('refuses a kind cluster with its default CNI or with kube-proxy under replacement', () => {
    expect(() => validateCiliumPlan(withCluster(ctx, { disableDefaultCNI: false }), spec)).toThrow(/keeps kind's default CNI/);
    expect(() => validateCiliumPlan(withCluster(ctx, { kubeProxyMode: 'iptables' }), spec)).toThrow(/cluster runs kube-proxy \(cluster.kubeProxyMode: iptables/);
    expect(() => validateCiliumPlan(withCluster(ctx, { kubeProxyMode: 'iptables' }), { ...spec, kubeProxyReplacement: false })).not.toThrow();
  });

  it('does not judge the cluster shape of an existing cluster', () => {
    expect(() => validateCiliumPlan({ ...withCluster(ctx, { disableDefaultCNI: false }), platform: 'existing' }, spec)).not.toThrow();
  });

  it('refuses a strict scenario without encryption', () => {
    const strict = meshPlanContext({ target: 'cilium', features: { mtls: 'strict' } });
    expect(() => validateCiliumPlan(strict, { ...spec, encryption: 'none' })).toThrow(/expects encrypted service traffic/);
  });
});
