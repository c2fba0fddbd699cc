import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import { generateTlsCertificates, type TlsCertificateFiles } from '../../src/platform/local/tls-certificates.ts';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { OrderServiceConfigError, resolveOrderServiceConfig } from '../../src/service/order-service-config.ts';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.ts';
import { h2Exchange } from './h2-exchange.ts';
import { httpExchange } from './http-exchange.ts';

describe('one port, every protocol', () => {
  let service: OrderService;
  beforeAll(async () => {
    service = await startOrderService({ seedOrders: 3, responseBytes: 300 });
  });
  afterAll(() => service.close());

  it('answers HTTP/1.1 and h2c (prior knowledge) on the same port with the same answer', async () => {
    const h1 = await httpExchange({ port: service.port, path: '/orders/2' });
    const h2 = await h2Exchange({ url: service.url, headers: { ':path': '/orders/2' } });
    expect(h1.status).toBe(200);
    expect(h2.status).toBe(200);
    expect(h2.body.toString()).toBe(h1.text);
    expect(h2.body.length).toBe(300);
    expect(h2.headers['content-type']).toBe('application/json');
  });

  it('serves HTTP/2 POSTs with bodies and the HTTP error answers', async () => {
    const body = Buffer.from(JSON.stringify({ customerId: 'c', items: [{ sku: 's', quantity: 1 }] }));
    const created = await h2Exchange({ url: service.url, headers: { ':method': 'POST', ':path': '/orders', 'content-type': 'application/json' }, body });
    expect(created.status).toBe(201);
    const bad = await h2Exchange({ url: service.url, headers: { ':method': 'POST', ':path': '/orders' }, body: Buffer.from('{') });
    expect(bad.status).toBe(400);
    expect((await h2Exchange({ url: service.url, headers: { ':path': '/nope' } })).status).toBe(404);
  });

  it('keeps HTTP/1.1 keep-alive working after sniffing the first bytes', async () => {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++) expect((await httpExchange({ port: service.port, path: '/healthz', agent })).status).toBe(200);
    agent.destroy();
  });
});

describe('TLS: h2 and HTTP/1.1 by ALPN', () => {
  let certs: TestCertificates;
  let service: OrderService;
  beforeAll(async () => {
    certs = await makeTestCertificates();
    service = await startOrderService({ seedOrders: 3, tlsCertFile: certs.certPath, tlsKeyFile: certs.keyPath });
  });
  afterAll(async () => {
    await service.close();
    certs.remove();
  });

  it('negotiates h2 and answers over TLS', async () => {
    expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const answer = await h2Exchange({ url: service.url, headers: { ':path': '/orders/1' }, ca: certs.ca });
    expect(answer.alpnProtocol).toBe('h2');
    expect(answer.status).toBe(200);
  });

  it('still answers HTTP/1.1 over TLS', async () => {
    const { request } = await import('node:https');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: service.port, path: '/healthz', ca: certs.ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('needs both the certificate and the key', () => {
    expect(() => resolveOrderServiceConfig({ tlsCertFile: '/x.pem' })).toThrow(OrderServiceConfigError);
    expect(() => resolveOrderServiceConfig({ tlsCertFile: '/x.pem' })).toThrow(/tlsCertFile and tlsKeyFile: give both or neither/);
  });
});

describe('TLS with a client CA: mutual TLS', () => {
  const root = mkdtempSync(join(tmpdir(), 'meshbench-mtls-server-'));
  let files: TlsCertificateFiles;
  let service: OrderService;
  beforeAll(async () => {
    files = await generateTlsCertificates({ dir: join(root, 'tls'), runner: new ExecaCommandRunner(), extraServerNames: ['orders.bench.test'] });
    service = await startOrderService({ seedOrders: 3, tlsCertFile: files.serverCertPath, tlsKeyFile: files.serverKeyPath, tlsClientCaFile: files.caCertPath });
  });
  afterAll(async () => {
    await service.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (options: { cert?: Buffer; key?: Buffer }) =>
    new Promise<number>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port: service.port, path: '/orders/1', servername: 'orders.bench.test', ca: readFileSync(files.caCertPath), agent: false, ...options }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('answers a client that presents a certificate signed by the CA (SNI name from extraServerNames)', async () => {
    expect(new X509Certificate(readFileSync(files.serverCertPath)).subjectAltName).toBe('DNS:localhost, DNS:orders.bench.test, IP Address:127.0.0.1');
    expect(await get({ cert: readFileSync(files.clientCertPath), key: readFileSync(files.clientKeyPath) })).toBe(200);
  });

  it('refuses a client without a certificate in the handshake', async () => {
    await expect(get({})).rejects.toMatchObject({ code: expect.stringMatching(/CERTIFICATE_REQUIRED|ECONNRESET/) });
  });

  it('needs the server certificate with a client CA', () => {
    expect(() => resolveOrderServiceConfig({ tlsClientCaFile: '/ca.pem' })).toThrow(/tlsClientCaFile needs tlsCertFile and tlsKeyFile/);
  });
});
