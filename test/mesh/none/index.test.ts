import { describe, expect, it } from 'vitest';
import { noMesh } from '../../../src/mesh/none/index.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';
import { runtime } from '../../helpers/mesh-check-runtime.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

describe('the baseline (no mesh)', () => {
  const ctx = meshPlanContext({ target: 'baseline' });

  it('needs no tools, installs and applies nothing, and reads no running version', async () => {
    expect(noMesh.requiredTools(ctx)).toEqual([]);
    expect(noMesh.planInstall(ctx)).toEqual([]);
    expect(noMesh.workloadObjects(ctx)).toEqual({ manifests: [], actions: [] });
    expect(noMesh.namespaceMetadata(ctx)).toEqual({ labels: ctx.target.enrol.namespaceLabels, annotations: ctx.target.enrol.namespaceAnnotations });
    expect(await noMesh.readRunningVersion(runtime(new FakeKubeClient()))).toBeNull();
  });

  it('verifies that no workload pod carries a proxy', async () => {
    expect(noMesh.planVerification(ctx)).toEqual([{ kind: 'check', description: 'workload pods run without a mesh proxy', check: 'no-proxy', params: { namespace: 'bench-run1' } }]);
    const kube = new FakeKubeClient();
    kube.pods = [fakePod({ namespace: 'bench-run1', name: 'order-1', containers: ['order-service'] })];
    const check = noMesh.checks['no-proxy'];
    expect(await check?.({ namespace: 'bench-run1' }, runtime(kube))).toEqual({ name: 'no-proxy', passed: true, evidence: ['order-1: containers order-service'] });
  });

  it('fails when any pod has a proxy container or native sidecar', async () => {
    const check = noMesh.checks['no-proxy'];
    for (const pod of [
      fakePod({ namespace: 'n', name: 'a', containers: ['order-service', 'istio-proxy'] }),
      fakePod({ namespace: 'n', name: 'b', initContainers: [{ name: 'linkerd-proxy', sidecar: true }] }),
      fakePod({ namespace: 'n', name: 'c', containers: ['order-service', 'envoy-proxy'] }),
    ]) {
      const kube = new FakeKubeClient();
      kube.pods = [pod];
      expect((await check?.({ namespace: 'n' }, runtime(kube)))?.passed, pod.name).toBe(false);
    }
    const kube = new FakeKubeClient();
    kube.pods = [fakePod({ namespace: 'n', name: 'd', containers: ['proxyless'] })];
    expect((await check?.({ namespace: 'n' }, runtime(kube)))?.passed).toBe(true);
  });
});
