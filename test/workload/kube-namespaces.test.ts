import { describe, expect, it } from 'vitest';
import { namespaceManifests } from '../../src/workload/kube-namespaces.ts';

const base = { namespace: 'bench-run1', probeNamespace: 'bench-run1-probe', runId: 'run1' };

describe('namespaceManifests', () => {
  it('enrols the workload namespace with the mesh labels and annotations, and leaves the probe namespace out', () => {
    const [workload, probe] = namespaceManifests({ ...base, enrolLabels: { 'istio-injection': 'enabled' }, enrolAnnotations: { 'linkerd.io/inject': 'enabled' } });
    expect(workload).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'bench-run1',
        labels: {
          'app.kubernetes.io/managed-by': 'meshbench',
          'app.kubernetes.io/part-of': 'meshbench',
          'meshbench.io/run': 'run1',
          'meshbench.io/purpose': 'workload',
          'istio-injection': 'enabled',
        },
        annotations: { 'linkerd.io/inject': 'enabled' },
      },
    });
    expect(probe?.metadata.name).toBe('bench-run1-probe');
    expect(probe?.metadata.labels).toMatchObject({ 'meshbench.io/purpose': 'probe', 'meshbench.io/run': 'run1' });
    expect(probe?.metadata.labels).not.toHaveProperty('istio-injection');
    expect(probe?.metadata.annotations).toBeUndefined();
  });

  it('sets no annotations when the mesh needs none', () => {
    const [workload] = namespaceManifests({ ...base, enrolLabels: {}, enrolAnnotations: {} });
    expect(workload?.metadata).not.toHaveProperty('annotations');
  });
});
