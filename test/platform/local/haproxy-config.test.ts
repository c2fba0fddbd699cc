import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { idleBackendName, renderClientSidecarConfig, renderServerSidecarConfig, retryOnKeywords } from '../../../src/platform/local/haproxy-config.ts';
import { generateTlsCertificates } from '../../../src/platform/local/tls-certificates.ts';

const client = {
  threads: 2,
  listenPort: 15001,
  serverSidecarPort: 15006,
  caPath: '/run/tls/ca.crt',
  clientPemPath: '/run/tls/client.pem',
};
const server = {
  threads: 2,
  listenPort: 15006,
  upstreamPort: 8080,
  caPath: '/run/tls/ca.crt',
  serverPemPath: '/run/tls/server.pem',
};

/** Config lines without comments and indentation. */
const lines = (config: string) =>
  config
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

describe('renderClientSidecarConfig', () => {
  it('is an HTTP proxy from a plaintext loopback port to the server sidecar over verified mutual TLS', () => {
    const found = lines(renderClientSidecarConfig({ ...client, maxConnections: 1000 }));
    expect(found).toEqual(
      expect.arrayContaining([
        'nbthread 2',
        'maxconn 1000',
        'mode http',
        'option http-keep-alive',
        'bind 127.0.0.1:15001',
        'http-reuse always',
        'server server-sidecar 127.0.0.1:15006 ssl verify required ca-file "/run/tls/ca.crt" crt "/run/tls/client.pem" sni str(localhost) verifyhost localhost',
      ]),
    );
    expect(found.filter((l) => /^log\b|httplog|tcplog/.test(l))).toEqual([]);
  });
});

describe('renderServerSidecarConfig', () => {
  it('requires a client certificate and forwards plaintext to the app', () => {
    const found = lines(renderServerSidecarConfig(server));
    expect(found).toEqual(
      expect.arrayContaining([
        'nbthread 2',
        'maxconn 4096',
        'mode http',
        'bind 127.0.0.1:15006 ssl crt "/run/tls/server.pem" verify required ca-file "/run/tls/ca.crt"',
        'server order-service 127.0.0.1:8080',
      ]),
    );
  });

  it.each([
    { name: 'port 0', options: { ...server, listenPort: 0 } },
    { name: 'port 70000', options: { ...server, upstreamPort: 70_000 } },
    { name: 'zero threads', options: { ...server, threads: 0 } },
    { name: 'a quote in a path', options: { ...server, caPath: '/tmp/a"b' } },
    { name: 'a newline in a path', options: { ...server, serverPemPath: '/tmp/a\nb' } },
  ])('refuses $name', ({ options }) => {
    expect(() => renderServerSidecarConfig(options)).toThrow(HarnessError);
  });
});

describe('scenario features in the configs', () => {
  const retries = { attempts: 2, on: ['connect-failure', 'gateway-error'] as const, perTryTimeoutMs: null };

  it('retries: retries N and retry-on in the client sidecar backend only', () => {
    const found = lines(renderClientSidecarConfig({ ...client, retries }));
    expect(found).toEqual(expect.arrayContaining(['retries 2', 'retry-on conn-failure 502 503 504']));
    expect(lines(renderServerSidecarConfig(server)).filter((l) => l.startsWith('retr'))).toEqual([]);
  });

  it('maps every retry condition to haproxy keywords; a per-try timeout adds response-timeout and timeout server', () => {
    expect(retryOnKeywords({ attempts: 1, on: ['reset', '5xx'], perTryTimeoutMs: 250 })).toEqual(['empty-response', '500', '501', '502', '503', '504', 'response-timeout']);
    const found = lines(renderClientSidecarConfig({ ...client, retries: { ...retries, perTryTimeoutMs: 250 } }));
    // The backend's timeout server follows the defaults' 60s, so it is the one that applies.
    expect(found.indexOf('timeout server 250ms')).toBeGreaterThan(found.indexOf('timeout server 60s'));
  });

  it('timeouts: timeout server in the client sidecar backend; refused together with retries', () => {
    expect(lines(renderClientSidecarConfig({ ...client, requestTimeoutMs: 1_500 }))).toContain('timeout server 1500ms');
    expect(() => renderClientSidecarConfig({ ...client, retries, requestTimeoutMs: 1_500 })).toThrow(/each attempt/);
    expect(() => renderClientSidecarConfig({ ...client, requestTimeoutMs: 0.5 })).toThrow(HarnessError);
  });

  it('accessLog: log to stdout with option httplog in both halves', () => {
    for (const config of [renderClientSidecarConfig({ ...client, accessLog: true }), renderServerSidecarConfig({ ...server, accessLog: true })]) {
      expect(lines(config)).toEqual(expect.arrayContaining(['log stdout format raw local0 info', 'log global', 'option httplog']));
    }
  });

  it('authz: l4 rejects sessions of other certificates; l7 also denies what is no order-service operation', () => {
    const l4 = lines(renderServerSidecarConfig({ ...server, authz: 'l4', allowedClientCn: 'meshbench-load-agent' }));
    expect(l4).toContain('tcp-request session reject unless { ssl_c_s_dn(cn) -m str meshbench-load-agent }');
    expect(l4.some((l) => l.startsWith('http-request deny'))).toBe(false);
    const l7 = lines(renderServerSidecarConfig({ ...server, authz: 'l7', allowedClientCn: 'meshbench-load-agent' }));
    expect(l7).toEqual(
      expect.arrayContaining([
        'acl op0_method method POST',
        'acl op0_path path_reg ^/orders$',
        'acl op2_path path_reg ^/orders/[^/]+/status$',
        'http-request deny deny_status 403 unless op0_method op0_path or op1_method op1_path or op2_method op2_path',
      ]),
    );
    expect(() => renderServerSidecarConfig({ ...server, authz: 'l4', allowedClientCn: 'a b' })).toThrow(HarnessError);
  });

  it('upstreamHttp2: ALPN h2 on the client server line and h2,http/1.1 on the server bind', () => {
    expect(lines(renderClientSidecarConfig({ ...client, upstreamHttp2: true })).find((l) => l.startsWith('server '))).toMatch(/ alpn h2$/);
    expect(lines(renderServerSidecarConfig({ ...server, upstreamHttp2: true })).find((l) => l.startsWith('bind '))).toMatch(/ alpn h2,http\/1\.1$/);
    expect(renderClientSidecarConfig(client)).not.toContain('alpn');
  });
});

