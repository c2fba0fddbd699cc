/**
 * One agent's repetition: picks the engine, waits for the common start time, runs warm-up plus
 * the measured window and returns the AgentResult. Used by the agent process (agent-main.ts) and
 * in-process by `bench load`.
 */
import type { AgentEvent, AgentResult, AgentSpec } from '../plan/agent-protocol.ts';
import { runClosedLoop } from './closed-loop-engine.ts';
import { runOpenLoop } from './open-loop-engine.ts';
import { runOpenLoopThreads } from './open-loop-threads.ts';
import { createRequestPicker } from './request-mix.ts';

export async function runAgent(spec: AgentSpec, hooks: { signal?: AbortSignal; onEvent?: (e: AgentEvent) => void } = {}): Promise<AgentResult> {
  const waitMs = spec.startAtMs - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  // Different agents must not send the same sequence.
  const seed = spec.seed * 1_000 + spec.agentIndex;
  const picker = createRequestPicker({ requests: spec.requests, seedOrders: spec.seedOrders, seed });
  const onWindowStart = (timeMs: number) => hooks.onEvent?.({ type: 'window-start', timeMs, agentIndex: spec.agentIndex });
  const onWindowEnd = (timeMs: number) => hooks.onEvent?.({ type: 'window-end', timeMs, agentIndex: spec.agentIndex });
  const common = {
    targetUrl: spec.targetUrl,
    connections: spec.connections,
    warmupMs: spec.warmupMs,
    durationMs: spec.durationMs,
    timeoutMs: spec.timeoutMs,
    picker,
    protocol: spec.protocol,
    maxStreams: spec.maxStreams,
    signal: hooks.signal,
    onWindowStart,
    onWindowEnd,
  };
  const open = { rps: spec.rps, arrival: spec.arrival, maxQueuedRequests: spec.maxQueuedRequests, seed };
  const threads = spec.threads ?? 1;
  const result =
    spec.engine === 'closed'
      ? await runClosedLoop(common)
      : threads > 1
        ? await runOpenLoopThreads({ ...common, ...open, threads, picker: { kind: 'mix', requests: spec.requests, seedOrders: spec.seedOrders, seed } })
        : await runOpenLoop({ ...common, ...open });
  return { ...result, agentIndex: spec.agentIndex };
}
