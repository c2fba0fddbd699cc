import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { rawGet } from '../../src/kube/kube-raw-get.ts';

let server: Server | undefined;
const seen: { url: string; authorization: string | undefined; accept: string | undefined }[] = [];

async function serve(status: number, body: string): Promise<string> {
  seen.length = 0;
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization, accept: req.headers.accept });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function kubeconfig(serverUrl: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: serverUrl, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('rawGet', () => {
  it('sends the path as written (slashes unencoded) with the kubeconfig\'s credentials', async () => {
    const url = await serve(200, '{"node":{"nodeName":"w1"}}');
    const response = await rawGet(kubeconfig(url), '/api/v1/nodes/w1/proxy/stats/summary?only_cpu_and_memory=true', { timeoutMs: 5_000 });
    expect(response).toEqual({ status: 200, body: '{"node":{"nodeName":"w1"}}' });
    expect(seen).toEqual([{ url: '/api/v1/nodes/w1/proxy/stats/summary?only_cpu_and_memory=true', authorization: 'Bearer secret-token', accept: 'application/json' }]);
  });

  it('keeps a path prefix of the server address (an API server behind a proxy path)', async () => {
    const url = await serve(200, '{}');
    await rawGet(kubeconfig(`${url}/k8s/clusters/c-1/`), '/version', { timeoutMs: 5_000 });
    expect(seen[0]?.url).toBe('/k8s/clusters/c-1/version');
  });

  it('returns an error status with its body instead of throwing', async () => {
    const url = await serve(403, 'forbidden: nodes/proxy');
    expect(await rawGet(kubeconfig(url), '/api/v1/nodes/w1/proxy/stats/summary', { timeoutMs: 5_000 })).toEqual({ status: 403, body: 'forbidden: nodes/proxy' });
  });

  it('rejects when the caller\'s signal is aborted', async () => {
    const url = await serve(200, '{}');
    await expect(rawGet(kubeconfig(url), '/version', { timeoutMs: 5_000, signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('needs a current cluster', async () => {
    await expect(rawGet(new KubeConfig(), '/version', { timeoutMs: 100 })).rejects.toThrow('kubeconfig has no current cluster');
  });
});
