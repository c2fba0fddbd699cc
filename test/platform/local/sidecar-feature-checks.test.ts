/**
 * The scenario features of the haproxy sidecar pair take effect for real: a request whose first
 * attempt fails is retried, a slow answer is cut at the request timeout, every request leaves an
 * access-log line in both proxies, and the hop between the proxies speaks HTTP/2. Each has a
 * control pair without the feature, so the test fails when the directive does nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { negotiatedAlpn, verifyAccessLogs, verifyConfiguredFeatures, verifyL7Denial, verifyUpstreamHttp2 } from '../../../src/platform/local/sidecar-feature-checks.ts';
import { type SidecarFeatures, type SidecarPair, startSidecarPair } from '../../../src/platform/local/sidecar-pair.ts';

const runner = new ExecaCommandRunner();
const OFF: SidecarFeatures = { authz: 'off', retries: null, requestTimeoutMs: null, accessLog: false, upstreamHttp2: false };
let root = '';
let upstream: { server: Server; port: number; hits: Map<string, number> };
const pairs: SidecarPair[] = [];

/** An app: `/flaky/<key>` answers 503 the first time and 200 after; `/slow` answers after 3 s; else 200. */
function startUpstream(): Promise<typeof upstream> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url.startsWith('/flaky/') && hits.get(url) === 1) return void res.writeHead(503).end('try again');
    if (url === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 3_000).unref();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${url}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, hits })));
}

function request(port: number, path: string, method = 'GET'): Promise<{ status: number; elapsedMs: number }> {
  const started = Date.now();
  const agent = new Agent({ keepAlive: false });
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, method, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, elapsedMs: Date.now() - started }));
    })
      .on('error', reject)
      .end();
  });
}

