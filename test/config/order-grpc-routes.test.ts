import { describe, expect, it } from 'vitest';
import { grpcCallOfRoute, grpcMethodOfRoute, grpcPathOf, orderRpcOfPath } from '../../src/config/order-grpc-routes.ts';

describe('order routes as gRPC methods', () => {
  it.each([
    ['POST', '/orders', { rpc: 'CreateOrder', id: null }],
    ['GET', '/orders/{id}', { rpc: 'GetOrder', id: null }],
    ['GET', '/orders/42', { rpc: 'GetOrder', id: 42 }],
    ['PATCH', '/orders/{id}/status', { rpc: 'UpdateStatus', id: null }],
    ['PATCH', '/orders/7/status', { rpc: 'UpdateStatus', id: 7 }],
  ])('%s %s → %j', (method, path, call) => {
    expect(grpcCallOfRoute(method, path)).toEqual(call);
  });

  it.each([
    ['GET', '/healthz'],
    ['GET', '/orders'],
    ['POST', '/orders/1'],
    ['GET', '/orders/1/status'],
    ['PATCH', '/orders/x/status'],
    ['GET', '/orders/1234567890123456'],
  ])('%s %s has no method', (method, path) => {
    expect(grpcMethodOfRoute(method, path)).toBeNull();
  });

  it('paths are /meshbench.v1.Orders/<Method> both ways', () => {
    expect(grpcPathOf('GetOrder')).toBe('/meshbench.v1.Orders/GetOrder');
    expect(orderRpcOfPath('/meshbench.v1.Orders/UpdateStatus')).toBe('UpdateStatus');
    expect(orderRpcOfPath('/meshbench.v1.Orders/DeleteOrder')).toBeNull();
    expect(orderRpcOfPath('/other.Service/GetOrder')).toBeNull();
  });
});
