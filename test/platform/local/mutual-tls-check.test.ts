/**
 * The mutual-TLS evidence against in-process servers on loopback with certificates made by
 * openssl (tens of milliseconds): a server that demands a client certificate passes; one that
 * accepts TLS without it, one that answers plaintext, and a closed port fail, each saying why.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { verifyMutualTls } from '../../../src/platform/local/mutual-tls-check.ts';
import { generateTlsCertificates, type TlsCertificateFiles } from '../../../src/platform/local/tls-certificates.ts';

let root: string;
let certs: TlsCertificateFiles;
let server: HttpServer | null = null;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'meshbench-mtls-check-'));
  certs = await generateTlsCertificates({ dir: join(root, 'tls'), runner: new ExecaCommandRunner() });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function listen(s: HttpServer): Promise<number> {
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

function tlsServer(requireClientCert: boolean): HttpServer {
  return createHttpsServer(
    {
      key: readFileSync(certs.serverKeyPath),
      cert: readFileSync(certs.serverCertPath),
      ca: readFileSync(certs.caCertPath),
      requestCert: requireClientCert,
      rejectUnauthorized: requireClientCert,
    },
    (_req, res) => res.writeHead(200).end('ok'),
  ) as unknown as HttpServer;
}

const clientCertificate = () => ({ certPath: certs.clientCertPath, keyPath: certs.clientKeyPath });

describe('verifyMutualTls', () => {
  it('passes a server that refuses TLS without a client certificate and plaintext, and answers with one', async () => {
    const port = await listen(tlsServer(true));
    const check = await verifyMutualTls({ serverPort: port, caPath: certs.caCertPath, clientCertificate: clientCertificate(), timeoutMs: 2_000 });
    expect(check.name).toBe('mtls-enforced');
    expect(check.passed).toBe(true);
    expect(check.evidence[0]).toMatch(new RegExp(`^TLS without a client certificate to 127\\.0\\.0\\.1:${port}: refused: connection`));
    expect(check.evidence[1]).toMatch(/^plaintext HTTP to .*: refused: connection .*no HTTP response/);
    expect(check.evidence[2]).toBe(`TLS with the client certificate to 127.0.0.1:${port} (control): answered "HTTP/1.1 200 OK"`);
  });

  it('fails a server that accepts TLS without a client certificate', async () => {
    const port = await listen(tlsServer(false));
    const check = await verifyMutualTls({ serverPort: port, caPath: certs.caCertPath, timeoutMs: 2_000 });
    expect(check.passed).toBe(false);
    expect(check.evidence[0]).toBe(`TLS without a client certificate to 127.0.0.1:${port}: answered "HTTP/1.1 200 OK"`);
  });

  it('fails a plaintext server and a closed port: no positive evidence of a refusal', async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(200).end('ok')));
    const plain = await verifyMutualTls({ serverPort: port, caPath: certs.caCertPath, timeoutMs: 2_000 });
    expect(plain.passed).toBe(false);
    expect(plain.evidence[1]).toBe(`plaintext HTTP to 127.0.0.1:${port}: answered "HTTP/1.1 200 OK"`);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    const closed = await verifyMutualTls({ serverPort: port, caPath: certs.caCertPath, timeoutMs: 2_000 });
    expect(closed.passed).toBe(false);
    expect(closed.evidence[0]).toBe(`TLS without a client certificate to 127.0.0.1:${port}: could not connect (ECONNREFUSED): nothing listening?`);
  });
});
