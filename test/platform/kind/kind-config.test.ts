/** The kind config of a target and the names on the kind platform. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ClusterShapeSchema, DEFAULT_KIND_NODE_IMAGE } from '../../../src/config/target-schema.ts';
import { isMeshbenchCluster, kindClusterName, kindNodeNames, MAX_KIND_CLUSTER_NAME } from '../../../src/platform/kind/kind-cluster-name.ts';
import { renderKindConfig } from '../../../src/platform/kind/kind-config.ts';

describe('renderKindConfig', () => {
  it('baseline shape: 1 control-plane + 2 labelled workers on the pinned image, default networking', () => {
    const config = parse(renderKindConfig(ClusterShapeSchema.parse({}), 'meshbench-baseline-abc123'));
    expect(config).toEqual({
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      name: 'meshbench-baseline-abc123',
      nodes: [
        { role: 'control-plane', image: DEFAULT_KIND_NODE_IMAGE },
        { role: 'worker', image: DEFAULT_KIND_NODE_IMAGE, labels: { 'meshbench.io/role': 'server' } },
        { role: 'worker', image: DEFAULT_KIND_NODE_IMAGE, labels: { 'meshbench.io/role': 'client' } },
      ],
    });
    expect(DEFAULT_KIND_NODE_IMAGE).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it('Cilium shape: no default CNI, no kube-proxy, extra workers unlabelled', () => {
    const text = renderKindConfig(ClusterShapeSchema.parse({ workers: 3, disableDefaultCNI: true, kubeProxyMode: 'none' }), 'c');
    const config = parse(text) as { networking: unknown; nodes: { labels?: unknown }[] };
    expect(config.networking).toEqual({ disableDefaultCNI: true, kubeProxyMode: 'none' });
    expect(config.nodes).toHaveLength(4);
    expect(config.nodes[3]?.labels).toBeUndefined();
    expect(text).not.toContain('*a');
  });
});

describe('kind cluster names', () => {
  it('carry the meshbench- prefix, the target and a short run id', () => {
    const name = kindClusterName('istio-ambient', '20261126-140000-istio-ambient');
    expect(name).toMatch(/^meshbench-istio-ambient-[0-9a-f]{6}$/);
    expect(kindClusterName('istio-ambient', '20261126-140000-istio-ambient')).toBe(name);
    expect(isMeshbenchCluster(name)).toBe(true);
    expect(isMeshbenchCluster('kind')).toBe(false);
  });

  it('stay short enough for kind node hostnames', () => {
    const name = kindClusterName('a-very-long-target-name-that-goes-on-and-on-x', 'r');
    expect(name.length).toBeLessThanOrEqual(MAX_KIND_CLUSTER_NAME);
    expect(`${name}-control-plane`.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9.-]+$/);
  });

  it('name the nodes as kind does', () => {
    expect(kindNodeNames('c', 3)).toEqual({ controlPlane: 'c-control-plane', workers: ['c-worker', 'c-worker2', 'c-worker3'] });
  });
});
