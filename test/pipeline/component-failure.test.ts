import { describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../src/plan/agent-protocol.ts';
import { componentFailedError, componentFailureReason, lostAgentResult } from '../../src/pipeline/component-failure.ts';
import { decodeHistogram } from '../../src/stats/latency-histogram.ts';

const failure = { component: 'haproxy-server', pid: 4242, how: 'was killed by SIGKILL', outputTail: ['[WARNING] x', '[ALERT] y'] };

describe('component failures', () => {
  it('the repetition’s reason names the component, its pid and how it ended', () => {
    expect(componentFailureReason(failure)).toBe('haproxy-server (pid 4242) was killed by SIGKILL during this repetition: the data path was broken');
    expect(componentFailureReason({ ...failure, component: 'pod order-1 (order-service)', pid: null, how: 'restarted' })).toBe(
      'pod order-1 (order-service) restarted during this repetition: the data path was broken',
    );
  });

  it('a lost agent scheduled its share and sent nothing: no latency recorded', () => {
    const spec = { agentIndex: 1, engine: 'open', arrival: 'poisson', connections: 8, rps: 250, durationMs: 4000 } as AgentSpec;
    const lost = lostAgentResult(spec, { startMs: 1000, endMs: 5000 });
    expect(lost).toMatchObject({ agentIndex: 1, arrival: 'poisson', targetRps: 250, scheduled: 1000, sent: 0, completed: 0, windowStartMs: 1000, windowEndMs: 5000 });
    expect(decodeHistogram(lost.histograms.latencyUs).totalCount).toBe(0);
    const closed = lostAgentResult({ ...spec, engine: 'closed' }, { startMs: 0, endMs: 1 });
    expect(closed).toMatchObject({ arrival: 'closed-loop', scheduled: 0 });
  });

  it('the run ends with exit code 4, the last output and where the kept repetitions are', () => {
    const err = componentFailedError({ failure, where: 'during level 1 (200 rps), repetition 2', keptRepetitions: 3, resultPaths: ['results/a.json'] });
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe('haproxy-server (pid 4242) was killed by SIGKILL during level 1 (200 rps), repetition 2; the run stopped');
    expect(err.details).toEqual(['last output of haproxy-server:', '  [WARNING] x', '  [ALERT] y']);
    expect(err.hint).toBe('the 3 repetition(s) measured before are kept in results/a.json (status failed); the affected repetition is marked invalid');
    const before = componentFailedError({ failure: { ...failure, outputTail: [] }, where: 'before the first repetition', keptRepetitions: 0, resultPaths: ['r.json'] });
    expect(before.details).toEqual(['last output of haproxy-server:', '  (no output)']);
    expect(before.hint).not.toContain('marked invalid');
  });
});
