/**
 * What the measurement loop does when a component of the data path dies mid-run (a service,
 * proxy or load agent process, a workload pod that restarts): the affected repetition is kept but
 * marked invalid with a reason naming the component, the repetitions before it are kept, and the
 * run ends with exit code 4 (an external component failed), naming the component, how it ended
 * and its last output. A load agent that died left no result: its share of the repetition is
 * recorded as scheduled but never sent (no latency), so the repetition shows what was lost.
 */
import { HarnessError } from '../errors.ts';
import type { AgentResult, AgentSpec } from '../plan/agent-protocol.ts';
import { createLatencyHistogram, encodeHistogram } from '../stats/latency-histogram.ts';
import type { ComponentFailure } from '../platform/measurement-backend.ts';

/** The reason recorded on the affected repetition. */
export function componentFailureReason(failure: ComponentFailure): string {
  return `${failure.component}${failure.pid !== null ? ` (pid ${failure.pid})` : ''} ${failure.how} during this repetition: the data path was broken`;
}

/** The result of an agent that died before reporting: everything scheduled, nothing sent. */
export function lostAgentResult(spec: AgentSpec, window: { startMs: number; endMs: number }): AgentResult {
  const empty = encodeHistogram(createLatencyHistogram());
  const scheduled = spec.engine === 'open' ? Math.round((spec.rps * spec.durationMs) / 1_000) : 0;
  return {
    agentIndex: spec.agentIndex,
    engine: spec.engine,
    arrival: spec.engine === 'closed' ? 'closed-loop' : spec.arrival,
    connections: spec.connections,
    targetRps: spec.rps,
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
    durationMs: spec.durationMs,
    scheduled,
    sent: 0,
    completed: 0,
    ok: 0,
    errors: 0,
    dropped: 0,
    statusCounts: {},
    errorCounts: {},
    histograms: { latencyUs: empty, serviceTimeUs: empty, schedulerLagUs: empty },
    lateSends: 0,
    cpuCoreSeconds: 0,
  };
}

/** The error that ends the run. */
export function componentFailedError(options: {
  failure: ComponentFailure;
  /** Where it was noticed, e.g. `level 1 (200 rps), repetition 2` or `before the first repetition`. */
  where: string;
  keptRepetitions: number;
  resultPaths: readonly string[];
}): HarnessError {
  const { failure } = options;
  const output = failure.outputTail.length > 0 ? failure.outputTail.map((l) => `  ${l}`) : ['  (no output)'];
  return new HarnessError('COMMAND_FAILED', `${failure.component}${failure.pid !== null ? ` (pid ${failure.pid})` : ''} ${failure.how} ${options.where}; the run stopped`, {
    details: [`last output of ${failure.component}:`, ...output],
    hint: `the ${options.keptRepetitions} repetition(s) measured before are kept in ${options.resultPaths.join(', ')} (status failed)${options.where.startsWith('during') ? '; the affected repetition is marked invalid' : ''}`,
  });
}
