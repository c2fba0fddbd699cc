/** `bench load --protocol`: HTTP/2 (h2c, h2) and gRPC from the command line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench } from '../../helpers/cli-harness.ts';
import { makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.ts';
import { type ServiceProcess, startServiceProcess } from '../../service/order-service-process.ts';

describe('bench load --protocol refuses what does not fit', () => {
  it.each([
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--protocol', 'http3'], /unknown protocol "http3"/],
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2'], /protocol h2 is HTTP\/2 over TLS and needs an https:\/\/ URL/],
    [['load', 'https://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2c'], /protocol h2c is cleartext HTTP\/2 and needs an http:\/\/ URL/],
    [['load', 'ftp://127.0.0.1:9/', '--rate', '10'], /only http:\/\/ and https:\/\/ URLs can be loaded/],
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--max-streams', '4'], /--max-streams is for HTTP\/2/],
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2c', '--max-streams', '5000'], /--max-streams 5000 is more than 1000/],
    [['load', 'https://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2', '--cacert', '/no/such/ca.pem'], /CA file \/no\/such\/ca\.pem: no such file/],
  ])('bench %j exits 2', async (args, message) => {
    const run = await runBench(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

// Judged by counts and exit codes, never by a time figure (scheduler lag only ever makes a run
// invalid, which `measured` accepts), so this file runs in the parallel tier, and its loads run at
// once against the two services: each load counts only its own answers, 50–100 rps, a few per
// cent of a core together.
describe('bench load over HTTP/2 and gRPC against the order-service', { retry: 2, concurrent: true }, () => {
  let certs: TestCertificates;
  let cleartext: ServiceProcess;
  let tls: ServiceProcess;
  let plainUrl = '';
  let tlsUrl = '';
  beforeAll(async () => {
    certs = await makeTestCertificates();
    // The services run as their own processes, so the load's scheduler lag is the generator's own.
    cleartext = await startServiceProcess({ SEED_ORDERS: '5' });
    tls = await startServiceProcess({ SEED_ORDERS: '5', TLS_CERT_FILE: certs.certPath, TLS_KEY_FILE: certs.keyPath });
    plainUrl = `http://127.0.0.1:${cleartext.listening.port}`;
    tlsUrl = `https://127.0.0.1:${tls.listening.port}`;
  });
  afterAll(async () => {
    cleartext.child.kill('SIGTERM');
    tls.child.kill('SIGTERM');
    await Promise.all([cleartext.exited, tls.exited]);
    certs.remove();
  });

  const window = ['-d', '1s', '-w', '1s'];
  /**
   * Exit 0, or 6 only because this shared 2-core machine delayed the generator (scheduler lag):
   * the protocol is judged by the counts, the machine's load by the lag.
   */
  const measured = (run: { code: number; stderr: string }) =>
    // Both lag reasons (build-repetition.ts): the generator saturated, or a busy host kept it from a CPU.
    expect(run.code === 0 || (run.code === 6 && /generator saturated|busy host, not a saturated generator/.test(run.stderr)), run.stderr).toBe(true);

  it('h2c: every request answered 200, the banner names protocol and streams', async () => {
    const run = await runBench(['load', `${plainUrl}/orders/1`, '--protocol', 'h2c', '--max-streams', '4', '-c', '2', '-r', '100', ...window]);
    expect(run.stderr).toContain('h2c, 4 streams × 2 connections');
    expect(run.stdout).toMatch(/status\s+200 ×100/);
    measured(run);
  });

  it('grpc: GetOrder calls counted as grpc-0', async () => {
    const run = await runBench(['load', `${plainUrl}/orders/2`, '--protocol', 'grpc', '-r', '100', ...window]);
    expect(run.stdout).toMatch(/status\s+grpc-0 ×100/);
    expect(run.stdout).toMatch(/100 completed, 100 ok, 0 errors/);
    measured(run);
  });

  it('grpc errors are counted by code and make the measurement invalid', async () => {
    const run = await runBench(['load', `${plainUrl}/orders/999999`, '--protocol', 'grpc', '-r', '50', ...window]);
    expect(run.stdout).toMatch(/status\s+grpc-5 ×50/);
    expect(run.stdout).toMatch(/50 completed, 0 ok, 50 errors/);
    expect(run.code).toBe(6);
  });

  it('h2 over TLS with --cacert, and with --insecure; an unknown CA fails as tls', async () => {
    const [withCa, insecure, untrusted] = await Promise.all([
      runBench(['load', `${tlsUrl}/orders/1`, '--protocol', 'h2', '--cacert', certs.caPath, '-r', '50', ...window]),
      runBench(['load', `${tlsUrl}/orders/1`, '--protocol', 'h2', '--insecure', '-r', '50', ...window]),
      runBench(['load', `${tlsUrl}/orders/1`, '--protocol', 'h2', '-r', '20', '-d', '500ms', '-w', '200ms']),
    ]);
    expect(withCa.stdout).toMatch(/status\s+200 ×50/);
    measured(withCa);
    expect(insecure.stdout).toMatch(/status\s+200 ×50/);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/tls ×/);
  });
});
