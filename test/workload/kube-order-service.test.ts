import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/config-files.ts';
import type { Scenario } from '../../src/config/scenario-schema.ts';
import { ORDER_SERVICE_RESOURCES, orderServiceManifests, servicePodLabels } from '../../src/workload/kube-order-service.ts';

const ROOT = join(import.meta.dirname, '../..');
const base = loadScenario('default', ROOT).spec;

function scenario(chainDepth: number): Scenario {
  return { ...base, workload: { ...base.workload, chainDepth, responseBytes: 512, addedDelayMs: 3, seedOrders: 77 } };
}

interface Container {
  name: string;
  env: { name: string; value: string }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: unknown;
  ports: unknown[];
}
interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { serviceAccountName: string; nodeSelector?: unknown; affinity?: unknown; containers: Container[] } };
}

describe('orderServiceManifests', () => {
  const { deployments, services } = orderServiceManifests({ scenario: scenario(3), namespace: 'bench', platform: 'kind', runId: 'r1', scriptSha256: 'abc' });
  const spec = (i: number) => deployments[i]?.['spec'] as DeploymentSpec;
  const env = (i: number) => Object.fromEntries(spec(i).template.spec.containers[0]?.env.map((e) => [e.name, e.value]) ?? []);

  it('builds one Deployment and one Service per service of the chain, entry first', () => {
    expect(deployments.map((d) => d.metadata.name)).toEqual(['gateway', 'order', 'fulfillment']);
    expect(services.map((s) => s.metadata.name)).toEqual(['gateway', 'order', 'fulfillment']);
  });

  it('wires each service to the next through DOWNSTREAM_URL; the last has none', () => {
    expect(env(0)['DOWNSTREAM_URL']).toBe('http://order.bench.svc.cluster.local:8080');
    expect(env(1)['DOWNSTREAM_URL']).toBe('http://fulfillment.bench.svc.cluster.local:8080');
    expect(env(2)).not.toHaveProperty('DOWNSTREAM_URL');
  });

  it('passes the scenario\'s workload settings as environment', () => {
    expect(env(1)).toMatchObject({ PORT: '8080', HOST: '0.0.0.0', SERVICE_NAME: 'order', RESPONSE_BYTES: '512', ADDED_DELAY_MS: '3', SEED_ORDERS: '77' });
  });

  it('selects its pods, which roll when the script changes and are ready on /readyz', () => {
    const d = spec(1);
    expect(d.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'order', 'meshbench.io/tier': 'server' });
    expect(d.template.metadata.labels).toMatchObject({ ...servicePodLabels('order', 'r1') });
    expect(d.template.metadata.annotations).toEqual({ 'meshbench.io/script-sha256': 'abc' });
    const container = d.template.spec.containers[0];
    expect(container?.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container?.resources).toEqual(ORDER_SERVICE_RESOURCES);
    expect(d.template.spec.serviceAccountName).toBe('order');
    expect(d.template.spec.nodeSelector).toEqual({ 'meshbench.io/role': 'server' });
  });

  it('exposes HTTP under a name and appProtocol the meshes recognise', () => {
    expect(services[0]?.['spec']).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'gateway', 'meshbench.io/tier': 'server' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
    });
  });

  it('uses pod affinity instead of node labels on an existing cluster', () => {
    const existing = orderServiceManifests({ scenario: scenario(1), namespace: 'n', platform: 'existing', runId: 'r', scriptSha256: 'x' });
    const s = existing.deployments[0]?.['spec'] as DeploymentSpec;
    expect(existing.deployments.map((d) => d.metadata.name)).toEqual(['order']);
    expect(s.template.spec.nodeSelector).toBeUndefined();
    expect(s.template.spec.affinity).toHaveProperty('podAffinity');
  });
});

describe('servicePodLabels', () => {
  it('names the service, its tier and the run', () => {
    expect(servicePodLabels('order', 'run/1')).toEqual({ 'app.kubernetes.io/name': 'order', 'meshbench.io/tier': 'server', 'meshbench.io/run': 'run-1' });
  });
});
