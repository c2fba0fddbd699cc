/**
 * A throw-away PKI for the TLS tests, made with `openssl` at test time (nothing secret is
 * committed): a CA, a server certificate for localhost / meshbench.test / 127.0.0.1 / ::1 signed by
 * it, and a client certificate signed by it. EC P-256 keys, valid for two days. `cleanup()`
 * removes the folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  /** File paths. */
  caCertFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** Server certificate and key in one file (haproxy's `crt`). */
  serverPemFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A second, unrelated client key (does not match clientCertFile). */
  otherKeyFile: string;
  /** Contents, for node:tls servers. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  cleanup(): void;
}

const CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = meshbench-test
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,DNS:meshbench.test,IP:127.0.0.1,IP:::1
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
`;

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'meshbench-pki-'));
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(f('openssl.cnf'), CONFIG);
  try {
    openssl('req', '-x509', '-config', f('openssl.cnf'), '-extensions', 'ca', ...newKey, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=meshbench-test-ca');
    for (const [name, cn, serial] of [['server', 'meshbench.test', '2'], ['client', 'meshbench-load-agent', '3']] as const) {
      openssl('req', '-new', '-config', f('openssl.cnf'), ...newKey, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
      openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-set_serial', serial, '-days', '2', '-extfile', f('openssl.cnf'), '-extensions', name, '-out', f(`${name}.crt`));
    }
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', f('other.key'));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const serverCert = readFileSync(f('server.crt'), 'utf8');
  const serverKey = readFileSync(f('server.key'), 'utf8');
  writeFileSync(f('server.pem'), `${serverCert}${serverKey}`);
  return {
    dir,
    caCertFile: f('ca.crt'),
    serverCertFile: f('server.crt'),
    serverKeyFile: f('server.key'),
    serverPemFile: f('server.pem'),
    clientCertFile: f('client.crt'),
    clientKeyFile: f('client.key'),
    otherKeyFile: f('other.key'),
    caCert: readFileSync(f('ca.crt'), 'utf8'),
    serverCert,
    serverKey,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
