import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { armRevision, armsMethod, checkSharedCluster } from '../../src/pipeline/arms-sharing.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

const target = (name: string) => meshPlanContext({ target: name }).target;

describe('armsMethod', () => {
  it('shares one cluster only where the mesh runs two versions side by side', () => {
    const target = (name: string) => meshPlanContext({ target: name }).target;
    expect(armsMethod({ target: target('istio-sidecar'), platform: 'kind', armCount: 2 })).toBe('shared-cluster');
    expect(armsMethod({ target: target('istio-ambient'), platform: 'kind', armCount: 2 })).toBe('alternating-clusters');
    expect(armsMethod({ target: target('linkerd'), platform: 'kind', armCount: 2 })).toBe('alternating-clusters');
    expect(armsMethod({ target: target('cilium'), platform: 'kind', armCount: 2 })).toBe('alternating-clusters');
    expect(() => armsMethod({ target: target('cilium'), platform: 'existing', armCount: 2 })).toThrow(/upgrades in place/);
    expect(armsMethod({ target: target('baseline'), platform: 'local', armCount: 2 })).toBe('same-host');
  });

  it('gives each count of an idle-services sweep its own cluster, even where versions could share one', () => {
    expect(armsMethod({ target: target('istio-sidecar'), platform: 'kind', armCount: 3, idleSweep: true })).toBe('alternating-clusters');
    expect(armsMethod({ target: target('istio-sidecar'), platform: 'local', armCount: 3, idleSweep: true })).toBe('same-host');
    expect(() => armsMethod({ target: target('istio-sidecar'), platform: 'existing', armCount: 2, idleSweep: true })).toThrow(/needs one cluster per count/);
  });
});

describe('armRevision', () => {
  it('a revision per arm on a shared cluster, named after the arm\'s version', () => {
    expect(armRevision({ target: target('istio-sidecar'), method: 'shared-cluster', meshVersion: '1.28.1', armCount: 2 })).toBe('1-28-1');
    expect(armRevision({ target: target('istio-sidecar'), method: 'shared-cluster', meshVersion: '1.28.1', armCount: 1 })).toBeNull();
    expect(armRevision({ target: target('istio-ambient'), method: 'alternating-clusters', meshVersion: '1.28.1', armCount: 2 })).toBeNull();
    expect(() => armRevision({ target: target('istio-sidecar'), method: 'shared-cluster', meshVersion: null, armCount: 2 })).toThrow(
      new HarnessError('USAGE', 'shared-cluster arms need a mesh version per arm'),
    );
  });
});

describe('checkSharedCluster', () => {
  it('refuses two arms on one revision, and an existing cluster without --install-mesh', () => {
    const shared = { method: 'shared-cluster' as const, platform: 'kind' as const, installMesh: false };
    expect(() => checkSharedCluster({ ...shared, revisions: ['1-28-1', '1-28-1'] })).toThrow(/arms 1-28-1, 1-28-1 map to the same control-plane revision/);
    expect(() => checkSharedCluster({ ...shared, revisions: ['1-27-3', '1-28-1'] })).not.toThrow();
    expect(() => checkSharedCluster({ ...shared, platform: 'existing', revisions: ['1-27-3', '1-28-1'] })).toThrow(/add --install-mesh/);
    expect(() => checkSharedCluster({ ...shared, platform: 'existing', installMesh: true, revisions: ['1-27-3', '1-28-1'] })).not.toThrow();
    expect(() => checkSharedCluster({ ...shared, method: 'alternating-clusters', revisions: ['a', 'a'] })).not.toThrow();
  });
});
