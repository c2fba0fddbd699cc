import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/config-files.ts';
import type { KubeObject } from '../../src/plan/plan-types.ts';
import { canaryManifests, canaryName } from '../../src/workload/kube-canary.ts';
import { orderServiceManifests } from '../../src/workload/kube-order-service.ts';

const scenario = loadScenario('default').spec;
const chain = orderServiceManifests({ scenario, namespace: 'ns', platform: 'kind', runId: 'run1', scriptSha256: 'abc' });

type Deployment = KubeObject & { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string; containers: { env: { name: string; value: string }[] }[] } } } };

describe('canaryManifests', () => {
  const [service, deployment] = canaryManifests(chain) as [KubeObject & { spec: { selector: Record<string, string> } }, Deployment];
  const stable = chain.deployments.find((d) => d.metadata.name === 'order') as Deployment;

  it('copies order as order-canary with its own name label, so the order Service keeps the stable pods only', () => {
    expect(canaryName('order')).toBe('order-canary');
    expect(service.metadata.name).toBe('order-canary');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'order-canary', 'meshbench.io/tier': 'server' });
    expect(deployment.metadata.name).toBe('order-canary');
    expect(deployment.spec.selector.matchLabels['app.kubernetes.io/name']).toBe('order-canary');
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('order-canary');
    const orderService = chain.services.find((s) => s.metadata.name === 'order') as KubeObject & { spec: { selector: Record<string, string> } };
    expect(orderService.spec.selector['app.kubernetes.io/name']).toBe('order');
  });

  it('runs the same program under the same identity, calling the same next service; the stable objects are untouched', () => {
    expect(deployment.spec.template.spec.serviceAccountName).toBe(stable.spec.template.spec.serviceAccountName);
    expect(deployment.spec.template.spec.containers[0]?.env).toEqual(stable.spec.template.spec.containers[0]?.env);
    expect(stable.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('order');
  });

  it('refuses a chain without order', () => {
    expect(() => canaryManifests({ deployments: [], services: [] })).toThrow(/no order Deployment/);
  });
});
