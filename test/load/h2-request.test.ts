import { describe, expect, it } from 'vitest';
import { type H2Request, prepareGrpcRequest, prepareH2Request } from '../../src/load/h2-request.ts';
import { HpackDecoder } from '../../src/load/hpack-decoder.ts';
import { decodeOrderRequest, unframeGrpcMessage } from '../../src/workload/order-grpc.ts';

const base = { scheme: 'http' as const, authority: '127.0.0.1:8080', headers: {} as Record<string, string> };

/** The request's pre-encoded header block, decoded. */
function blockFields(r: H2Request): Record<string, string> {
  const out: Record<string, string> = {};
  new HpackDecoder().decode(r.block, 0, r.block.length, { onHeader: (n, v) => (out[n] = v) });
  return out;
}

function message(body: Buffer | null): Buffer {
  const framed = unframeGrpcMessage(body as Buffer);
  if (!framed.ok) throw new Error(framed.error);
  return framed.message;
}

describe('HTTP/2 requests', () => {
  it('carry pseudo-headers, the body length, and drop headers HTTP/2 forbids', () => {
    const body = Buffer.from('{"a":1}');
    const r = prepareH2Request({ ...base, method: 'POST', path: '/base/orders', routePath: '/orders', headers: { 'content-type': 'application/json', Connection: 'keep-alive', host: 'x', 'X-Trace': '1' }, body });
    expect(r.headers).toEqual({ ':method': 'POST', ':scheme': 'http', ':authority': '127.0.0.1:8080', ':path': '/base/orders', 'content-type': 'application/json', 'x-trace': '1', 'content-length': 7 });
    expect(r.body).toBe(body);
    expect(r.grpc).toBe(false);
    expect(blockFields(r)).toEqual({ ':method': 'POST', ':scheme': 'http', ':authority': '127.0.0.1:8080', ':path': '/base/orders', 'content-type': 'application/json', 'x-trace': '1', 'content-length': '7' });
    expect(prepareH2Request({ ...base, method: 'GET', path: '/orders/1', routePath: '/orders/1', body: null }).body).toBeNull();
  });
});

describe('gRPC requests', () => {
  it('turn an order route into its unary method with the fixed message', () => {
    const r = prepareGrpcRequest({ ...base, method: 'PATCH', path: '/orders/12/status', routePath: '/orders/12/status', body: Buffer.from('{"status":"paid"}') });
    expect(r.headers).toMatchObject({ ':method': 'POST', ':path': '/meshbench.v1.Orders/UpdateStatus', 'content-type': 'application/grpc', te: 'trailers' });
    expect(r.grpc).toBe(true);
    expect(decodeOrderRequest(message(r.body))).toEqual({ id: 12, json: '{"status":"paid"}' });
    const get = prepareGrpcRequest({ ...base, method: 'GET', path: '/orders/3', routePath: '/orders/3', body: null });
    expect(decodeOrderRequest(message(get.body))).toEqual({ id: 3, json: '' });
    expect(get.headers['content-length']).toBe(get.body?.length);
    expect(blockFields(get)).toMatchObject({ ':method': 'POST', ':path': '/meshbench.v1.Orders/GetOrder', 'content-type': 'application/grpc', te: 'trailers', 'content-length': String(get.body?.length) });
  });

  it('send any other path as the method itself, the body as the message (bench load against any gRPC server)', () => {
    const r = prepareGrpcRequest({ ...base, method: 'GET', path: '/grpc.health.v1.Health/Check', routePath: '/grpc.health.v1.Health/Check', headers: { 'content-type': 'application/json' }, body: null });
    expect(r.headers).toMatchObject({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc' });
    expect([...(r.body as Buffer)]).toEqual([0, 0, 0, 0, 0]);
  });
});
