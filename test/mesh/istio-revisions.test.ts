/** Arms of Istio and the other meshes on shared hardware: which sharing method each target gets (src/pipeline/arms-sharing.ts). */
import { describe, expect, it } from 'vitest';
import { armsMethod } from '../../src/pipeline/arms-sharing.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

describe('Istio revisions', () => {
  it('shares one cluster only where the mesh runs two versions side by side', () => {
    const target = (name: string) => meshPlanContext({ target: name }).target;
    expect(armsMethod({ target: target('istio-sidecar'), platform: 'kind', armCount: 2 })).toBe('shared-cluster');
    expect(armsMethod({ target: target('istio-ambient'), platform: 'kind', armCount: 2 })).toBe('alternating-clusters');
    expect(armsMethod({ target: target('linkerd'), platform: 'kind', armCount: 2 })).toBe('alternating-clusters');
    expect(armsMethod({ target: target('cilium'), platform: 'kind', armCount: 2 })).toBe('alternating-clusters');
    expect(() => armsMethod({ target: target('cilium'), platform: 'existing', armCount: 2 })).toThrow(/upgrades in place/);
    expect(armsMethod({ target: target('baseline'), platform: 'local', armCount: 2 })).toBe('same-host');
  });
});
