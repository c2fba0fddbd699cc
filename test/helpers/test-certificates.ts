/**
 * Throwaway TLS certificates for tests (a CA and a server certificate for localhost / 127.0.0.1),
 * generated with openssl by the local platform's generator, in a temp directory the caller removes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import { generateTlsCertificates } from '../../src/platform/local/tls-certificates.ts';

export interface TestCertificates {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  caPath: string;
  certPath: string;
  keyPath: string;
  remove(): void;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const root = mkdtempSync(join(tmpdir(), 'meshbench-test-tls-'));
  const files = await generateTlsCertificates({ dir: join(root, 'tls'), runner: new ExecaCommandRunner() });
  return {
    ca: readFileSync(files.caCertPath),
    cert: readFileSync(files.serverCertPath),
    key: readFileSync(files.serverKeyPath),
    caPath: files.caCertPath,
    certPath: files.serverCertPath,
    keyPath: files.serverKeyPath,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
