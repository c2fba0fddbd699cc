import { describe, expect, it } from 'vitest';
import { describeCondition, describeObject } from '../../src/kube/kube-describe.ts';

describe('describeCondition', () => {
  it('names every kind of wait the way errors show it', () => {
    expect(describeCondition({ type: 'nodes-ready', count: 3 })).toBe('3 nodes Ready');
    expect(describeCondition({ type: 'rollout', namespace: 'bench', workloadKind: 'DaemonSet', name: 'ztunnel' })).toBe('DaemonSet bench/ztunnel rollout');
    expect(describeCondition({ type: 'pods-ready', namespace: 'bench', labelSelector: 'app=x' })).toBe('pods app=x in bench Ready');
    expect(describeCondition({ type: 'job-complete', namespace: 'bench', name: 'agent-0' })).toBe('Job bench/agent-0 complete');
    expect(describeCondition({ type: 'crd-established', name: 'gateways.gateway.networking.k8s.io' })).toBe('CRD gateways.gateway.networking.k8s.io Established');
  });
});

describe('describeObject', () => {
  it('shows kind and namespace/name, or the bare name of a cluster-scoped object', () => {
    expect(describeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'bench' } })).toBe('ConfigMap bench/cm');
    expect(describeObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } })).toBe('Namespace bench');
  });
});
