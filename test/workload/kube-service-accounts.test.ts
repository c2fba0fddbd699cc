import { describe, expect, it } from 'vitest';
import { serviceAccountManifests, serviceAccountName } from '../../src/workload/kube-service-accounts.ts';

describe('serviceAccountManifests', () => {
  it('gives the load agent and every service its own account, in call order, without an API token', () => {
    const accounts = serviceAccountManifests({ chainDepth: 3, namespace: 'bench', runId: 'r1' });
    expect(accounts.map((a) => a.metadata.name)).toEqual(['load-agent', 'gateway', 'order', 'fulfillment']);
    for (const a of accounts) {
      expect(a).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: false, metadata: { namespace: 'bench' } });
      expect(a.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': a.metadata.name, 'meshbench.io/run': 'r1' });
    }
  });

  it('names an account after its workload', () => {
    expect(serviceAccountName('order')).toBe('order');
    expect(serviceAccountManifests({ chainDepth: 1, namespace: 'n', runId: 'r' }).map((a) => a.metadata.name)).toEqual(['load-agent', 'order']);
  });
});
