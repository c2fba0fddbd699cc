/** `bench load --protocol`: HTTP/2 (h2c, h2) and gRPC from the command line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../../src/service/order-service.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.ts';

describe('bench load --protocol refuses what does not fit', () => {
  it.each([
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--protocol', 'http3'], /unknown protocol "http3"/],
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2'], /protocol h2 is HTTP\/2 over TLS and needs an https:\/\/ URL/],
    [['load', 'https://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2c'], /protocol h2c is cleartext HTTP\/2 and needs an http:\/\/ URL/],
    [['load', 'https://127.0.0.1:9/', '--rate', '10'], /only http:\/\/ URLs are supported with protocol http1/],
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--max-streams', '4'], /--max-streams is for HTTP\/2/],
    [['load', 'http://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2c', '--max-streams', '5000'], /--max-streams 5000 is more than 1000/],
    [['load', 'https://127.0.0.1:9/', '--rate', '10', '--protocol', 'h2', '--ca', '/no/such/ca.pem'], /--ca \/no\/such\/ca\.pem: cannot read/],
  ])('bench %j exits 2', async (args, message) => {
    const run = await runBench(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('bench load over HTTP/2 and gRPC against the order-service', { retry: 2 }, () => {
  let certs: TestCertificates;
  let cleartext: OrderService;
  let tls: OrderService;
  beforeAll(async () => {
    certs = await makeTestCertificates();
    cleartext = await startOrderService({ seedOrders: 5 });
    tls = await startOrderService({ seedOrders: 5, tlsCertFile: certs.certPath, tlsKeyFile: certs.keyPath });
  });
  afterAll(async () => {
    await cleartext.close();
    await tls.close();
    certs.remove();
  });

  it('h2c: every request answered 200, the banner names protocol and streams', async () => {
    const run = await runBench(['load', `${cleartext.url}/orders/1`, '--protocol', 'h2c', '--max-streams', '4', '-c', '2', '-r', '100', '-d', '1s', '-w', '200ms']);
    expect(run.stderr).toContain('h2c, 4 streams × 2 connections');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/status\s+200 ×100/);
  });

  it('grpc: GetOrder calls counted as grpc-0', async () => {
    const run = await runBench(['load', `${cleartext.url}/orders/2`, '--protocol', 'grpc', '-r', '100', '-d', '1s', '-w', '200ms']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/status\s+grpc-0 ×100/);
  });

  it('grpc errors are counted by code and make the measurement invalid', async () => {
    const run = await runBench(['load', `${cleartext.url}/orders/999999`, '--protocol', 'grpc', '-r', '50', '-d', '1s', '-w', '200ms']);
    expect(run.stdout).toMatch(/status\s+grpc-5 ×50/);
    expect(run.code).not.toBe(0);
  });

  it('h2 over TLS with --ca, and with --insecure', async () => {
    const withCa = await runBench(['load', `${tls.url}/orders/1`, '--protocol', 'h2', '--ca', certs.caPath, '-r', '50', '-d', '1s', '-w', '200ms']);
    expect(withCa.code).toBe(0);
    expect(withCa.stdout).toMatch(/status\s+200 ×50/);
    const insecure = await runBench(['load', `${tls.url}/orders/1`, '--protocol', 'h2', '--insecure', '-r', '50', '-d', '1s', '-w', '200ms']);
    expect(insecure.code).toBe(0);
    const untrusted = await runBench(['load', `${tls.url}/orders/1`, '--protocol', 'h2', '-r', '20', '-d', '500ms', '-w', '200ms']);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/tls ×/);
  });
});
