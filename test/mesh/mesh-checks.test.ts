import { afterEach, describe, expect, it, vi } from 'vitest';
import { ciliumMesh } from '../../src/mesh/cilium/index.ts';
import { istioMesh } from '../../src/mesh/istio/index.ts';
import { linkerdMesh } from '../../src/mesh/linkerd/index.ts';
import { evaluateProxyIdentity } from '../../src/mesh/linkerd/verify.ts';
import type { CheckRuntime } from '../../src/mesh/mesh.ts';
import { FakeKubeClient, fakePod } from '../helpers/fake-kube-client.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';
import { RecordingRunner, type ScriptedReply } from '../helpers/recording-runner.ts';
import { toolOutput } from '../helpers/tool-output.ts';

const NS = 'bench-run1';

function runtime(kube: FakeKubeClient, replies: ScriptedReply[] = []): CheckRuntime & { runner: RecordingRunner } {
  return { runner: new RecordingRunner(replies), kube, kubeconfigPath: '/tmp/kc', namespace: NS, env: { KUBECONFIG: '/tmp/kc' } };
}

function chainPods(containers: (name: string) => Partial<Parameters<typeof fakePod>[0]>): ReturnType<typeof fakePod>[] {
  return [
    ['gateway-7c9d5b8f6d-q2x7m', 'gateway'],
    ['order-5f7b9c6d8d-kz4wl', 'order'],
    ['fulfillment-6b8c7d9f5c-h9p2r', 'fulfillment'],
  ].map(([name = '', app = '']) => fakePod({ namespace: NS, name, labels: { 'app.kubernetes.io/name': app }, ...containers(app) }));
}

function checkParams(mesh: typeof istioMesh, target: string, check: string, features = {}): Record<string, unknown> {
  const action = mesh.planVerification(meshPlanContext({ target, features })).find((a) => a.kind === 'check' && a.check === check);
  if (action?.kind !== 'check') throw new Error(`no ${check} in the plan`);
  return action.params;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('proxy presence', () => {
  it('finds istio-proxy as a container or as a native sidecar init container, and flags a pod without it', async () => {
    const kube = new FakeKubeClient();
    kube.pods = chainPods((app) =>
      app === 'order'
        ? { containers: ['order-service'], initContainers: [{ name: 'istio-init', sidecar: false }, { name: 'istio-proxy', sidecar: true }] }
        : { containers: ['order-service', 'istio-proxy'] },
    );
    kube.pods.push(fakePod({ namespace: NS, name: 'load-agent-0-abcde', containers: ['agent'], phase: 'Succeeded' }));
    const params = checkParams(istioMesh, 'istio-sidecar', 'istio-proxy-injected');
    const check = await istioMesh.checks['istio-proxy-injected']?.(params, runtime(kube));
    expect(check).toEqual({
      name: 'istio-proxy-injected',
      passed: true,
      evidence: [
        'gateway-7c9d5b8f6d-q2x7m (bench-worker): istio-proxy in containers',
        'order-5f7b9c6d8d-kz4wl (bench-worker): istio-proxy as native sidecar (initContainers)',
        'fulfillment-6b8c7d9f5c-h9p2r (bench-worker): istio-proxy in containers',
      ],
    });
    kube.pods[2] = fakePod({ namespace: NS, name: 'fulfillment-6b8c7d9f5c-h9p2r' });
    const failed = await istioMesh.checks['istio-proxy-injected']?.(params, runtime(kube));
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence).toContain('fulfillment-6b8c7d9f5c-h9p2r (bench-worker): istio-proxy MISSING');
  });

  it('fails on an empty namespace and accepts linkerd-proxy as a native sidecar', async () => {
    const kube = new FakeKubeClient();
    const params = checkParams(linkerdMesh, 'linkerd', 'linkerd-proxy-injected');
    expect((await linkerdMesh.checks['linkerd-proxy-injected']?.(params, runtime(kube)))?.passed).toBe(false);
    kube.pods = chainPods(() => ({ initContainers: [{ name: 'linkerd-init', sidecar: false }, { name: 'linkerd-proxy', sidecar: true }] }));
    expect((await linkerdMesh.checks['linkerd-proxy-injected']?.(params, runtime(kube)))?.passed).toBe(true);
  });
});

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

