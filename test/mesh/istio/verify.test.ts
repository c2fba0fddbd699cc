import { describe, expect, it } from 'vitest';
import type { PodMetadata } from '../../../src/mesh/checks/pod-metadata.ts';
import { istioMesh } from '../../../src/mesh/istio/index.ts';
import { evaluateRevisionInjected, planIstioVerification } from '../../../src/mesh/istio/verify.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';
import { chainPods, checkParams, NS, runtime } from '../../helpers/mesh-check-runtime.ts';
import { toolOutput } from '../../helpers/tool-output.ts';

describe('istio ambient checks', () => {
  it('needs every workload pod captured (the waypoint itself is not)', async () => {
    const kube = new FakeKubeClient();
    kube.pods = chainPods(() => ({}));
    kube.pods.push(fakePod({ namespace: NS, name: 'waypoint-66f9b7c9c4-x8w5n', labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' }, containers: ['istio-proxy'] }));
    for (const pod of kube.pods.slice(0, 3)) kube.annotations.set(`${NS}/${pod.name}`, { 'ambient.istio.io/redirection': 'enabled' });
    const check = istioMesh.checks['ambient-captured'];
    expect((await check?.({ namespace: NS }, runtime(kube)))?.passed).toBe(true);
    kube.annotations.delete(`${NS}/order-5f7b9c6d8d-kz4wl`);
    const failed = await check?.({ namespace: NS }, runtime(kube));
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence).toContain('order-5f7b9c6d8d-kz4wl: ambient.istio.io/redirection=(absent)');
  });

  it('needs every workload pod on HBONE in ztunnel-config workloads', async () => {
    const kube = new FakeKubeClient();
    kube.pods = chainPods(() => ({}));
    const params = checkParams(istioMesh, 'istio-waypoint', 'ztunnel-hbone');
    const hbone = [{ match: ['istioctl', 'ztunnel-config', 'workloads'], stdout: toolOutput('istioctl', '1.28.3', 'ztunnel-config-workloads.txt') }];
    const rt = runtime(kube, hbone);
    const check = await istioMesh.checks['ztunnel-hbone']?.(params, rt);
    expect(check?.passed).toBe(true);
    expect(check?.evidence).toContain('order-5f7b9c6d8d-kz4wl 10.244.1.8 meshbench-run1-worker waypoint=waypoint protocol=HBONE');
    expect(rt.runner.calls[0]?.options?.env).toEqual({ KUBECONFIG: '/tmp/kc' });
    const tcp = toolOutput('istioctl', '1.28.3', 'ztunnel-config-workloads.txt').replace(/(order-5f7b9c6d8d-kz4wl.*)HBONE/, '$1TCP  ');
    const failed = await istioMesh.checks['ztunnel-hbone']?.(params, runtime(kube, [{ match: ['istioctl'], stdout: tcp }]));
    expect(failed?.passed).toBe(false);
    const broken = await istioMesh.checks['ztunnel-hbone']?.(params, runtime(kube, [{ match: ['istioctl'], stderr: 'Error: no ztunnel pods', exitCode: 1 }]));
    expect(broken?.passed).toBe(false);
  });

  it('checks the waypoint is ready and the namespace enrolled', async () => {
    const kube = new FakeKubeClient();
    kube.pods = [fakePod({ namespace: NS, name: 'waypoint-66f9b7c9c4-x8w5n', labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' }, containers: ['istio-proxy'] })];
    kube.raw.set(`/api/v1/namespaces/${NS}`, { metadata: { name: NS, labels: { 'istio.io/use-waypoint': 'waypoint' } } });
    expect((await istioMesh.checks['waypoint-ready']?.({ namespace: NS }, runtime(kube)))?.passed).toBe(true);
    kube.raw.set(`/api/v1/namespaces/${NS}`, { metadata: { name: NS, labels: {} } });
    expect((await istioMesh.checks['waypoint-ready']?.({ namespace: NS }, runtime(kube)))?.passed).toBe(false);
  });
});

const pod = (name: string, rev: { label?: string; annotation?: string }): PodMetadata => ({
  name,
  nodeName: 'worker',
  phase: 'Running',
  labels: rev.label ? { 'istio.io/rev': rev.label } : {},
  annotations: rev.annotation ? { 'istio.io/rev': rev.annotation } : {},
});

describe('Istio revisions', () => {
  it('verifies that every workload pod was injected by the arm\'s revision (label or annotation)', () => {
    const ok = evaluateRevisionInjected({ revision: '1-29-1', pods: [pod('order-1', { label: '1-29-1' }), pod('gateway-1', { annotation: '1-29-1' })] });
    expect(ok).toMatchObject({ name: 'istio-revision-injected', passed: true, evidence: ['order-1: istio.io/rev=1-29-1', 'gateway-1: istio.io/rev=1-29-1'] });
    expect(evaluateRevisionInjected({ revision: '1-29-1', pods: [pod('order-1', { label: '1-28-3' })] }).passed).toBe(false);
    expect(evaluateRevisionInjected({ revision: '1-29-1', pods: [pod('order-1', {})] }).evidence).toEqual(['order-1: istio.io/rev=(none)']);
    expect(evaluateRevisionInjected({ revision: '1-29-1', pods: [] }).passed).toBe(false);
    const checks = planIstioVerification({ ...meshPlanContext({ target: 'istio-sidecar' }), revision: '1-29-1' }).map((a) => (a.kind === 'check' ? a.check : a.kind));
    expect(checks).toContain('istio-revision-injected');
    expect(planIstioVerification(meshPlanContext({ target: 'istio-sidecar' })).map((a) => (a.kind === 'check' ? a.check : a.kind))).not.toContain('istio-revision-injected');
  });
});
