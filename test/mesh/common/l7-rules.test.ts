/**
 * The mesh-neutral L7 rule: who calls whom in the chain (the load agent calls the first service,
 * each service the next) and the three order-service operations every service allows.
 */
import { describe, expect, it } from 'vitest';
import { chainL7Rules, describeL7Rules } from '../../../src/mesh/common/l7-rules.ts';
import { chainCalls } from '../../../src/workload/chain-calls.ts';

describe('chainCalls', () => {
  it('has the load agent call the first service and each service the next', () => {
    expect(chainCalls(1)).toEqual([{ caller: 'load-agent', callee: 'order' }]);
    expect(chainCalls(2)).toEqual([
      { caller: 'load-agent', callee: 'gateway' },
      { caller: 'gateway', callee: 'order' },
    ]);
    expect(chainCalls(5).map((c) => `${c.caller}→${c.callee}`)).toEqual([
      'load-agent→gateway',
      'gateway→order',
      'order→fulfillment',
      'fulfillment→inventory',
      'inventory→payment',
    ]);
  });
});

describe('chainL7Rules', () => {
  it('allows POST, GET and PATCH on every service from its one caller, named by service account', () => {
    expect(describeL7Rules(chainL7Rules(3))).toEqual([
      'gateway: POST /orders, GET /orders/{id}, PATCH /orders/{id}/status from load-agent',
      'order: POST /orders, GET /orders/{id}, PATCH /orders/{id}/status from gateway',
      'fulfillment: POST /orders, GET /orders/{id}, PATCH /orders/{id}/status from order',
    ]);
    expect(chainL7Rules(1)).toEqual([
      {
        service: { name: 'order', serviceAccount: 'order' },
        from: [{ name: 'load-agent', serviceAccount: 'load-agent' }],
        operations: [
          { method: 'POST', path: { display: '/orders', istio: '/orders', regex: '/orders' } },
          { method: 'GET', path: { display: '/orders/{id}', istio: '/orders/{*}', regex: '/orders/[^/]+' } },
          { method: 'PATCH', path: { display: '/orders/{id}/status', istio: '/orders/{*}/status', regex: '/orders/[^/]+/status' } },
        ],
      },
    ]);
  });
});
