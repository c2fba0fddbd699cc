import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { runClosedLoop } from '../../src/load/closed-loop-engine.ts';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { describeTlsError, loadTlsClient, probeTls, serverNameOf } from '../../src/load/tls-connect.ts';
import type { TlsClientSpec } from '../../src/plan/agent-protocol.ts';
import { createTestPki, type TestPki } from '../helpers/test-pki.ts';
import { startTlsTestServer, type TlsTestServer, type TlsTestServerOptions } from '../helpers/tls-test-server.ts';

let pki: TestPki;
let server: TlsTestServer | null = null;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.cleanup());
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(options: Omit<TlsTestServerOptions, 'pki'> = {}): Promise<TlsTestServer> {
  server = await startTlsTestServer({ pki, ...options });
  return server;
}

/** A short closed loop over TLS against `url`. */
function closedLoop(url: string, tls: TlsClientSpec | undefined, options: { connections?: number; durationMs?: number } = {}) {
  return runClosedLoop({
    targetUrl: url,
    connections: options.connections ?? 2,
    warmupMs: 0,
    durationMs: options.durationMs ?? 400,
    timeoutMs: 2_000,
    tls,
    picker: createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: {} }),
  });
}

function thrown(f: () => unknown): HarnessError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    return err as HarnessError;
  }
  throw new Error('expected an error');
}

