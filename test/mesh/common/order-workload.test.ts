import { describe, expect, it } from 'vitest';
import { ORDER_WORKLOAD, probeImageFor, serviceUrl, workloadRole } from '../../../src/mesh/common/order-workload.ts';
import { workloadImageFor } from '../../../src/workload/kube-workload-image.ts';

describe('order workload facts for the meshes', () => {
  it('names roles by their pod label value and service account', () => {
    expect(workloadRole('gateway')).toEqual({ name: 'gateway', serviceAccount: 'gateway' });
    expect(ORDER_WORKLOAD.loadAgent).toEqual({ name: 'load-agent', serviceAccount: 'load-agent' });
    expect(ORDER_WORKLOAD.order.name).toBe('order');
    expect(ORDER_WORKLOAD.nameLabel).toBe('app.kubernetes.io/name');
    expect(ORDER_WORKLOAD.healthPaths).toEqual(['/healthz', '/readyz']);
  });

  it('builds in-cluster URLs on the service port', () => {
    expect(serviceUrl({ service: 'order', namespace: 'bench', path: '/orders/1' })).toBe('http://order.bench.svc.cluster.local:8080/orders/1');
  });

  it('runs the probe on the workload image of the platform', () => {
    expect(probeImageFor('kind')).toEqual(workloadImageFor('kind'));
    expect(probeImageFor('existing')).toEqual(workloadImageFor('existing'));
  });
});
