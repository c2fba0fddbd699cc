import { describe, expect, it } from 'vitest';
import { chainServiceNames, SERVICE_PORT } from '../../src/workload/service-chain.ts';

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
