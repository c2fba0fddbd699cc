/**
 * runAgent's choices, with the engines replaced by recorders (the engines have their own tests):
 * which engine runs, with what options and seed, and how its window events are tagged.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent, AgentSpec } from '../../src/plan/agent-protocol.ts';

const calls = vi.hoisted(() => ({ open: [] as Record<string, unknown>[], closed: [] as Record<string, unknown>[], threads: [] as Record<string, unknown>[] }));

function fakeEngine(into: Record<string, unknown>[], engine: string) {
  return async (options: Record<string, unknown>) => {
    into.push(options);
    (options['onWindowStart'] as (t: number) => void)(1_000);
    (options['onWindowEnd'] as (t: number) => void)(2_000);
    return { engine, completed: 7 };
  };
}

vi.mock('../../src/load/open-loop-engine.ts', () => ({ runOpenLoop: fakeEngine(calls.open, 'open') }));
vi.mock('../../src/load/closed-loop-engine.ts', () => ({ runClosedLoop: fakeEngine(calls.closed, 'closed') }));
vi.mock('../../src/load/open-loop-threads.ts', () => ({ runOpenLoopThreads: fakeEngine(calls.threads, 'open') }));

const { runAgent } = await import('../../src/load/run-agent.ts');

const spec: AgentSpec = {
  targetUrl: 'http://127.0.0.1:9',
  rps: 250,
  engine: 'open',
  arrival: 'poisson',
  connections: 8,
  warmupMs: 100,
  durationMs: 1_000,
  timeoutMs: 500,
  maxQueuedRequests: 64,
  requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }],
  seedOrders: 10,
  seed: 3,
  agentIndex: 2,
  startAtMs: 0,
};

beforeEach(() => {
  calls.open.length = 0;
  calls.closed.length = 0;
  calls.threads.length = 0;
});

describe('runAgent', () => {
  it('runs the open loop with the spec\'s rate and an agent-specific seed, and tags the result and events with the agent', async () => {
    const events: AgentEvent[] = [];
    const result = await runAgent(spec, { onEvent: (e) => events.push(e) });
    expect(result).toEqual({ engine: 'open', completed: 7, agentIndex: 2 });
    expect(calls.open).toHaveLength(1);
    expect(calls.open[0]).toMatchObject({ targetUrl: spec.targetUrl, rps: 250, arrival: 'poisson', connections: 8, warmupMs: 100, durationMs: 1_000, timeoutMs: 500, maxQueuedRequests: 64, seed: 3_002 });
    expect(events).toEqual([
      { type: 'window-start', timeMs: 1_000, agentIndex: 2 },
      { type: 'window-end', timeMs: 2_000, agentIndex: 2 },
    ]);
  });

  it('gives each agent its own request sequence', async () => {
    await runAgent(spec);
    await runAgent({ ...spec, agentIndex: 3 });
    const paths = calls.open.map((o) => {
      const picker = o['picker'] as { next(): { path: string } };
      return Array.from({ length: 20 }, () => picker.next().path).join(' ');
    });
    expect(paths[0]).not.toBe(paths[1]);
  });

  it('runs the closed loop for the closed engine', async () => {
    await runAgent({ ...spec, engine: 'closed' });
    expect(calls.closed).toHaveLength(1);
    expect(calls.open).toHaveLength(0);
    expect(calls.closed[0]).not.toHaveProperty('rps');
  });

  it('splits the open loop over threads with a picker spec a thread can rebuild', async () => {
    await runAgent({ ...spec, threads: 3 });
    expect(calls.threads).toHaveLength(1);
    expect(calls.threads[0]).toMatchObject({ threads: 3, rps: 250, seed: 3_002, picker: { kind: 'mix', requests: spec.requests, seedOrders: 10, seed: 3_002 } });
  });

  it('waits for the common start time', async () => {
    const before = Date.now();
    await runAgent({ ...spec, startAtMs: before + 30 });
    // Timers may fire a fraction of a millisecond early by the wall clock.
    expect(Date.now() - before).toBeGreaterThanOrEqual(29);
  });
});
