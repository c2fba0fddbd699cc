import { describe, expect, it } from 'vitest';
import { isMeshbenchCluster, KIND_CLUSTER_PREFIX, kindClusterName, kindNodeNames, MAX_KIND_CLUSTER_NAME } from '../../../src/platform/kind/kind-cluster-name.ts';
import { shortRunId } from '../../../src/platform/kube-common/short-run-id.ts';

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

describe('kind cluster name characters', () => {
  it('lowercases the target and replaces what a hostname cannot hold, without a trailing dash', () => {
    expect(kindClusterName('Istio_Ambient', 'r1')).toBe(`${KIND_CLUSTER_PREFIX}istio-ambient-${shortRunId('r1')}`);
    const cut = kindClusterName(`${'a'.repeat(36)}-b`, 'r1');
    expect(cut).not.toMatch(/--/);
    expect(cut.length).toBeLessThanOrEqual(MAX_KIND_CLUSTER_NAME);
  });
});
