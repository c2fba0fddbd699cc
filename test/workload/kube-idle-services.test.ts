import { describe, expect, it } from 'vitest';
import { IDLE_RESOURCES, idleNamespaceName, idleServiceManifests, idleServiceName } from '../../src/workload/kube-idle-services.ts';

describe('idleServiceManifests', () => {
  const idle = idleServiceManifests({ count: 500, namespace: 'meshbench-abc123', runId: 'run-1', platform: 'kind' });

  it('puts them in a namespace of their own, not enrolled in the mesh', () => {
    expect(idle.namespace.metadata.name).toBe('meshbench-abc123-idle');
    expect(idleNamespaceName('x')).toBe('x-idle');
    expect(Object.keys(idle.namespace.metadata.labels ?? {}).filter((k) => /istio|linkerd|cilium/.test(k))).toEqual([]);
  });

  it('runs one tiny idle pod from the workload image, with no ConfigMap', () => {
    const spec = (idle.deployment.spec as { replicas: number; template: { spec: { containers: Array<{ image: string; command: string[]; resources: unknown }> } } });
    expect(spec.replicas).toBe(1);
    const container = spec.template.spec.containers[0];
    expect(container?.command.slice(0, 2)).toEqual(['node', '-e']);
    expect(container?.command[2]).toMatch(/createServer.*listen\(8080\)/);
    expect(container?.resources).toEqual(IDLE_RESOURCES);
  });

  it('N ClusterIP Services, each selecting that pod (so each has an endpoint)', () => {
    expect(idle.services).toHaveLength(500);
    expect(idle.services.map((s) => s.metadata.name).slice(0, 2)).toEqual(['idle-0001', 'idle-0002']);
    expect(idle.services.at(-1)?.metadata.name).toBe('idle-0500');
    expect(idleServiceName(42)).toBe('idle-0042');
    const podLabels = (idle.deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    for (const s of idle.services) {
      const spec = s.spec as { type: string; selector: Record<string, string> };
      expect(spec.type).toBe('ClusterIP');
      for (const [k, v] of Object.entries(spec.selector)) expect(podLabels[k]).toBe(v);
      expect(s.metadata.namespace).toBe('meshbench-abc123-idle');
    }
  });
});
