/**
 * Istio targets end to end on the kind platform (fake kind/docker/kubectl/istioctl, fake API
 * server with the injection webhook or ambient capture simulated): install with the planned
 * argv, enrol, verify with evidence, measure, record the running version, tear down; a failed
 * install deletes the cluster; a workload without proxies fails verification.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { kindClusterName } from '../../src/platform/kind/kind-cluster-name.ts';
import { type MeshE2e, startMeshE2e } from '../helpers/mesh-e2e.ts';

let e2e: MeshE2e | undefined;

afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

function meshCalls(run: MeshE2e, tool: string): string[] {
  return run.fakes.calls(tool).map((c) => c.argv.join(' '));
}

describe('istio-sidecar on kind', () => {
  it('installs, injects, verifies STRICT mTLS, measures istio-proxy and deletes the cluster', async () => {
    e2e = await startMeshE2e({ target: 'istio-sidecar', webhook: 'istio-sidecar' });
    const runId = '20261126-140000-istio-sidecar';
    const prepared = await e2e.prepare(runId);
    expect(meshCalls(e2e, 'istioctl')).toEqual([
      'version --remote=false',
      'install -y --set profile=default --set meshConfig.defaultConfig.concurrency=2',
      'version -o json',
    ]);
    const namespace = prepared.plan.namespace ?? '';
    expect(e2e.api.object('PeerAuthentication', 'default', 'istio-system')?.['spec']).toEqual({ mtls: { mode: 'STRICT' } });
    expect(prepared.verification.map((c) => [c.name, c.passed])).toEqual([
      ['istio-proxy-injected', true],
      ['plaintext-refused', true],
    ]);
    expect(prepared.verification[0]?.evidence.every((line) => line.includes('istio-proxy as native sidecar (initContainers)'))).toBe(true);
    expect(prepared.verification[1]?.evidence[0]).toBe(`plaintext GET http://order.${namespace}.svc.cluster.local:8080/orders/1 from an un-meshed namespace`);
    expect(prepared.runningVersion).toBe('1.30.3');
    const result = await e2e.measureAndTeardown(prepared, runId);
    expect(result.target.runningVersion).toBe('1.30.3');
    expect(result.verification.verified).toBe(true);
    const components = result.levels[0]?.repetitions[0]?.resources.map((r) => r.component) ?? [];
    expect(components).toContain('istio-proxy');
    const proxy = result.levels[0]?.repetitions[0]?.resources.find((r) => r.component === 'istio-proxy');
    expect(proxy?.role).toBe('data-plane');
    expect(proxy?.cpuCoreSeconds).toBeGreaterThan(0);
    expect(e2e.fakes.calls('kind').at(-1)?.argv.slice(0, 4)).toEqual(['delete', 'cluster', '--name', kindClusterName('istio-sidecar', runId)]);
  });

  it('fails verification when the workload pods carry no proxy (the run would exit 6)', async () => {
    e2e = await startMeshE2e({ target: 'istio-sidecar', webhook: 'none' });
    const prepared = await e2e.prepare('20261126-141000-istio-sidecar');
    try {
      const failed = prepared.verification.filter((c) => !c.passed);
      expect(failed.map((c) => c.name)).toEqual(['istio-proxy-injected']);
      expect(failed[0]?.evidence.every((line) => line.endsWith('istio-proxy MISSING'))).toBe(true);
    } finally {
      await prepared.teardown();
    }
  });

  it('deletes the cluster when istioctl install fails', async () => {
    e2e = await startMeshE2e({ target: 'istio-sidecar', webhook: 'istio-sidecar', env: { FAKE_ISTIOCTL_FAIL: '^install' } });
    const runId = '20261126-142000-istio-sidecar';
    const error = await e2e.prepare(runId).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('COMMAND_FAILED');
    expect((error as HarnessError).exitCode).toBe(4);
    expect((error as HarnessError).message).toContain('istioctl install -y --set profile=default');
    expect(e2e.fakes.calls('kind').map((c) => c.argv.slice(0, 4).join(' '))).toContain(`delete cluster --name ${kindClusterName('istio-sidecar', runId)}`);
  });
});

describe('istio-ambient on kind', () => {
  it('installs Gateway API if absent and the ambient profile, verifies capture and HBONE, meters ztunnel', async () => {
    e2e = await startMeshE2e({ target: 'istio-ambient', webhook: 'istio-ambient', gatewayApi: 'v1.5.1' });
    const runId = '20261126-143000-istio-ambient';
    const prepared = await e2e.prepare(runId);
    const bash = e2e.fakes.calls('kubectl').map((c) => c.argv.join(' '));
    expect(bash).toContain('get crd gateways.gateway.networking.k8s.io');
    expect(meshCalls(e2e, 'istioctl')).toContain('install --set profile=ambient --skip-confirmation --set meshConfig.defaultConfig.concurrency=2 --set values.ztunnel.env.ZTUNNEL_WORKER_THREADS=2');
    expect(prepared.verification.map((c) => [c.name, c.passed])).toEqual([
      ['ambient-captured', true],
      ['ztunnel-hbone', true],
      ['plaintext-refused', true],
    ]);
    expect(prepared.verification[1]?.evidence.slice(1).every((line) => line.endsWith('protocol=HBONE'))).toBe(true);
    const result = await e2e.measureAndTeardown(prepared, runId);
    const ztunnel = result.levels[0]?.repetitions[0]?.resources.find((r) => r.component === 'ztunnel');
    expect(ztunnel?.instances.length).toBe(2);
    expect(ztunnel?.instances.every((i) => i.startsWith('istio-system/ztunnel-'))).toBe(true);
  });
});

describe('istio-waypoint on kind', () => {
  it('applies and enrols the waypoint, verifies it, meters ztunnel and the waypoint', async () => {
    e2e = await startMeshE2e({ target: 'istio-waypoint', webhook: 'istio-ambient', gatewayApi: 'v1.5.1', features: { authz: 'l7' } });
    const runId = '20261126-144000-istio-waypoint';
    const prepared = await e2e.prepare(runId);
    const namespace = prepared.plan.namespace ?? '';
    expect(meshCalls(e2e, 'istioctl')).toContain(`waypoint apply -n ${namespace} --enroll-namespace --wait`);
    expect(e2e.api.object('AuthorizationPolicy', 'order-l7', namespace)?.['spec']).toMatchObject({
      targetRefs: [{ kind: 'Service', name: 'order' }],
      rules: [{ from: [{ source: { principals: [`cluster.local/ns/${namespace}/sa/gateway`] } }] }],
    });
    expect(e2e.api.object('AuthorizationPolicy', 'gateway-l7', namespace)?.['spec']).toMatchObject({
      targetRefs: [{ kind: 'Service', name: 'gateway' }],
      rules: [{ from: [{ source: { principals: [`cluster.local/ns/${namespace}/sa/load-agent`] } }] }],
    });
    expect(prepared.verification.map((c) => [c.name, c.passed])).toEqual([
      ['ambient-captured', true],
      ['ztunnel-hbone', true],
      ['waypoint-ready', true],
      ['plaintext-refused', true],
    ]);
    const result = await e2e.measureAndTeardown(prepared, runId);
    const components = result.levels[0]?.repetitions[0]?.resources.map((r) => r.component) ?? [];
    expect(components).toEqual(expect.arrayContaining(['ztunnel', 'waypoint']));
  });
});
