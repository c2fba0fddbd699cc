import { describe, expect, it } from 'vitest';
import { gatewayDuration, goDuration, routeBackends, routedServices } from '../../../src/mesh/common/feature-routes.ts';

describe('feature routes', () => {
  it('routes every service of the chain, entry first', () => {
    expect(routedServices(1)).toEqual(['order']);
    expect(routedServices(3)).toEqual(['gateway', 'order', 'fulfillment']);
  });

  it('splits only order, between order and order-canary, weights summing to 100', () => {
    expect(routeBackends('gateway', 10)).toEqual([{ service: 'gateway', port: 8080, weight: 100 }]);
    expect(routeBackends('order', null)).toEqual([{ service: 'order', port: 8080, weight: 100 }]);
    expect(routeBackends('order', 25)).toEqual([
      { service: 'order', port: 8080, weight: 75 },
      { service: 'order-canary', port: 8080, weight: 25 },
    ]);
  });

  it('spells durations as Go and Gateway API durations, never shortening a deadline', () => {
    expect(goDuration(300)).toBe('300ms');
    expect(goDuration(30_000)).toBe('30000ms');
    expect(gatewayDuration(99_999)).toBe('99999ms');
    expect(gatewayDuration(100_000)).toBe('100s');
    expect(gatewayDuration(100_001)).toBe('101s');
    for (const ms of [1, 500, 99_999, 100_000, 3_600_000]) expect(gatewayDuration(ms)).toMatch(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/);
  });
});
