import { describe, expect, it } from 'vitest';
import { ciliumNamespaceMetadata, ciliumWorkloadObjects } from '../../../src/mesh/cilium/enrol.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

describe('Cilium enrolment', () => {
  it('needs no namespace metadata of its own, keeping what the target declares', () => {
    const ctx = meshPlanContext({ target: 'cilium' });
    expect(ciliumNamespaceMetadata(ctx)).toEqual({ labels: ctx.target.enrol.namespaceLabels, annotations: ctx.target.enrol.namespaceAnnotations });
    const declared = { ...ctx, target: { ...ctx.target, enrol: { namespaceLabels: { team: 'perf' }, namespaceAnnotations: {} } } };
    expect(ciliumNamespaceMetadata(declared)).toEqual({ labels: { team: 'perf' }, annotations: {} });
  });

  it('applies one CiliumNetworkPolicy per service only for L7 scenarios', () => {
    expect(ciliumWorkloadObjects(meshPlanContext({ target: 'cilium' }))).toEqual({ manifests: [], actions: [] });
    const l7 = ciliumWorkloadObjects(meshPlanContext({ target: 'cilium', features: { authz: 'l7' }, chainDepth: 2 }));
    expect(l7.manifests.map((m) => [m.kind, m.metadata.name])).toEqual([
      ['CiliumNetworkPolicy', 'gateway-l7'],
      ['CiliumNetworkPolicy', 'order-l7'],
    ]);
  });
});
