import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { renderClientSidecarConfig, renderServerSidecarConfig } from '../../../src/platform/local/haproxy-config.ts';
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
});
