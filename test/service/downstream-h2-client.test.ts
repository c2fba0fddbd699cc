import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DownstreamH2Client } from '../../src/service/downstream-h2-client.ts';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { decodeOrderRequest, unframeGrpcMessage } from '../../src/workload/order-grpc.ts';
import { startH2TestServer, type H2TestServer } from '../helpers/h2-test-server.ts';
import { grpcCall, h2Exchange } from './h2-exchange.ts';

describe('downstream calls over HTTP/2', () => {
  let downstream: H2TestServer;
  let client: DownstreamH2Client;
  beforeAll(async () => {
    downstream = await startH2TestServer({});
    client = new DownstreamH2Client({ url: downstream.url, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    client.close();
    await downstream.close();
  });

  it('sends h2c requests as they came, with their body', async () => {
    const result = await client.forward({ method: 'PATCH', path: '/orders/4/status', body: Buffer.from('{"status":"paid"}'), headers: { traceparent: 't' } }, false);
    expect(result).toEqual({ ok: true, chainDepth: 1, serviceCount: 1 });
    expect(downstream.seen.at(-1)).toMatchObject({ path: '/orders/4/status', contentType: 'application/json' });
  });

  it('sends an order route as its gRPC method with the OrderRequest message', async () => {
    const result = await client.forward({ method: 'PATCH', path: '/orders/4/status', body: Buffer.from('{"status":"paid"}'), headers: {} }, true);
    expect(result).toEqual({ ok: true, chainDepth: 1, serviceCount: 1 });
    const seen = downstream.seen.at(-1);
    expect(seen).toMatchObject({ path: '/meshbench.v1.Orders/UpdateStatus', contentType: 'application/grpc', te: 'trailers' });
    const framed = unframeGrpcMessage(seen?.body as Buffer);
    expect(framed.ok && decodeOrderRequest(framed.message)).toEqual({ id: 4, json: '{"status":"paid"}' });
  });

  it('a downstream that is gone is a failure, not a hang', async () => {
    const gone = new DownstreamH2Client({ url: 'http://127.0.0.1:9', timeoutMs: 1_000 });
    const result = await gone.forward({ method: 'GET', path: '/orders/1', body: undefined, headers: {} }, false);
    expect(result.ok).toBe(false);
    gone.close();
  });
});

describe('a chain keeps the protocol the load came in with', () => {
  let order: OrderService;
  let gateway: OrderService;
  let failing: H2TestServer;
  beforeAll(async () => {
    order = await startOrderService({ serviceName: 'order', seedOrders: 5 });
    gateway = await startOrderService({ serviceName: 'gateway', seedOrders: 5, downstreamUrl: order.url });
  });
  afterAll(async () => {
    await gateway.close();
    await order.close();
  });
  afterEach(async () => {
    await failing?.close();
  });

  it('h2c in, h2c down: both services count in x-chain-depth', async () => {
    const answer = await h2Exchange({ url: gateway.url, headers: { ':path': '/orders/2' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-chain-depth']).toBe('2');
  });

  it('gRPC in, gRPC down', async () => {
    const answer = await grpcCall({ url: gateway.url, method: 'GetOrder', id: 2 });
    expect(answer.grpcStatus).toBe(0);
    expect(answer.headers['x-chain-depth']).toBe('2');
  });

  it('a downstream answering UNAVAILABLE makes the call UNAVAILABLE', async () => {
    failing = await startH2TestServer({ grpcStatus: 14 });
    const front = await startOrderService({ seedOrders: 5, downstreamUrl: failing.url });
    try {
      const answer = await grpcCall({ url: front.url, method: 'GetOrder', id: 1 });
      expect(answer.grpcStatus).toBe(14);
      expect(answer.grpcMessage).toMatch(/downstream: answered grpc-status 14/);
    } finally {
      await front.close();
    }
  });
});
