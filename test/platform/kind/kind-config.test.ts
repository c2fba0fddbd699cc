/** The kind config of a target and the names on the kind platform. */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ClusterShapeSchema, DEFAULT_KIND_NODE_IMAGE } from '../../../src/config/target-schema.ts';
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
