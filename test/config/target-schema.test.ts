import { describe, expect, it } from 'vitest';
import { DEFAULT_KIND_NODE_IMAGE, TargetSchema } from '../../src/config/target-schema.ts';

const base = { apiVersion: 'meshbench/v1alpha1', kind: 'Target', name: 'istio-ambient', platforms: ['kind'] };
const istio = { name: 'istio', mode: 'ambient', version: '1.28.0', profile: 'ambient' };

describe('TargetSchema', () => {
  it('fills defaults: cluster shape with the pinned node image, empty enrolment and data plane', () => {
    const target = TargetSchema.parse({ ...base, mesh: istio });
    expect(target.cluster).toEqual({ workers: 2, nodeImage: DEFAULT_KIND_NODE_IMAGE, disableDefaultCNI: false, kubeProxyMode: 'iptables' });
    expect(target.enrol).toEqual({ namespaceLabels: {}, namespaceAnnotations: {} });
    expect(target.dataPlane).toEqual([]);
    expect(target.mesh).toMatchObject({ proxyConcurrency: 2, values: {} });
    expect(DEFAULT_KIND_NODE_IMAGE).toContain('@sha256:');
  });

  it('fills each mesh’s own defaults', () => {
    expect(TargetSchema.parse({ ...base, mesh: { name: 'none' } }).mesh).toEqual({ name: 'none', mode: 'none' });
    expect(TargetSchema.parse({ ...base, mesh: { name: 'linkerd', version: 'edge-26.6.3' } }).mesh).toMatchObject({ mode: 'sidecar', defaultInboundPolicy: 'all-authenticated' });
    expect(TargetSchema.parse({ ...base, mesh: { name: 'cilium', version: '1.18.2' } }).mesh).toMatchObject({ mode: 'ebpf', encryption: 'wireguard' });
    expect(TargetSchema.parse({ ...base, platforms: ['local'], mesh: { name: 'haproxy' } }).mesh).toEqual({ name: 'haproxy', mode: 'sidecar-pair', threads: 1 });
  });

  it('refuses versions of the wrong shape with the expected form', () => {
    const issue = (mesh: object) => TargetSchema.safeParse({ ...base, mesh }).error?.issues[0]?.message;
    expect(issue({ ...istio, version: '1.28' })).toBe('must be an Istio release such as 1.28.0');
    expect(issue({ name: 'linkerd', version: 'stable-2.14.0' })).toBe('must be an edge release such as edge-26.6.3');
    expect(issue({ name: 'cilium', version: 'v1.18.2' })).toBe('must be a Cilium release such as 1.18.2');
  });

  it('refuses a node image without a digest, one worker, bad names, unknown meshes and fields', () => {
    const issues = (extra: object) => TargetSchema.safeParse({ ...base, mesh: istio, ...extra }).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ cluster: { nodeImage: 'kindest/node:v1.34.0' } })).toEqual(['pin the node image by digest (image@sha256:…)']);
    expect(issues({ cluster: { workers: 1 } })).toEqual(['needs two workers: the load agent and the services on different nodes']);
    expect(issues({ name: 'Istio_Ambient' })).toEqual(['must be lowercase letters, digits and dashes']);
    expect(issues({ mesh: { name: 'kuma' } })).toHaveLength(1);
    expect(issues({ colour: 'blue' })).toHaveLength(1);
    expect(issues({ platforms: [] })).toHaveLength(1);
  });
});
