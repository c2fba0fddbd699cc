import { describe, expect, it } from 'vitest';
import { chainServiceNames, describeServiceGraph, fanOutServiceNames, SERVICE_PORT, serviceGraph, serviceNames, servicesPerRequest } from '../../src/workload/service-chain.ts';

describe('chainServiceNames', () => {
  it('is the order service alone at depth 1 (and below)', () => {
    expect(chainServiceNames(1)).toEqual(['order']);
    expect(chainServiceNames(0)).toEqual(['order']);
  });

  it('puts a gateway in front and more services behind, entry first', () => {
    expect(chainServiceNames(2)).toEqual(['gateway', 'order']);
    expect(chainServiceNames(3)).toEqual(['gateway', 'order', 'fulfillment']);
    expect(chainServiceNames(5)).toEqual(['gateway', 'order', 'fulfillment', 'inventory', 'payment']);
  });

  it('stops at the five named services', () => {
    expect(chainServiceNames(9)).toHaveLength(5);
  });

  it('serves on port 8080 in pods', () => {
    expect(SERVICE_PORT).toBe(8080);
  });
});

describe('serviceGraph', () => {
  it('a chain: each service calls the next', () => {
    expect(serviceGraph({ chainDepth: 3 })).toEqual([
      { name: 'gateway', downstreams: ['order'] },
      { name: 'order', downstreams: ['fulfillment'] },
      { name: 'fulfillment', downstreams: [] },
    ]);
    expect(servicesPerRequest({ chainDepth: 3 })).toBe(3);
    expect(describeServiceGraph({ chainDepth: 2 })).toBe('gateway → order');
  });

  it('a fan-out: the gateway calls K order services, each a leaf', () => {
    expect(serviceGraph({ chainDepth: 1, fanOut: 3 })).toEqual([
      { name: 'gateway', downstreams: ['order-1', 'order-2', 'order-3'] },
      { name: 'order-1', downstreams: [] },
      { name: 'order-2', downstreams: [] },
      { name: 'order-3', downstreams: [] },
    ]);
    expect(serviceNames({ chainDepth: 1, fanOut: 2 })).toEqual(['gateway', 'order-1', 'order-2']);
    expect(servicesPerRequest({ chainDepth: 1, fanOut: 3 })).toBe(4);
    expect(describeServiceGraph({ chainDepth: 1, fanOut: 2 })).toBe('gateway → {order-1, order-2} in parallel');
    expect(fanOutServiceNames(1)).toEqual(['order-1']);
  });
});