describe('TLS client settings are checked before any connection', () => {
  const url = new URL('https://127.0.0.1:8443/');

  it('names a missing CA file', () => {
    const err = thrown(() => loadTlsClient(url, { caFile: join(pki.dir, 'missing.pem') }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toBe(`CA file ${join(pki.dir, 'missing.pem')}: no such file`);
  });

  it('names a CA file with no certificate in it, and the line of a corrupt one', () => {
    const empty = join(pki.dir, 'empty.pem');
    writeFileSync(empty, 'not a certificate\n');
    expect(thrown(() => loadTlsClient(url, { caFile: empty })).message).toMatch(`CA file ${empty}: no PEM certificate in it`);
    const corrupt = join(pki.dir, 'corrupt.pem');
    // A good certificate, then a block whose body is not DER.
    writeFileSync(corrupt, `${pki.caCert}# second one\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n`);
    const line = pki.caCert.split('\n').length + 1;
    expect(thrown(() => loadTlsClient(url, { caFile: corrupt })).message).toMatch(new RegExp(`^CA file ${corrupt} line ${line}: not a valid certificate`));
  });

  it('refuses a client certificate without its key, a key that is not the certificate\'s, an encrypted key, an IP as SNI', () => {
    expect(thrown(() => loadTlsClient(url, { certFile: pki.clientCertFile })).message).toMatch(/needs its private key/);
    expect(thrown(() => loadTlsClient(url, { keyFile: pki.clientKeyFile })).message).toMatch(/needs its client certificate/);
    expect(thrown(() => loadTlsClient(url, { certFile: pki.clientCertFile, keyFile: pki.otherKeyFile })).message).toBe(
      `client certificate ${pki.clientCertFile} and private key ${pki.otherKeyFile} do not match (the key is not the certificate's)`,
    );
    const encrypted = join(pki.dir, 'encrypted.key');
    writeFileSync(encrypted, '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n');
    expect(thrown(() => loadTlsClient(url, { certFile: pki.clientCertFile, keyFile: encrypted })).message).toMatch(`private key file ${encrypted} line 1: the key is encrypted`);
    const garbage = join(pki.dir, 'garbage.key');
    writeFileSync(garbage, '\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect(thrown(() => loadTlsClient(url, { certFile: pki.clientCertFile, keyFile: garbage })).message).toMatch(`private key file ${garbage} line 2: not a valid private key`);
    expect(thrown(() => loadTlsClient(url, { servername: '10.0.0.1' })).message).toMatch(/SNI cannot carry an IP address/);
  });

  it('describes a TLS error in one line: OpenSSL\'s reason, Node\'s message, and the code', () => {
    const openssl = Object.assign(new Error('80:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../ssl/rec.c:1601:SSL alert number 116\n'), {
      code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      reason: 'tlsv13 alert certificate required',
    });
    expect(describeTlsError(openssl)).toBe('tlsv13 alert certificate required (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED)');
    const node = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(describeTlsError(node)).toBe('self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)');
  });

  it('sends the URL host as SNI, none for an IP literal, or the override', () => {
    expect(serverNameOf(new URL('https://orders.example:8443/'), undefined)).toBe('orders.example');
    expect(serverNameOf(new URL('https://127.0.0.1:8443/'), undefined)).toBeUndefined();
    expect(serverNameOf(new URL('https://[::1]:8443/'), undefined)).toBeUndefined();
    expect(serverNameOf(new URL('https://127.0.0.1:8443/'), { servername: 'gateway.example' })).toBe('gateway.example');
  });
});

describe('TLS against a local server', () => {
  it('the server sees the SNI: the URL host, the override, none for an IP', async () => {
    const s = await serve();
    const byName = await closedLoop(`https://localhost:${s.port}`, { caFile: pki.caCertFile }, { connections: 1, durationMs: 100 });
    expect(byName.ok).toBeGreaterThan(0);
    expect(s.servernames).toEqual(['localhost']);
    s.servernames.length = 0;
    const overridden = await closedLoop(s.url, { caFile: pki.caCertFile, servername: 'meshbench.test' }, { connections: 1, durationMs: 100 });
    expect(overridden.ok).toBeGreaterThan(0);
    expect(s.servernames).toEqual(['meshbench.test']);
    s.servernames.length = 0;
    // No SNI for an IP; the certificate is checked against its IP address entry.
    const byIp = await closedLoop(s.url, { caFile: pki.caCertFile }, { connections: 1, durationMs: 100 });
    expect(byIp.ok).toBeGreaterThan(0);
    expect(s.servernames).toEqual(['']);
  });

  it('refuses a certificate from an untrusted CA (no CA given), with the reason and what to do', async () => {
    const s = await serve();
    const err = await probeTls(new URL(s.url), undefined, { host: '127.0.0.1', port: s.port, timeoutMs: 2_000 }).catch((e: unknown) => e as HarnessError);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as HarnessError).code).toBe('COMMAND_FAILED');
    expect((err as HarnessError).message).toMatch(/^TLS with 127\.0\.0\.1:\d+ failed: .*(self-signed certificate in certificate chain|unable to)/i);
    expect((err as HarnessError).hint).toMatch(/--cacert/);
    // The engine itself counts every such request as a 'tls' error and keeps no response.
    const r = await closedLoop(s.url, undefined, { durationMs: 200 });
    expect(r.completed).toBe(0);
    expect(Object.keys(r.errorCounts)).toEqual(['tls']);
    expect(r.tls).toBeUndefined();
    // With --insecure, explicitly, the same server is loaded.
    const insecure = await closedLoop(s.url, { insecure: true }, { durationMs: 100 });
    expect(insecure.ok).toBeGreaterThan(0);
  });

  it('refuses a name the certificate does not list', async () => {
    const s = await serve();
    const err = await probeTls(new URL(s.url), { caFile: pki.caCertFile, servername: 'other.example' }, { host: '127.0.0.1', port: s.port, timeoutMs: 2_000 }).catch((e: unknown) => e as HarnessError);
    expect((err as HarnessError).message).toMatch(/SNI other\.example.*ERR_TLS_CERT_ALTNAME_INVALID/);
    expect((err as HarnessError).hint).toMatch(/--servername/);
  });

  it('presents a client certificate when the server requires one, and fails clearly without it', async () => {
    const s = await serve({ requireClientCert: true });
    const err = await probeTls(new URL(s.url), { caFile: pki.caCertFile }, { host: '127.0.0.1', port: s.port, timeoutMs: 2_000 }).catch((e: unknown) => e as HarnessError);
    expect(err).toBeInstanceOf(HarnessError);
    // OpenSSL's reason, not its raw error string with file and line.
    expect((err as HarnessError).message).toMatch(/failed: tlsv13 alert certificate required \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)$/);
    expect((err as HarnessError).hint).toMatch(/--cert and --key/);
    const mtls = { caFile: pki.caCertFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile };
    await expect(probeTls(new URL(s.url), mtls, { host: '127.0.0.1', port: s.port, timeoutMs: 2_000 })).resolves.toMatchObject({ version: 'TLSv1.3' });
    const r = await closedLoop(s.url, mtls, { durationMs: 200 });
    expect(r.ok).toBeGreaterThan(0);
    expect(r.errors).toBe(0);
    expect([...s.clientNames]).toEqual(['meshbench-load-agent']);
  });

  it.each(['TLSv1.3', 'TLSv1.2'] as const)('%s: resumes the last session on every reconnect, and records version and cipher', async (maxVersion) => {
    // Every 2nd response says Connection: close: one connection reconnects again and again.
    const s = await serve({ closeEvery: 2, maxVersion });
    const r = await closedLoop(s.url, { caFile: pki.caCertFile }, { connections: 1, durationMs: 600 });
    expect(r.errors).toBe(0);
    const tls = r.tls as NonNullable<typeof r.tls>;
    // At least one reconnect even on a loaded machine (idle, this is hundreds).
    expect(tls.handshakes).toBeGreaterThanOrEqual(2);
    // Only the first handshake is a full one; the server agrees.
    expect(tls.resumedSessions).toBe(tls.handshakes - 1);
    expect(s.resumed).toBe(s.handshakes - 1);
    expect(tls.handshakes).toBe(s.handshakes);
    expect(tls.version).toBe(maxVersion);
    // IANA names: TLS 1.3 suites are TLS_AES_…/TLS_CHACHA20_…, TLS 1.2 ECDHE suites TLS_ECDHE_ECDSA_WITH_….
    expect(tls.cipher).toMatch(maxVersion === 'TLSv1.3' ? /^TLS_(AES_\d+_GCM|CHACHA20_POLY1305)_SHA\d+$/ : /^TLS_ECDHE_ECDSA_WITH_/);
  });

  it('fails fast with the reason when the port does not speak TLS, or nothing listens', async () => {
    const { startTestServer } = await import('../helpers/http-test-server.ts');
    const plain = await startTestServer({});
    try {
      const err = await probeTls(new URL(`https://127.0.0.1:${plain.port}`), undefined, { host: '127.0.0.1', port: plain.port, timeoutMs: 2_000 }).catch((e: unknown) => e as HarnessError);
      expect((err as HarnessError).message).toMatch(/WRONG_VERSION_NUMBER|wrong version number/i);
      expect((err as HarnessError).hint).toMatch(/http:\/\//);
    } finally {
      await plain.close();
    }
    const refused = await probeTls(new URL('https://127.0.0.1:9'), undefined, { host: '127.0.0.1', port: 9, timeoutMs: 2_000 }).catch((e: unknown) => e as HarnessError);
    expect((refused as HarnessError).message).toMatch(/connection refused/);
  });
});
