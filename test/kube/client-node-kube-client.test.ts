/**
 * The client-node KubeClient against the loopback fake API server: what goes over the wire
 * (server-side apply, paths, selectors), waits and their timeout errors, pods, logs, raw GETs,
 * namespace deletion, and an API server that does not answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { createKubeClient } from '../../src/kube/client-node-kube-client.ts';
import type { KubeClient } from '../../src/kube/kube-client.ts';
import type { KubeObject } from '../../src/plan/plan-types.ts';
import { FakeKubeApi, type FakeKubeApiOptions } from '../helpers/fake-kube-api.ts';

let api: FakeKubeApi;
let dir: string;
let kube: KubeClient;

async function start(options: FakeKubeApiOptions = {}): Promise<void> {
  api = await FakeKubeApi.start(options);
  api.writeKubeconfig(join(dir, 'kubeconfig'));
  kube = createKubeClient(join(dir, 'kubeconfig'), null, { pollIntervalMs: 10, unreachableGraceMs: 300, requestTimeoutMs: 2_000 });
}

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } };

function deployment(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'bench' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'meshbench.io/role': 'server' },
          initContainers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3', restartPolicy: 'Always' }],
          containers: [{ name: 'order-service', image: 'meshbench.local/node:22', ...extra }],
        },
      },
    },
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-kube-'));
});

afterEach(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createKubeClient over the fake API server', () => {
  it('applies with server-side apply and field manager meshbench, in order, without touching the input', async () => {
    await start();
    const d = deployment('order');
    const before = JSON.stringify(d);
    await kube.apply([ns, d]);
    expect(JSON.stringify(d)).toBe(before);
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.path)).toEqual(['/api/v1/namespaces/bench', '/apis/apps/v1/namespaces/bench/deployments/order']);
    for (const p of patches) {
      expect(p.query).toEqual({ fieldManager: 'meshbench', force: 'true' });
      expect(p.contentType).toBe('application/apply-patch+yaml');
      expect(p.authorization).toBe('Bearer fake-token');
    }
    const sent = patches[1]?.body as KubeObject;
    expect(sent.metadata).toMatchObject({ name: 'order', namespace: 'bench' });
    // The native sidecar's restartPolicy survives client-node's serializer.
    expect(JSON.stringify(sent)).toContain('"restartPolicy":"Always"');
  });

  it('applies objects of a CRD created in the same apply', async () => {
    await start();
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'peerauthentications.security.istio.io' },
      spec: { group: 'security.istio.io', names: { kind: 'PeerAuthentication', plural: 'peerauthentications' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] },
    };
    const pa: KubeObject = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'bench' }, spec: { mtls: { mode: 'STRICT' } } };
    await kube.apply([ns, crd]);
    await kube.waitFor({ type: 'crd-established', name: 'peerauthentications.security.istio.io' }, { timeoutMs: 1_000 });
    await kube.apply([pa]);
    expect(api.object('PeerAuthentication', 'default', 'bench')?.['spec']).toEqual({ mtls: { mode: 'STRICT' } });
  });

  it('waits for a rollout and lists pods with native sidecars flagged', async () => {
    await start();
    await kube.apply([ns, deployment('order')]);
    await kube.waitFor({ type: 'rollout', namespace: 'bench', workloadKind: 'Deployment', name: 'order' }, { timeoutMs: 1_000 });
    const pods = await kube.listPods('bench', 'app=order');
    expect(pods).toHaveLength(1);
    expect(pods[0]).toMatchObject({
      namespace: 'bench',
      nodeName: 'kind-worker',
      phase: 'Running',
      ready: true,
      containers: ['order-service'],
      initContainers: [{ name: 'istio-proxy', sidecar: true }],
    });
    expect(api.requests.some((r) => r.path === '/api/v1/namespaces/bench/pods' && r.query['labelSelector'] === 'app=order')).toBe(true);
    expect(await kube.listPods('bench', 'app=other')).toEqual([]);
  });

  it('times out a rollout with NOT_READY naming the stuck pod, its state and its events', async () => {
    await start({ podTrouble: () => ({ reason: 'ErrImageNeverPull', message: 'Container image "meshbench.local/node:22" is not present with pull policy of Never' }) });
    await kube.apply([ns, deployment('order')]);
    const started = Date.now();
    const error = await kube.waitFor({ type: 'rollout', namespace: 'bench', workloadKind: 'Deployment', name: 'order' }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect(e.code).toBe('NOT_READY');
    expect(e.message).toMatch(/^Deployment bench\/order rollout: not ready after 0.2 s: 1\/1 updated, 0\/1 available; pod order-\S+ is Pending: container istio-proxy ErrImageNeverPull/);
    const details = e.details.join('\n');
    expect(details).toMatch(/pod bench\/order-\S+ on kind-worker: Pending/);
    expect(details).toMatch(/Warning ErrImageNeverPull Pod\/order-\S+: Container image "meshbench.local\/node:22" is not present with pull policy of Never/);
  });

  it('reports an unschedulable pod with the scheduler event', async () => {
    await start();
    const d = deployment('order');
    ((d['spec'] as { template: { spec: Record<string, unknown> } }).template.spec)['nodeSelector'] = { 'meshbench.io/role': 'nowhere' };
    await kube.apply([ns, d]);
    const error = (await kube.waitFor({ type: 'rollout', namespace: 'bench', workloadKind: 'Deployment', name: 'order' }, { timeoutMs: 100 }).catch((e: unknown) => e)) as HarnessError;
    expect(error.message).toMatch(/pod order-\S+ is Pending: unschedulable \(0\/3 nodes are available/);
    expect(error.details.join('\n')).toMatch(/Warning FailedScheduling/);
  });

  it('fails a Job wait at once when the Job failed, and waits for completion otherwise', async () => {
    await start({ jobOutcome: (job) => (String((job['metadata'] as { name: string }).name).includes('bad') ? { phase: 'Failed', log: 'boom' } : { phase: 'Succeeded', log: 'ok' }) });
    const job = (name: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'bench' },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'agent', image: 'x' }] } } },
    });
    await kube.apply([ns, job('good'), job('bad')]);
    await kube.waitFor({ type: 'job-complete', namespace: 'bench', name: 'good' }, { timeoutMs: 1_000 });
    const started = Date.now();
    const error = (await kube.waitFor({ type: 'job-complete', namespace: 'bench', name: 'bad' }, { timeoutMs: 60_000 }).catch((e: unknown) => e)) as HarnessError;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toMatch(/Job bench\/bad complete: failed: BackoffLimitExceeded/);
    const [pod] = await kube.listPods('bench', 'job-name=good');
    expect(await kube.podLogs('bench', pod?.name ?? '', 'agent')).toBe('ok');
  });

  it('waits for nodes and names the ones not Ready on timeout', async () => {
    await start({ nodes: [{ name: 'cp', controlPlane: true }, { name: 'w1', ready: false }] });
    await kube.waitFor({ type: 'nodes-ready', count: 1 }, { timeoutMs: 500 });
    const error = (await kube.waitFor({ type: 'nodes-ready', count: 2 }, { timeoutMs: 100 }).catch((e: unknown) => e)) as HarnessError;
    expect(error.message).toBe('2 nodes Ready: not ready after 0.1 s: 1/2 nodes Ready');
    expect(error.details[0]).toMatch(/^node w1: KubeletNotReady \(container runtime network not ready/);
    expect((await kube.listNodes()).map((n) => [n.name, n.ready])).toEqual([
      ['cp', true],
      ['w1', false],
    ]);
  });

  it('GETs raw paths unencoded (the kubelet summary through the node proxy)', async () => {
    await start();
    const summary = (await kube.getRaw('/api/v1/nodes/kind-worker/proxy/stats/summary')) as { node: { nodeName: string } };
    expect(summary.node.nodeName).toBe('kind-worker');
    const request = api.requests.find((r) => r.path.includes('/proxy/'));
    expect(request?.path).toBe('/api/v1/nodes/kind-worker/proxy/stats/summary');
    expect(request?.authorization).toBe('Bearer fake-token');
    const error = (await kube.getRaw('/api/v1/nodes/kind-worker/proxy/nope').catch((e: unknown) => e)) as HarnessError;
    expect(error.message).toMatch(/answered HTTP 404/);
  });

  it('deletes a namespace and waits until it is gone; a missing one is fine', async () => {
    await start();
    await kube.apply([ns, deployment('order')]);
    await kube.deleteNamespace('bench', { timeoutMs: 2_000 });
    expect(api.object('Namespace', 'bench')).toBeUndefined();
    expect(api.objects('Pod', 'bench')).toEqual([]);
    await kube.deleteNamespace('bench', { timeoutMs: 100 });
  });

  it('formats events oldest first and reads the server version', async () => {
    await start();
    await kube.apply([ns]);
    api.addEvent({ namespace: 'bench', kind: 'Pod', name: 'p1', reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning' });
    const lines = await kube.events('bench', 'p1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ Warning BackOff Pod\/p1: Back-off restarting failed container$/);
    expect(api.requests.at(-1)?.query['fieldSelector']).toBe('involvedObject.name=p1');
    expect(await kube.serverVersion()).toBe('v1.34.0');
  });

  it('refuses an API error with the server\'s message', async () => {
    await start();
    const error = (await kube.apply([deployment('order')]).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('Kubernetes API refused to apply Deployment bench/order: HTTP 404: namespaces "bench" not found');
  });

  it('fails fast, naming the address, when the API server does not answer', async () => {
    await start();
    // A port that was free a moment ago: connection refused.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const kubeconfig = join(dir, 'dead');
    api.writeKubeconfig(kubeconfig);
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace(api.url, `http://127.0.0.1:${port}`));
    const dead = createKubeClient(kubeconfig, null, { pollIntervalMs: 20, unreachableGraceMs: 200 });
    const started = Date.now();
    const error = (await dead.waitFor({ type: 'nodes-ready', count: 3 }, { timeoutMs: 60_000 }).catch((e: unknown) => e)) as HarnessError;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toContain(`the Kubernetes API server at http://127.0.0.1:${port} did not answer (wait for 3 nodes Ready)`);
    expect(error.message).toContain('ECONNREFUSED');
    const direct = (await dead.listPods('x').catch((e: unknown) => e)) as HarnessError;
    expect(direct.code).toBe('NOT_READY');
  });

  it('rejects an unknown context with the known ones', () => {
    return start().then(() => {
      expect(() => createKubeClient(join(dir, 'kubeconfig'), 'nope')).toThrow(/context "nope" is not in/);
    });
  });
});