describe('idle services (workload.idleServices)', () => {
  const idle = { count: 3, endpointPort: 15006, caPath: '/run/tls/ca.crt', clientPemPath: '/run/tls/client.pem' };

  it('are N idle mutual-TLS backends in both sidecars, after the live path, with no health checks', () => {
    for (const config of [renderClientSidecarConfig({ ...client, idleServices: idle }), renderServerSidecarConfig({ ...server, idleServices: idle })]) {
      const l = lines(config);
      expect(l.filter((x) => x.startsWith('backend idle-svc-'))).toEqual(['backend idle-svc-0001', 'backend idle-svc-0002', 'backend idle-svc-0003']);
      const servers = l.filter((x) => x.startsWith('server idle-svc-'));
      expect(servers).toHaveLength(3);
      for (const s of servers) {
        expect(s).toMatch(/^server idle-svc-000\d 127\.0\.0\.1:15006 ssl verify required ca-file "\/run\/tls\/ca\.crt" crt "\/run\/tls\/client\.pem"/);
        expect(s).not.toContain(' check');
      }
      // The frontend still routes only to the live backend.
      expect(l.filter((x) => x.startsWith('default_backend'))).toHaveLength(1);
    }
    expect(idleBackendName(12)).toBe('idle-svc-0012');
  });

  it('add nothing at 0 and refuse a count out of range', () => {
    expect(renderClientSidecarConfig({ ...client, idleServices: { ...idle, count: 0 } })).toBe(renderClientSidecarConfig(client));
    expect(() => renderServerSidecarConfig({ ...server, idleServices: { ...idle, count: 2_001 } })).toThrow(/idle services 2001 is not 0\.\.2000/);
  });
});

describe('generated configs pass `haproxy -c`', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshbench haproxy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const runner = new ExecaCommandRunner();

  it('for both halves, with certificate paths containing spaces', async () => {
    const tls = await generateTlsCertificates({ dir: join(dir, 'tls'), runner });
    const configs = {
      'client.cfg': renderClientSidecarConfig({ ...client, caPath: tls.caCertPath, clientPemPath: tls.clientPemPath }),
      'server.cfg': renderServerSidecarConfig({ ...server, caPath: tls.caCertPath, serverPemPath: tls.serverPemPath }),
    };
    for (const [name, text] of Object.entries(configs)) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const checked = await runner.run('haproxy', ['-c', '-f', path], { allowFailure: true });
      expect(checked.exitCode, checked.stderr).toBe(0);
      expect(`${checked.stdout}\n${checked.stderr}`).not.toMatch(/WARNING|ALERT/);
    }
  });

  it('with every feature the pair implements', async () => {
    const tls = await generateTlsCertificates({ dir: join(dir, 'tls-features'), runner });
    const features = { accessLog: true, upstreamHttp2: true };
    const configs = {
      'client-retries.cfg': renderClientSidecarConfig({
        ...client,
        ...features,
        caPath: tls.caCertPath,
        clientPemPath: tls.clientPemPath,
        retries: { attempts: 3, on: ['connect-failure', 'reset', '5xx'], perTryTimeoutMs: 500 },
      }),
      'client-timeout.cfg': renderClientSidecarConfig({ ...client, ...features, caPath: tls.caCertPath, clientPemPath: tls.clientPemPath, requestTimeoutMs: 2_000 }),
      'server.cfg': renderServerSidecarConfig({ ...server, ...features, caPath: tls.caCertPath, serverPemPath: tls.serverPemPath, authz: 'l7', allowedClientCn: 'meshbench-load-agent' }),
      'client-idle.cfg': renderClientSidecarConfig({
        ...client,
        caPath: tls.caCertPath,
        clientPemPath: tls.clientPemPath,
        idleServices: { count: 50, endpointPort: server.listenPort, caPath: tls.caCertPath, clientPemPath: tls.clientPemPath },
      }),
      'server-idle.cfg': renderServerSidecarConfig({
        ...server,
        caPath: tls.caCertPath,
        serverPemPath: tls.serverPemPath,
        idleServices: { count: 50, endpointPort: server.listenPort, caPath: tls.caCertPath, clientPemPath: tls.clientPemPath },
      }),
    };
    for (const [name, text] of Object.entries(configs)) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const checked = await runner.run('haproxy', ['-c', '-f', path], { allowFailure: true });
      expect(checked.exitCode, `${name}: ${checked.stderr}`).toBe(0);
      expect(`${checked.stdout}\n${checked.stderr}`, name).not.toMatch(/WARNING|ALERT/);
    }
  });
});
