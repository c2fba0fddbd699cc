import { describe, expect, it } from 'vitest';
import { chainServiceNames, serviceUrl } from '../../src/workload/kube-chain.ts';

describe('serviceUrl', () => {
  it('is the cluster DNS name of the Service on the service port', () => {
    expect(serviceUrl('order', 'bench-run1')).toBe('http://order.bench-run1.svc.cluster.local:8080');
  });

  it('re-exports the chain names', () => {
    expect(chainServiceNames(2).map((n) => serviceUrl(n, 'ns'))).toEqual([
      'http://gateway.ns.svc.cluster.local:8080',
      'http://order.ns.svc.cluster.local:8080',
    ]);
  });
});
