/**
 * One agent's repetition: picks the engine, waits for the common start time, runs warm-up plus
 * the measured window and returns the AgentResult. Used by the agent process (agent-main.ts) and
 * in-process by `bench load`.
 */
import { AGENT_PROGRESS_INTERVAL_MS, type AgentEvent, type AgentResult, type AgentSpec } from '../plan/agent-protocol.ts';
import { runClosedLoop } from './closed-loop-engine.ts';
import { runOpenLoop } from './open-loop-engine.ts';
import { runOpenLoopThreads } from './open-loop-threads.ts';
import { createRequestPicker } from './request-mix.ts';
import { socketAddressOf } from './target-address.ts';
import { probeTls } from './tls-connect.ts';
import { OutcomeCounts } from './request-outcome.ts';

export async function runAgent(spec: AgentSpec, hooks: { signal?: AbortSignal; onEvent?: (e: AgentEvent) => void } = {}): Promise<AgentResult> {
  // An https target that refuses our TLS fails here with the reason, before the common start.
  const url = new URL(spec.targetUrl);
  // HTTP/2 (h2, gRPC over TLS) offers only `h2` by ALPN, as its connections do.
  const alpnProtocols = spec.protocol && spec.protocol !== 'http1' ? ['h2'] : ['http/1.1'];
  if (url.protocol === 'https:') await probeTls(url, spec.tls, { ...socketAddressOf(url), timeoutMs: spec.timeoutMs, alpnProtocols });
  const waitMs = spec.startAtMs - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  // Different agents must not send the same sequence.
  const seed = spec.seed * 1_000 + spec.agentIndex;
  const picker = createRequestPicker({ requests: spec.requests, seedOrders: spec.seedOrders, seed });
  const threads = spec.threads ?? 1;
  // Live tallies for progress (single-threaded engines: a threaded loop counts in its workers).
  const counts = threads === 1 ? new OutcomeCounts() : undefined;
  let ticker: NodeJS.Timeout | null = null;
  const stopTicker = () => {
    if (ticker) clearInterval(ticker);
    ticker = null;
  };
  const onWindowStart = (timeMs: number) => {
    hooks.onEvent?.({ type: 'window-start', timeMs, agentIndex: spec.agentIndex });
    if (!counts || !hooks.onEvent) return;
    ticker = setInterval(() => {
      hooks.onEvent?.({ type: 'progress', agentIndex: spec.agentIndex, timeMs: Date.now(), windowStartMs: timeMs, completed: counts.completed, errors: counts.errors });
    }, AGENT_PROGRESS_INTERVAL_MS);
    ticker.unref();
  };
  const onWindowEnd = (timeMs: number) => {
    stopTicker();
    hooks.onEvent?.({ type: 'window-end', timeMs, agentIndex: spec.agentIndex });
  };
  const common = {
    targetUrl: spec.targetUrl,
    connections: spec.connections,
    warmupMs: spec.warmupMs,
    durationMs: spec.durationMs,
    timeoutMs: spec.timeoutMs,
    tls: spec.tls,
    picker,
    protocol: spec.protocol,
    maxStreams: spec.maxStreams,
    signal: hooks.signal,
    onWindowStart,
    onWindowEnd,
  };
  const open = { rps: spec.rps, arrival: spec.arrival, maxQueuedRequests: spec.maxQueuedRequests, seed };
  try {
    const result =
      spec.engine === 'closed'
        ? await runClosedLoop({ ...common, counts })
        : threads > 1
          ? await runOpenLoopThreads({ ...common, ...open, threads, picker: { kind: 'mix', requests: spec.requests, seedOrders: spec.seedOrders, seed } })
          : await runOpenLoop({ ...common, ...open, counts });
    return { ...result, agentIndex: spec.agentIndex };
  } finally {
    stopTicker();
  }
}
