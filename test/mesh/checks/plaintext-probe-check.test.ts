import { describe, expect, it } from 'vitest';
import { istioMesh } from '../../../src/mesh/istio/index.ts';
import { linkerdMesh } from '../../../src/mesh/linkerd/index.ts';
import { FakeKubeClient } from '../../helpers/fake-kube-client.ts';
import { checkParams, runtime } from '../../helpers/mesh-check-runtime.ts';

describe('plaintext probe', () => {
  const params = checkParams(istioMesh, 'istio-sidecar', 'plaintext-refused');

  async function probe(log: string) {
    const kube = new FakeKubeClient();
    kube.jobLogs = () => log;
    const result = await istioMesh.checks['plaintext-refused']?.(params, runtime(kube));
    return { result, kube };
  }

  it('runs an un-meshed Job in the probe namespace with the workload image and reads its verdict', async () => {
    const { result, kube } = await probe('{"outcome":"error","code":"ECONNRESET"}\n');
    expect(result?.passed).toBe(true);
    expect(result?.evidence[1]).toBe('ECONNRESET: connection refused by the mesh (a connection reset)');
    const job = kube.applied[0];
    if (!job) throw new Error('no Job applied');
    expect(job).toMatchObject({ kind: 'Job', metadata: { namespace: 'bench-run1-probe' } });
    const template = (job['spec'] as { template: { metadata: unknown; spec: { containers: { image: string; imagePullPolicy: string; command: string[]; env: unknown }[] } } }).template;
    expect(template.metadata).toEqual({
      labels: { 'app.kubernetes.io/name': 'plaintext-probe', 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none' },
      annotations: { 'linkerd.io/inject': 'disabled' },
    });
    expect(template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'Never', command: ['node', '-e', expect.stringContaining('http.get')] });
    expect(template.spec.containers[0]?.image).toMatch(/^meshbench\.local\/node:/);
    expect(template.spec.containers[0]?.env).toContainEqual({ name: 'PROBE_URL', value: 'http://order.bench-run1.svc.cluster.local:8080/orders/1' });
    expect(kube.waited[0]).toMatchObject({ type: 'job-complete', namespace: 'bench-run1-probe' });
  });

  it('Istio: only a reset counts; ECONNREFUSED, a timeout or a 403 are errors that say what was seen', async () => {
    expect((await probe('{"outcome":"error","code":"ECONNRESET"}')).result?.passed).toBe(true);
    expect((await probe('{"outcome":"error","code":"socket hang up"}')).result?.passed).toBe(true);
    const refused = (await probe('{"outcome":"error","code":"ECONNREFUSED"}')).result;
    expect(refused?.passed).toBe(false);
    expect(refused?.evidence[1]).toBe('ECONNREFUSED: nothing listens there (no endpoints or wrong port): not evidence of mTLS (expected a connection reset)');
    const timedOut = (await probe('{"outcome":"error","code":"ETIMEDOUT"}')).result;
    expect(timedOut?.passed).toBe(false);
    expect(timedOut?.evidence[1]).toContain('ETIMEDOUT: no answer');
    expect((await probe('{"outcome":"response","status":403}')).result?.passed).toBe(false);
    const accepted = (await probe('{"outcome":"response","status":200}')).result;
    expect(accepted?.passed).toBe(false);
    expect(accepted?.evidence[1]).toBe('HTTP 200: plaintext was ACCEPTED (expected a connection reset)');
    expect((await probe('{"outcome":"error","code":"ENOTFOUND"}')).result?.passed).toBe(false);
    expect((await probe('')).result?.evidence[1]).toBe('probe printed no result (log: empty)');
  });

  it('reports a Job that never completed', async () => {
    const kube = new FakeKubeClient();
    kube.waitError = new Error('Job bench-run1-probe/plaintext-probe-x not complete after 180000 ms');
    const result = await istioMesh.checks['plaintext-refused']?.(params, runtime(kube));
    expect(result?.passed).toBe(false);
    expect(result?.evidence.some((e) => e.includes('did not complete'))).toBe(true);
  });
});

describe('plaintext probe per mesh', () => {
  async function verdict(mesh: typeof linkerdMesh, target: string, check: string, log: string) {
    const kube = new FakeKubeClient();
    kube.jobLogs = () => log;
    return (await mesh.checks[check]?.(checkParams(mesh, target, check), runtime(kube)))?.passed;
  }

  it('Linkerd: HTTP 403 or a reset; never ECONNREFUSED or a timeout', async () => {
    expect(await verdict(linkerdMesh, 'linkerd', 'plaintext-refused', '{"outcome":"response","status":403}')).toBe(true);
    expect(await verdict(linkerdMesh, 'linkerd', 'plaintext-refused', '{"outcome":"error","code":"ECONNRESET"}')).toBe(true);
    expect(await verdict(linkerdMesh, 'linkerd', 'plaintext-refused', '{"outcome":"error","code":"ECONNREFUSED"}')).toBe(false);
    expect(await verdict(linkerdMesh, 'linkerd', 'plaintext-refused', '{"outcome":"error","code":"ETIMEDOUT"}')).toBe(false);
  });
});
