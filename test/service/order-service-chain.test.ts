import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { httpExchange } from './http-exchange.ts';

const order = { customerId: 'c', items: [{ sku: 's', quantity: 1 }] };

describe('a chain of three order-services', () => {
  let fulfillment: OrderService;
  let orders: OrderService;
  let gateway: OrderService;

  beforeAll(async () => {
    fulfillment = await startOrderService({ serviceName: 'fulfillment', seedOrders: 5 });
    orders = await startOrderService({ serviceName: 'order', seedOrders: 5, downstreamUrl: fulfillment.url });
    gateway = await startOrderService({ serviceName: 'gateway', seedOrders: 5, downstreamUrl: orders.url });
  });
  afterAll(async () => {
    await gateway.close();
    await orders.close();
    await fulfillment.close();
  });

  it('reports the number of services behind each one in x-chain-depth', async () => {
    const [viaGateway, viaOrders, direct] = await Promise.all(
      [gateway, orders, fulfillment].map((s) => httpExchange({ port: s.port, path: '/orders/1' })),
    );
    expect(viaGateway?.status).toBe(200);
    expect(viaGateway?.headers['x-chain-depth']).toBe('3');
    expect(viaOrders?.headers['x-chain-depth']).toBe('2');
    expect(direct?.headers['x-chain-depth']).toBe('1');
  });

  it('forwards creations and status updates down the chain', async () => {
    const created = await httpExchange({ port: gateway.port, method: 'POST', path: '/orders', body: order });
    expect(created.status).toBe(201);
    expect(created.headers['x-chain-depth']).toBe('3');
    const id = Number(created.json['id']);
    const patched = await httpExchange({ port: gateway.port, method: 'PATCH', path: `/orders/${id}/status`, body: { status: 'paid' } });
    expect(patched.status).toBe(200);
    const atEnd = await httpExchange({ port: fulfillment.port, path: `/orders/${id}` });
    expect(atEnd.status).toBe(200);
    expect(atEnd.json['status']).toBe('paid');
  });

  it('keeps the local answer when the downstream answers 4xx', async () => {
    const missing = await httpExchange({ port: gateway.port, path: '/orders/777777' });
    expect(missing.status).toBe(404);
    expect(missing.headers['x-chain-depth']).toBe('3');
  });
});

interface Recorded {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A downstream stand-in that records requests and answers with a chosen status (or never). */
async function startRecordingDownstream(answer: { status: number; chainDepth?: string } | 'never') {
  const recorded: Recorded[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      recorded.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (answer === 'never') return;
      res.writeHead(answer.status, answer.chainDepth ? { 'x-chain-depth': answer.chainDepth } : {});
      res.end('{}');
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    recorded,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('order-service downstream calls', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serviceBehind(downstream: { url: string; close: () => Promise<void> }, timeoutMs = 5_000) {
    cleanups.push(downstream.close);
    const service = await startOrderService({ downstreamUrl: downstream.url, downstreamTimeoutMs: timeoutMs });
    cleanups.push(service.close);
    return service;
  }

  it('forwards method, path, body and tracing headers over one keep-alive connection', async () => {
    const downstream = await startRecordingDownstream({ status: 201, chainDepth: '4' });
    const service = await serviceBehind(downstream);
    const body = JSON.stringify(order);
    const created = await httpExchange({
      port: service.port,
      method: 'POST',
      path: '/orders?source=test',
      body,
      headers: { 'x-request-id': 'req-1', traceparent: '00-abc-def-01', cookie: 'secret' },
    });
    expect(created.status).toBe(201);
    expect(created.headers['x-chain-depth']).toBe('5');
    for (let i = 0; i < 3; i++) await httpExchange({ port: service.port, path: '/orders/1' });

    expect(downstream.recorded).toHaveLength(4);
    const first = downstream.recorded[0];
    expect(first).toMatchObject({ method: 'POST', url: '/orders?source=test', body });
    expect(first?.headers).toMatchObject({ 'x-request-id': 'req-1', traceparent: '00-abc-def-01' });
    expect(first?.headers['cookie']).toBeUndefined();
    expect(downstream.recorded[1]).toMatchObject({ method: 'GET', url: '/orders/1', body: '' });
    expect(downstream.connections()).toBe(1);
  });

  it('does not forward requests it refuses itself', async () => {
    const downstream = await startRecordingDownstream({ status: 200 });
    const service = await serviceBehind(downstream);
    expect((await httpExchange({ port: service.port, method: 'POST', path: '/orders', body: { customerId: 'c' } })).status).toBe(400);
    expect((await httpExchange({ port: service.port, path: '/orders/x' })).status).toBe(400);
    expect((await httpExchange({ port: service.port, path: '/healthz' })).status).toBe(200);
    expect(downstream.recorded).toHaveLength(0);
  });

  it('answers 502 when the downstream answers 5xx', async () => {
    const service = await serviceBehind(await startRecordingDownstream({ status: 503 }));
    const answer = await httpExchange({ port: service.port, path: '/orders/1' });
    expect(answer.status).toBe(502);
    expect(answer.json['error']).toMatch(/^downstream: answered 503/);
  });

  it('answers 502 when the downstream cannot be reached', async () => {
    const gone = await startRecordingDownstream({ status: 200 });
    await gone.close();
    const service = await serviceBehind({ url: gone.url, close: async () => undefined });
    const answer = await httpExchange({ port: service.port, method: 'PATCH', path: '/orders/1/status', body: { status: 'paid' } });
    expect(answer.status).toBe(502);
    expect(answer.json['error']).toMatch(/ECONNREFUSED/);
  });

  it('answers 502 when the downstream stays silent past its timeout', async () => {
    const service = await serviceBehind(await startRecordingDownstream('never'), 200);
    const answer = await httpExchange({ port: service.port, path: '/orders/1' });
    expect(answer.status).toBe(502);
    expect(answer.json['error']).toMatch(/no answer within 200 ms/);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(190);
    expect(answer.elapsedMs).toBeLessThan(2_000);
  });
});