async function pairWith(name: string, features: Partial<SidecarFeatures>, allowedClientCn?: string): Promise<SidecarPair> {
  const pair = await startSidecarPair({ workDir: join(root, name), upstreamPort: upstream.port, threads: 1, runner, features: { ...OFF, ...features }, allowedClientCn });
  pairs.push(pair);
  return pair;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'meshbench-sidecar-features-'));
  upstream = await startUpstream();
});
afterAll(async () => {
  for (const pair of pairs) await pair.stop();
  upstream?.server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sidecar pair features, for real', () => {
  it('retries: a 503 first attempt is retried and the client gets 200; without retries it gets the 503', async () => {
    const retrying = await pairWith('retries', { retries: { attempts: 2, on: ['connect-failure', 'gateway-error'], perTryTimeoutMs: null } });
    expect((await request(retrying.clientPort, '/flaky/a')).status).toBe(200);
    expect(upstream.hits.get('/flaky/a')).toBe(2);
    const plain = await pairWith('no-retries', {});
    expect((await request(plain.clientPort, '/flaky/b')).status).toBe(503);
    expect(upstream.hits.get('/flaky/b')).toBe(1);
    const check = await verifyConfiguredFeatures({ name: 'retries-configured', configPath: retrying.configPaths['haproxy-client'], directives: ['retries ', 'retry-on '] });
    expect(check.passed, check.evidence.join('\n')).toBe(true);
    expect((await verifyConfiguredFeatures({ name: 'x', configPath: plain.configPaths['haproxy-client'], directives: ['retries '] })).passed).toBe(false);
  });

  it('timeouts: a slow answer is cut with 504 at the request timeout; without it the answer comes late', async () => {
    const bounded = await pairWith('timeout', { requestTimeoutMs: 300 });
    const cut = await request(bounded.clientPort, '/slow');
    expect(cut.status).toBe(504);
    expect(cut.elapsedMs).toBeGreaterThanOrEqual(290);
    expect(cut.elapsedMs).toBeLessThan(2_500);
    const plain = pairs.find((p) => p.features.requestTimeoutMs === null && p.features.retries === null) ?? (await pairWith('no-timeout', {}));
    const late = await request(plain.clientPort, '/slow');
    expect(late.status).toBe(200);
    expect(late.elapsedMs).toBeGreaterThanOrEqual(2_900);
  });

  it('accessLog: one line per request in each proxy; without it no log file', async () => {
    const logged = await pairWith('access-log', { accessLog: true });
    for (let i = 0; i < 5; i++) expect((await request(logged.clientPort, `/orders/${i}`)).status).toBe(200);
    const check = await verifyAccessLogs({ accessLogs: logged.accessLogs as Record<string, string>, needle: '/orders/4 HTTP/' });
    expect(check.passed, check.evidence.join('\n')).toBe(true);
    for (const path of Object.values(logged.accessLogs)) {
      const lines = readFileSync(path as string, 'utf8').split('\n').filter((l) => /"GET \S*\/orders\/\d HTTP/.test(l));
      expect(lines, path).toHaveLength(5);
    }
    const plain = await pairWith('no-access-log', {});
    expect(plain.accessLogs).toEqual({});
    expect((await verifyAccessLogs({ accessLogs: { 'haproxy-client': join(root, 'no-access-log', 'haproxy-client.access.log') }, needle: 'GET', timeoutMs: 200 })).passed).toBe(false);
  });

  it('upstreamHttp2: the server sidecar selects h2 and receives the requests as HTTP/2.0; without it HTTP/1.1', async () => {
    const h2 = await pairWith('h2', { upstreamHttp2: true, accessLog: true });
    for (let i = 0; i < 3; i++) expect((await request(h2.clientPort, `/orders/${i}`)).status).toBe(200);
    const certs = h2.certificates;
    const check = await verifyUpstreamHttp2({
      serverPort: h2.serverPort,
      caPath: certs.caCertPath,
      certPath: certs.clientCertPath,
      keyPath: certs.clientKeyPath,
      serverAccessLog: h2.accessLogs['haproxy-server'],
    });
    expect(check.passed, check.evidence.join('\n')).toBe(true);
    const serverLog = readFileSync(h2.accessLogs['haproxy-server'] as string, 'utf8');
    // haproxy logs an HTTP/2 request with its absolute URI (scheme and authority from the pseudo-headers).
    expect(serverLog).toMatch(/"GET \S*\/orders\/2 HTTP\/2\.0"/);

    const h1 = await pairWith('h1', { accessLog: true });
    expect((await request(h1.clientPort, '/orders/9')).status).toBe(200);
    const h1Certs = h1.certificates;
    expect(await negotiatedAlpn({ serverPort: h1.serverPort, caPath: h1Certs.caCertPath, certPath: h1Certs.clientCertPath, keyPath: h1Certs.clientKeyPath })).not.toBe('h2');
    await verifyAccessLogs({ accessLogs: h1.accessLogs as Record<string, string>, needle: '/orders/9 HTTP/' });
    expect(readFileSync(h1.accessLogs['haproxy-server'] as string, 'utf8')).toMatch(/"GET \/orders\/9 HTTP\/1\.1"/);
  });

  it('authz l7: order-service operations pass, anything else gets 403 from the server sidecar; l4 admits only the allowed certificate', async () => {
    const l7 = await pairWith('authz-l7', { authz: 'l7' });
    expect((await request(l7.clientPort, '/orders/7')).status).toBe(200);
    expect((await request(l7.clientPort, '/orders/7/status', 'PATCH')).status).toBe(200);
    expect((await request(l7.clientPort, '/orders/7', 'DELETE')).status).toBe(403);
    expect((await request(l7.clientPort, '/admin')).status).toBe(403);
    const check = await verifyL7Denial({ targetUrl: `http://127.0.0.1:${l7.clientPort}` });
    expect(check.passed, check.evidence.join('\n')).toBe(true);
    const open = pairs.find((p) => p.features.authz === 'off') ?? (await pairWith('authz-off', {}));
    expect((await request(open.clientPort, '/orders/7', 'DELETE')).status).not.toBe(403);
    expect((await verifyL7Denial({ targetUrl: `http://127.0.0.1:${open.clientPort}` })).passed).toBe(false);

    // l4 allowing another identity: the pair's own client certificate no longer gets a session.
    const stranger = await pairWith('authz-l4-other', { authz: 'l4' }, 'someone-else');
    expect((await request(stranger.clientPort, '/orders/7')).status).toBeGreaterThanOrEqual(500);
    const l4 = await pairWith('authz-l4', { authz: 'l4' });
    expect((await request(l4.clientPort, '/orders/7', 'DELETE')).status).not.toBe(403);
  });
});