describe('linkerd checks', () => {
  it('needs an unexpired identity certificate in every proxy', async () => {
    expect(evaluateProxyIdentity({ pod: 'order-1', metrics: toolOutput('linkerd', 'edge-26.6.3', 'proxy-metrics.txt'), nowSeconds: 1_780_000_000 })).toEqual({
      ok: true,
      line: 'order-1: identity certificate valid until 2026-09-02T12:00:00.000Z; inbound requests mTLS 4821 from gateway.bench-run1.serviceaccount.identity.linkerd.cluster.local, plaintext 152, denied by policy 1',
    });
    expect(evaluateProxyIdentity({ pod: 'order-1', metrics: '', nowSeconds: 1_780_000_000 }).ok).toBe(false);
    expect(evaluateProxyIdentity({ pod: 'order-1', metrics: '#\n# POD order-1 (1 of 1)\n#\n# ERROR: pod not running: order-1\n', nowSeconds: 1_780_000_000 })).toEqual({
      ok: false,
      line: 'order-1: metrics not scraped (pod not running: order-1); inbound requests mTLS 0, plaintext 0, denied by policy 0',
    });
    vi.useFakeTimers({ now: new Date('2026-07-14T09:00:00Z'), toFake: ['Date'] });
    const kube = new FakeKubeClient();
    kube.pods = chainPods(() => ({ containers: ['order-service', 'linkerd-proxy'] }));
    const params = checkParams(linkerdMesh, 'linkerd', 'linkerd-proxy-identity');
    const rt = runtime(kube, [{ match: ['linkerd', 'diagnostics', 'proxy-metrics'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'proxy-metrics.txt') }]);
    const check = await linkerdMesh.checks['linkerd-proxy-identity']?.(params, rt);
    expect(check?.passed).toBe(true);
    expect(rt.runner.calls.map((c) => c.args.join(' '))).toEqual([
      'diagnostics proxy-metrics -n bench-run1 po/gateway-7c9d5b8f6d-q2x7m',
      'diagnostics proxy-metrics -n bench-run1 po/order-5f7b9c6d8d-kz4wl',
      'diagnostics proxy-metrics -n bench-run1 po/fulfillment-6b8c7d9f5c-h9p2r',
    ]);
  });

  it('runs linkerd -n <ns> check --proxy and keeps its lines as evidence', async () => {
    const params = checkParams(linkerdMesh, 'linkerd', 'linkerd-check-proxy');
    const ok = await linkerdMesh.checks['linkerd-check-proxy']?.(params, runtime(new FakeKubeClient(), [{ match: ['linkerd', '-n', NS, 'check', '--proxy'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'check-proxy.txt') }]));
    expect(ok?.passed).toBe(true);
    expect(ok?.evidence).toContain('√ data plane proxies are ready');
    const failed = await linkerdMesh.checks['linkerd-check-proxy']?.(
      params,
      runtime(new FakeKubeClient(), [{ match: ['linkerd'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'check-proxy-no-proxies.txt'), exitCode: 1 }]),
    );
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence).toContain('× data plane proxies are ready');
  });
});

describe('cilium checks', () => {
  const nodes = ['meshbench-run1-control-plane', 'meshbench-run1-worker', 'meshbench-run1-worker2'].map((name) => ({ name, labels: {}, ready: true }));

  it('needs WireGuard with a peer per other node', async () => {
    const kube = new FakeKubeClient();
    kube.nodes = nodes;
    const status = [{ match: ['kubectl', '-n', 'kube-system', 'exec', 'ds/cilium', '-c', 'cilium-agent', '--', 'cilium-dbg', 'status'], stdout: toolOutput('cilium-dbg', '1.18.1', 'status.txt') }];
    const check = await ciliumMesh.checks['cilium-wireguard']?.({ agentCli: 'cilium-dbg' }, runtime(kube, status));
    expect(check?.passed).toBe(true);
    expect(check?.evidence).toContain('WireGuard peers 2, expected ≥ 2 (3 nodes; same-node traffic is not encrypted)');
    kube.nodes = [...nodes, { name: 'meshbench-run1-worker3', labels: {}, ready: true }];
    expect((await ciliumMesh.checks['cilium-wireguard']?.({ agentCli: 'cilium-dbg' }, runtime(kube, status)))?.passed).toBe(false);
    kube.nodes = nodes;
    const plain = [{ match: ['kubectl'], stdout: toolOutput('cilium-dbg', '1.18.1', 'status-no-encryption.txt') }];
    expect((await ciliumMesh.checks['cilium-wireguard']?.({ agentCli: 'cilium-dbg' }, runtime(kube, plain)))?.passed).toBe(false);
  });

  it('needs cilium-agent and cilium-envoy ready on every node', async () => {
    const kube = new FakeKubeClient();
    kube.nodes = nodes;
    kube.pods = nodes.flatMap((n, i) => [
      fakePod({ namespace: 'kube-system', name: `cilium-${i}`, labels: { 'k8s-app': 'cilium' }, containers: ['cilium-agent'], nodeName: n.name }),
      fakePod({ namespace: 'kube-system', name: `cilium-envoy-${i}`, labels: { 'k8s-app': 'cilium-envoy' }, containers: ['cilium-envoy'], nodeName: n.name }),
    ]);
    expect((await ciliumMesh.checks['cilium-agents-ready']?.({}, runtime(kube)))?.passed).toBe(true);
    kube.pods = kube.pods.filter((p) => p.name !== 'cilium-envoy-2');
    const failed = await ciliumMesh.checks['cilium-agents-ready']?.({}, runtime(kube));
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence[1]).toBe('cilium-envoy: 2 ready pods on 2/3 nodes; missing on meshbench-run1-worker2');
  });
});

describe('running versions read back from the cluster', () => {
  it('asks each mesh CLI', async () => {
    const kube = new FakeKubeClient();
    expect(await istioMesh.readRunningVersion(runtime(kube, [{ match: ['istioctl', 'version', '-o', 'json'], stdout: toolOutput('istioctl', '1.28.3', 'version-json.txt') }]))).toBe('1.28.3');
    expect(await linkerdMesh.readRunningVersion(runtime(kube, [{ match: ['linkerd', 'version'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'version.txt') }]))).toBe('edge-26.6.3');
    expect(await ciliumMesh.readRunningVersion(runtime(kube, [{ match: ['cilium', 'version'], stdout: toolOutput('cilium', 'v0.18.7', 'version.txt') }]))).toBe('1.18.1');
    expect(await ciliumMesh.readRunningVersion(runtime(kube, []))).toBeNull();
  });
});
