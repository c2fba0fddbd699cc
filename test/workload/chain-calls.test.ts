import { describe, expect, it } from 'vitest';
import { chainCalls, LOAD_AGENT_NAME } from '../../src/workload/chain-calls.ts';

describe('chainCalls', () => {
  it('has the load agent call the only service of a depth-1 chain', () => {
    expect(chainCalls(1)).toEqual([{ caller: LOAD_AGENT_NAME, callee: 'order' }]);
  });

  it('lists every hop entry first: agent → gateway → order → fulfillment', () => {
    expect(chainCalls(3)).toEqual([
      { caller: 'load-agent', callee: 'gateway' },
      { caller: 'gateway', callee: 'order' },
      { caller: 'order', callee: 'fulfillment' },
    ]);
  });

  it('a fan-out: the agent calls the gateway, the gateway each of its services', () => {
    expect(chainCalls({ chainDepth: 1, fanOut: 2 })).toEqual([
      { caller: 'load-agent', callee: 'gateway' },
      { caller: 'gateway', callee: 'order-1' },
      { caller: 'gateway', callee: 'order-2' },
    ]);
  });
});
