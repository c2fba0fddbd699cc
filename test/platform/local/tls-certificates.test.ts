import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { certificateFilesIn, CLIENT_CERT_URI, generateTlsCertificates, type TlsCertificateFiles } from '../../../src/platform/local/tls-certificates.ts';

describe('generateTlsCertificates', () => {
  const runner = new ExecaCommandRunner();
  let root = '';
  let dir = '';
  let generated: Promise<TlsCertificateFiles>;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'meshbench-tls-'));
    dir = join(root, 'run 1', 'tls');
    generated = generateTlsCertificates({ dir, runner });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes every file 0600 in a 0700 directory', async () => {
    const files = await generated;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const path of Object.values(files)) expect(statSync(path).mode & 0o777, path).toBe(0o600);
  });

  it('writes each file where certificateFilesIn says (what the plan shows before they exist)', async () => {
    expect(await generated).toEqual(certificateFilesIn(dir));
  });

  it('issues ECDSA P-256 server and client certificates that chain to the CA', async () => {
    const files = await generated;
    const verified = await runner.run('openssl', ['verify', '-CAfile', files.caCertPath, files.serverCertPath, files.clientCertPath]);
    expect(verified.stdout).toContain(`${files.serverCertPath}: OK`);
    expect(verified.stdout).toContain(`${files.clientCertPath}: OK`);
    const server = await runner.run('openssl', ['x509', '-in', files.serverCertPath, '-noout', '-text']);
    expect(server.stdout).toContain('NIST CURVE: P-256');
    expect(server.stdout).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
    expect(server.stdout).toContain('TLS Web Server Authentication');
    const client = await runner.run('openssl', ['x509', '-in', files.clientCertPath, '-noout', '-text']);
    expect(client.stdout).toContain(`URI:${CLIENT_CERT_URI}`);
    expect(client.stdout).toContain('TLS Web Client Authentication');
    const ca = await runner.run('openssl', ['x509', '-in', files.caCertPath, '-noout', '-text']);
    expect(ca.stdout).toMatch(/CA:TRUE/);
  });

  it('concatenates certificate and key for haproxy', async () => {
    const files = await generated;
    for (const [pem, cert, key] of [
      [files.serverPemPath, files.serverCertPath, files.serverKeyPath],
      [files.clientPemPath, files.clientCertPath, files.clientKeyPath],
    ] as const) {
      expect(readFileSync(pem, 'utf8')).toBe(readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
      expect(readFileSync(pem, 'utf8')).toMatch(/BEGIN CERTIFICATE[\s\S]+BEGIN PRIVATE KEY/);
    }
  });
});
