import { describe, expect, it } from 'vitest';
import { LOAD_TLS_FILE_FIELDS, LoadTlsSpecSchema, usesOwnCertificates } from '../../src/config/load-tls-schema.ts';

/** The messages of a refused block, by field. */
function problems(input: unknown): Record<string, string> {
  const parsed = LoadTlsSpecSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('LoadTlsSpecSchema', () => {
  it('accepts the run-issued mode (no files) and the own-PKI mode with a CA', () => {
    expect(problems({})).toEqual({});
    expect(problems({ servername: 'orders.test', requireClientCertificate: true })).toEqual({});
    expect(problems({ serverCertFile: 's.crt', serverKeyFile: 's.key', caFile: 'ca.crt' })).toEqual({});
    expect(problems({ serverCertFile: 's.crt', serverKeyFile: 's.key', insecure: true })).toEqual({});
    expect(problems({ serverCertFile: 's.crt', serverKeyFile: 's.key', caFile: 'ca.crt', requireClientCertificate: true, certFile: 'c.crt', keyFile: 'c.key', clientCaFile: 'ca.crt' })).toEqual({});
  });

  it('refuses half a pair, files without serverCertFile, and an IP address as SNI', () => {
    expect(problems({ serverCertFile: 's.crt', caFile: 'ca.crt' })).toHaveProperty('serverCertFile', expect.stringMatching(/needs serverKeyFile/));
    expect(problems({ caFile: 'ca.crt' })).toHaveProperty('caFile', expect.stringMatching(/goes with serverCertFile and serverKeyFile/));
    expect(problems({ servername: '10.0.0.1' })).toHaveProperty('servername', expect.stringMatching(/not an IP address/));
  });

  it('asks for the CA or insecure, and the client files exactly when a client certificate is required', () => {
    const own = { serverCertFile: 's.crt', serverKeyFile: 's.key' };
    expect(problems(own)).toHaveProperty('serverCertFile', expect.stringMatching(/need caFile/));
    expect(problems({ ...own, insecure: true, caFile: 'ca.crt' })).toHaveProperty('caFile', expect.stringMatching(/not read with insecure/));
    expect(Object.keys(problems({ ...own, caFile: 'ca.crt', requireClientCertificate: true }))).toEqual(['certFile', 'clientCaFile']);
    expect(problems({ ...own, caFile: 'ca.crt', clientCaFile: 'ca.crt' })).toHaveProperty('clientCaFile', expect.stringMatching(/goes with requireClientCertificate/));
  });
});

describe('usesOwnCertificates and LOAD_TLS_FILE_FIELDS', () => {
  it('tell the own-PKI mode from the run-issued one, and list every file field', () => {
    expect(usesOwnCertificates({ serverCertFile: 's.crt', serverKeyFile: 's.key', caFile: 'ca.crt' })).toBe(true);
    expect(usesOwnCertificates({ servername: 'orders.test' })).toBe(false);
    const fields = Object.keys(LoadTlsSpecSchema.shape).filter((k) => k.endsWith('File'));
    expect([...LOAD_TLS_FILE_FIELDS].sort()).toEqual(fields.sort());
  });
});
