import { describe, expect, it } from 'vitest';
import { matchOrderRoute } from '../../src/service/order-route-match.ts';

describe('matchOrderRoute', () => {
  it.each([
    ['GET', '/healthz', { kind: 'healthz' }],
    ['HEAD', '/healthz', { kind: 'healthz' }],
    ['GET', '/readyz', { kind: 'readyz' }],
    ['POST', '/orders', { kind: 'create-order' }],
    ['POST', '/orders?trace=1', { kind: 'create-order' }],
    ['GET', '/orders/42', { kind: 'get-order', id: 42 }],
    ['GET', '/orders/42?x=y', { kind: 'get-order', id: 42 }],
    ['PATCH', '/orders/7/status', { kind: 'update-status', id: 7 }],
  ])('%s %s', (method, url, route) => {
    expect(matchOrderRoute(method, url)).toEqual(route);
  });

  it.each([
    ['GET', '/orders/abc', 'abc'],
    ['GET', '/orders/-1', '-1'],
    ['GET', '/orders/', ''],
    ['PATCH', '/orders/1.5/status', '1.5'],
  ])('%s %s has a bad id', (method, url, idText) => {
    expect(matchOrderRoute(method, url)).toEqual({ kind: 'bad-id', idText });
  });

  it.each([
    ['DELETE', '/orders', 'POST'],
    ['GET', '/orders', 'POST'],
    ['POST', '/orders/1', 'GET'],
    ['GET', '/orders/1/status', 'PATCH'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['PUT', '/readyz', 'GET, HEAD'],
  ])('%s %s is not allowed', (method, url, allow) => {
    expect(matchOrderRoute(method, url)).toEqual({ kind: 'method-not-allowed', allow });
  });

  it.each([
    ['GET', '/'],
    ['GET', '/order'],
    ['GET', '/ordersx'],
    ['GET', '/orders/1/items'],
    ['PATCH', '/orders/1/status/x'],
    ['GET', '/healthz/x'],
  ])('%s %s is not found', (method, url) => {
    expect(matchOrderRoute(method, url)).toEqual({ kind: 'not-found' });
  });
});
