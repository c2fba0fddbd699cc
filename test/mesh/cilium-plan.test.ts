import { describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../src/plan/agent-protocol.ts';
import { ciliumMesh } from '../../src/mesh/cilium/index.ts';
import { meshModuleFor } from '../../src/mesh/mesh-registry.ts';
import type { PlanStep } from '../../src/plan/plan-types.ts';
import { agentJobManifest } from '../../src/workload/kube-agent-job.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

const agentSpec: AgentSpec = {
  targetUrl: 'http://order.bench-run1.svc.cluster.local:8080',
  rps: 100,
  engine: 'open',
  arrival: 'uniform',
  connections: 4,
  warmupMs: 50,
  durationMs: 200,
  timeoutMs: 1000,
  maxQueuedRequests: 100,
  requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }],
  seedOrders: 10,
  seed: 1,
  agentIndex: 0,
  startAtMs: 0,
};

function commands(steps: PlanStep[]): { tool: string; args: string[] }[] {
  return steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'command' ? [{ tool: a.tool, args: a.args }] : []));
}

describe('cilium plan', () => {
  const ctx = meshPlanContext({ target: 'cilium' });

  it('is the registered module for mesh cilium; its cluster has no default CNI and no kube-proxy', () => {
    expect(meshModuleFor(ctx.target.mesh)).toBe(ciliumMesh);
    expect(ctx.target.cluster).toMatchObject({ disableDefaultCNI: true, kubeProxyMode: 'none', workers: 2 });
  });

  it('installs with kube-proxy replacement and WireGuard and waits for cilium status (the run plan then waits for Ready nodes)', () => {
    const steps = ciliumMesh.planInstall(ctx);
    expect(commands(steps)).toEqual([
      {
        tool: 'cilium',
        args: ['install', '--version', '1.20.3', '--set', 'kubeProxyReplacement=true', '--set', 'encryption.enabled=true', '--set', 'encryption.type=wireguard'],
      },
      { tool: 'cilium', args: ['status', '--wait'] },
    ]);
    const waits = steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'wait' ? [a.condition] : []));
    expect(waits).toEqual([]);
  });

  it('follows --mesh-version but keeps the cilium-cli pin', () => {
    const steps = ciliumMesh.planInstall(meshPlanContext({ target: 'cilium', meshVersion: '1.17.6', toolsDir: '/c/tools' }));
    expect(commands(steps)[0]?.tool).toBe('/c/tools/cilium/v0.19.7/cilium');
    expect(commands(steps)[0]?.args.slice(0, 3)).toEqual(['install', '--version', '1.17.6']);
  });

  it('refuses a kind cluster that keeps its default CNI or kube-proxy', () => {
    const base = meshPlanContext({ target: 'cilium' });
    const withCni = { ...base, target: { ...base.target, cluster: { ...base.target.cluster, disableDefaultCNI: false } } };
    expect(() => ciliumMesh.planInstall(withCni)).toThrow(/disableDefaultCNI/);
    const withProxy = { ...base, target: { ...base.target, cluster: { ...base.target.cluster, kubeProxyMode: 'iptables' as const } } };
    expect(() => ciliumMesh.planInstall(withProxy)).toThrow(/kubeProxyMode: none/);
    expect(() => ciliumMesh.planInstall({ ...withProxy, platform: 'existing' })).not.toThrow();
  });

  it('enrols nothing; adds one L7 CiliumNetworkPolicy per service of the chain only for L7 scenarios', () => {
    expect(ciliumMesh.namespaceMetadata(ctx)).toEqual({ labels: {}, annotations: {} });
    expect(ciliumMesh.workloadObjects(ctx).manifests).toEqual([]);
    const policies = ciliumMesh.workloadObjects(meshPlanContext({ target: 'cilium', features: { l7: true }, chainDepth: 3 })).manifests;
    expect(policies.map((p) => [p.apiVersion, p.kind, p.metadata.name])).toEqual([
      ['cilium.io/v2', 'CiliumNetworkPolicy', 'gateway-l7'],
      ['cilium.io/v2', 'CiliumNetworkPolicy', 'order-l7'],
      ['cilium.io/v2', 'CiliumNetworkPolicy', 'fulfillment-l7'],
    ]);
    const expected = (service: string, caller: string) => ({
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': service } },
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { 'app.kubernetes.io/name': caller } }],
          toPorts: [
            {
              ports: [{ port: '8080', protocol: 'TCP' }],
              rules: {
                http: [
                  { method: 'POST', path: '/orders' },
                  { method: 'GET', path: '/orders/[^/]+' },
                  { method: 'PATCH', path: '/orders/[^/]+/status' },
                ],
              },
            },
          ],
        },
        {
          fromEntities: ['host', 'remote-node'],
          toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/healthz' }, { method: 'GET', path: '/readyz' }] } }],
        },
      ],
    });
    expect(policies.map((p) => p['spec'])).toEqual([expected('gateway', 'load-agent'), expected('order', 'gateway'), expected('fulfillment', 'order')]);
  });

  it('at chain depth 1 lets only the load-agent pods (by the label their Job gives them) call order', () => {
    const policies = ciliumMesh.workloadObjects(meshPlanContext({ target: 'cilium', features: { l7: true }, chainDepth: 1 })).manifests;
    expect(policies.map((p) => p.metadata.name)).toEqual(['order-l7']);
    const spec = policies[0]?.['spec'] as { ingress: { fromEndpoints?: { matchLabels: Record<string, string> }[] }[] } | undefined;
    const [allowed] = spec?.ingress ?? [];
    expect(allowed?.fromEndpoints).toEqual([{ matchLabels: { 'app.kubernetes.io/name': 'load-agent' } }]);
    const job = agentJobManifest({ name: 'agent-r001-a0', namespace: 'bench-run1', platform: 'kind', runId: 'run1', spec: agentSpec, deadlineSeconds: 60 });
    const podLabels = (job['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    expect(podLabels).toMatchObject(allowed?.fromEndpoints?.[0]?.matchLabels ?? { missing: 'label' });
  });

  it('verifies agents and WireGuard; the unlisted-caller probe only with the L7 policy', () => {
    const names = (l7: boolean) => ciliumMesh.planVerification(meshPlanContext({ target: 'cilium', features: { l7 } })).flatMap((a) => (a.kind === 'check' ? [a.check] : []));
    expect(names(false)).toEqual(['cilium-agents-ready', 'cilium-wireguard']);
    expect(names(true)).toEqual(['cilium-agents-ready', 'cilium-wireguard', 'unlisted-caller-refused']);
    const wg = ciliumMesh.planVerification(ctx).find((a) => a.kind === 'check' && a.check === 'cilium-wireguard');
    expect(wg?.kind === 'check' && wg.params).toEqual({ agentCli: 'cilium-dbg' });
  });

  it('requires cilium-cli at its own pin', () => {
    expect(ciliumMesh.requiredTools(ctx).map((t) => [t.tool, t.pinnedVersion])).toEqual([
      ['cilium', 'v0.19.7'],
      ['kubectl', undefined],
    ]);
  });
});
