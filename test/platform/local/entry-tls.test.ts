import { describe, expect, it } from 'vitest';
import type { LoadTlsSpec } from '../../../src/config/load-tls-schema.ts';
import { describeEntryTls, entryTlsEnv, entryTlsFromRunCa, entryTlsFromScenario, prepareEntryTls } from '../../../src/platform/local/entry-tls.ts';
import type { TlsCertificateFiles } from '../../../src/platform/local/tls-certificates.ts';

const runCa: TlsCertificateFiles = {
  caCertPath: '/w/entry-tls/ca.crt',
  caKeyPath: '/w/entry-tls/ca.key',
  serverCertPath: '/w/entry-tls/server.crt',
  serverKeyPath: '/w/entry-tls/server.key',
  serverPemPath: '/w/entry-tls/server.pem',
  clientCertPath: '/w/entry-tls/client.crt',
  clientKeyPath: '/w/entry-tls/client.key',
  clientPemPath: '/w/entry-tls/client.pem',
};
const own: LoadTlsSpec = { serverCertFile: '/p/server.crt', serverKeyFile: '/p/server.key', caFile: '/p/ca.crt' };

describe('entry TLS on the local platform', () => {
  it("the run's CA: the entry serves its certificate, the agents trust the CA and send SNI localhost unless told otherwise", () => {
    expect(entryTlsFromRunCa({}, runCa)).toEqual({
      service: { tlsCertFile: runCa.serverCertPath, tlsKeyFile: runCa.serverKeyPath },
      agent: { servername: 'localhost', caFile: runCa.caCertPath },
      source: 'run-ca',
    });
    expect(entryTlsFromRunCa({ servername: 'orders.test', requireClientCertificate: true }, runCa)).toEqual({
      service: { tlsCertFile: runCa.serverCertPath, tlsKeyFile: runCa.serverKeyPath, tlsClientCaFile: runCa.caCertPath },
      agent: { servername: 'orders.test', caFile: runCa.caCertPath, certFile: runCa.clientCertPath, keyFile: runCa.clientKeyPath },
      source: 'run-ca',
    });
    expect(entryTlsFromRunCa({ insecure: true }, runCa).agent).toEqual({ servername: 'localhost', insecure: true });
  });

  it("the scenario's own files: served and trusted as given; no SNI unless named (the URL is an IP)", () => {
    expect(entryTlsFromScenario(own)).toEqual({ service: { tlsCertFile: '/p/server.crt', tlsKeyFile: '/p/server.key' }, agent: { caFile: '/p/ca.crt' }, source: 'scenario' });
    const mutual = entryTlsFromScenario({ ...own, servername: 'a.test', requireClientCertificate: true, certFile: '/p/c.crt', keyFile: '/p/c.key', clientCaFile: '/p/cca.crt' });
    expect(mutual.service.tlsClientCaFile).toBe('/p/cca.crt');
    expect(mutual.agent).toEqual({ servername: 'a.test', caFile: '/p/ca.crt', certFile: '/p/c.crt', keyFile: '/p/c.key' });
  });

  it('the plan shows the entry environment and where the certificate comes from', () => {
    expect(entryTlsEnv({ requireClientCertificate: true }, '/w/entry-tls')).toEqual({ TLS_CERT_FILE: runCa.serverCertPath, TLS_KEY_FILE: runCa.serverKeyPath, TLS_CLIENT_CA_FILE: runCa.caCertPath });
    expect(entryTlsEnv(own, '/unused')).toEqual({ TLS_CERT_FILE: '/p/server.crt', TLS_KEY_FILE: '/p/server.key' });
    expect(describeEntryTls({ servername: 'orders.test' })).toBe("entry over TLS: serves a certificate the run's CA issues for localhost, orders.test, 127.0.0.1; agents verify it against the run's CA with SNI orders.test");
    expect(describeEntryTls(own)).toBe('entry over TLS: serves /p/server.crt; agents verify it against /p/ca.crt (no SNI: an IP address)');
    expect(describeEntryTls({ insecure: true, requireClientCertificate: true })).toMatch(/agents do NOT verify it \(insecure\); client certificate required \(agents present one the run's CA issues\)$/);
  });

  it('prepareEntryTls runs no openssl for own certificates', async () => {
    const runner = { run: () => Promise.reject(new Error('no command expected')) } as unknown as Parameters<typeof prepareEntryTls>[0]['runner'];
    expect((await prepareEntryTls({ tls: own, workDir: '/w', runner })).source).toBe('scenario');
  });
});
