import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RepetitionSchema } from '../../../src/results/result-schema.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { createTestPki, type TestPki } from '../../helpers/test-pki.ts';
import { startTlsTestServer, type TlsTestServer } from '../../helpers/tls-test-server.ts';

describe('bench load refuses what it cannot measure', () => {
  it.each([
    [['load', 'http://127.0.0.1:9/', '--rate', '100', '-d', '0s'], /--duration.*must be longer than zero/],
    [['load', 'http://127.0.0.1:9/', '--rate', '100', '-t', '0s'], /--timeout.*must be longer than zero/],
    [['load', 'http://127.0.0.1:9/', '--rate', '1e9', '-d', '1s'], /--rate 1000000000 is more than 1 load thread\(s\) can schedule \(at most 100,000 rps per thread\)/],
    [['load', 'http://127.0.0.1:9/', '--engine', 'closed', '--rate', '100'], /--rate, --arrival and --threads are for the open loop/],
    [['load', 'http://127.0.0.1:9/', '--engine', 'closed', '--arrival', 'poisson'], /--rate, --arrival and --threads are for the open loop/],
    [['load', 'http://127.0.0.1:9/', '--engine', 'closed', '--threads', '2'], /--rate, --arrival and --threads are for the open loop/],
    [['load', 'http://127.0.0.1:9/', '--rate', '100', '--threads', '0'], /--threads.*positive integer/],
  ])('bench %j exits 2 with a one-line error', async (args, message) => {
    const started = Date.now();
    const run = await runBench(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    // Refused up front, before any load.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('bench load over https', () => {
  let pki: TestPki;
  let server: TlsTestServer | null = null;
  let out: string;
  beforeAll(() => {
    pki = createTestPki();
    out = mkdtempSync(join(tmpdir(), 'meshbench-load-tls-'));
  });
  afterAll(() => {
    pki.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('loads an https URL with --cacert and records version, cipher and handshakes in the JSON', async () => {
    server = await startTlsTestServer({ pki });
    const json = join(out, 'tls.json');
    const run = await runBench(['load', `https://localhost:${server.port}/orders/1`, '-e', 'closed', '-c', '2', '-d', '500ms', '-w', '0s', '--cacert', pki.caCertFile, '--json', json]);
    expect(run.stderr).toMatch(/TLS: TLSv1\.3 TLS_/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/TLS TLSv1\.3 TLS_\w+: 2 handshake\(s\), 0 resumed a session/);
    const rep = RepetitionSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(rep.generator.tls).toMatchObject({ version: 'TLSv1.3', handshakes: 2, resumedSessions: 0 });
    expect(rep.generator.tls?.cipher).toMatch(/^TLS_/);
    expect(server.servernames).toContain('localhost');
  });

  it('an untrusted certificate exits 4 at once, saying why and what to pass; --insecure loads it', async () => {
    server = await startTlsTestServer({ pki });
    const started = Date.now();
    const run = await runBench(['load', `${server.url}/`, '--rate', '100', '-d', '10s']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/TLS with 127\.0\.0\.1:\d+ failed: /);
    expect(run.stderr).toMatch(/--cacert/);
    // Refused by the handshake probe, not after a 10 s window of errors.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toBe(0);
    const insecure = await runBench(['load', `${server.url}/`, '-e', 'closed', '-c', '1', '-d', '300ms', '-w', '0s', '--insecure']);
    expect(insecure.stderr).toMatch(/certificate NOT verified \(--insecure\)/);
    expect(insecure.code).toBe(0);
  });

  it('a server that requires a client certificate: exit 4 without one, loaded with --cert/--key', async () => {
    server = await startTlsTestServer({ pki, requireClientCert: true });
    const without = await runBench(['load', `${server.url}/`, '-e', 'closed', '-d', '1s', '--cacert', pki.caCertFile]);
    expect(without.code).toBe(4);
    expect(without.stderr).toMatch(/--cert and --key/);
    const withCert = await runBench(['load', `${server.url}/`, '-e', 'closed', '-c', '1', '-d', '300ms', '-w', '0s', '--cacert', pki.caCertFile, '--cert', pki.clientCertFile, '--key', pki.clientKeyFile]);
    expect(withCert.code).toBe(0);
    expect([...server.clientNames]).toEqual(['meshbench-load-agent']);
  });

  it('bad TLS input exits 2 naming the file (and line), before any connection', async () => {
    const bad = join(out, 'bad-ca.pem');
    writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    const cases: [string[], RegExp][] = [
      [['--cacert', join(out, 'missing.pem')], /CA file .*missing\.pem: no such file/],
      [['--cacert', bad], /CA file .*bad-ca\.pem line 1: not a valid certificate/],
      [['--cert', pki.clientCertFile], /needs its private key \(--key\)/],
      [['--cert', pki.clientCertFile, '--key', pki.otherKeyFile], /do not match/],
      [['--insecure', '--cacert', pki.caCertFile], /--insecure skips certificate verification, so --cacert would not be used/],
      [['--servername', '10.1.2.3'], /SNI cannot carry an IP address/],
    ];
    for (const [flags, message] of cases) {
      const run = await runBench(['load', 'https://127.0.0.1:9/', '--rate', '100', ...flags]);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr, flags.join(' ')).toMatch(message);
    }
    const plain = await runBench(['load', 'http://127.0.0.1:9/', '--rate', '100', '--cacert', pki.caCertFile]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/--cacert is for https:\/\/ URLs/);
  });
});

describe('bench load --json', () => {
  it('--json - puts the measurement on stdout and the report on stderr; --json FILE writes it', async () => {
    const { startTestServer } = await import('../../helpers/http-test-server.ts');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const server = await startTestServer();
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-load-json-'));
    try {
      const args = ['load', `${server.url}/orders/1`, '--rate', '50', '--duration', '1s', '--warmup', '0s'];
      const piped = await runBench([...args, '--json', '-']);
      // 0, or 6 when this busy machine made the window invalid: the JSON is written either way.
      expect([0, 6], piped.stderr).toContain(piped.code);
      const rep = JSON.parse(piped.stdout) as { targetRps: number; requests: { completed: number }; valid: boolean; histograms: { latencyUs: string } };
      expect(rep.targetRps).toBe(50);
      expect(rep.requests.completed).toBeGreaterThanOrEqual(49);
      expect(rep.histograms.latencyUs.length).toBeGreaterThan(0);
      expect(piped.stderr).toMatch(/latency \(from intended send\)/);
      const file = join(dir, 'load.json');
      const written = await runBench([...args, '--json', file]);
      expect([0, 6], written.stderr).toContain(written.code);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ targetRps: 50 });
      expect(written.stdout).toMatch(/latency \(from intended send\)/);
      expect(written.stderr).toContain(`json: ${file}`);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--threads 2: the JSON records each sending thread\'s health, as the text report prints it', async () => {
    const { startTestServer } = await import('../../helpers/http-test-server.ts');
    const server = await startTestServer();
    try {
      const run = await runBench(['load', `${server.url}/orders/1`, '--rate', '100', '--duration', '1s', '--warmup', '0s', '--threads', '2', '--connections', '4', '--json', '-']);
      expect([0, 6], run.stderr).toContain(run.code);
      const rep = RepetitionSchema.parse(JSON.parse(run.stdout));
      const threads = rep.generator.threads ?? [];
      expect(threads.map((t) => t.index)).toEqual([0, 1]);
      expect(threads.reduce((s, t) => s + t.sent, 0)).toBe(rep.requests.sent);
      for (const t of threads) expect(run.stderr).toContain(`thread ${t.index}: sent ${t.sent}, dropped ${t.dropped}, late ${t.lateSends}`);
    } finally {
      await server.close();
    }
  });
});
