import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import type { WaitApis } from '../../src/kube/kube-wait-probe.ts';
import { type WaitContext, waitForCondition } from '../../src/kube/kube-wait.ts';

type Answer = () => unknown;

/** A WaitContext whose job reads follow a script (one answer per poll, the last repeats). */
function context(options: { jobReads: Answer[]; pods?: unknown[]; events?: Record<string, string[]>; unreachableGraceMs?: number }): WaitContext & { jobPolls: () => number } {
  let polls = 0;
  const apis = {
    core: { listNamespacedPod: async () => ({ items: options.pods ?? [] }), listNode: async () => ({ items: [] }) },
    apps: {},
    batch: {
      readNamespacedJob: async () => {
        const answer = options.jobReads[Math.min(polls, options.jobReads.length - 1)] as Answer;
        polls++;
        return answer();
      },
    },
    apiextensions: {},
  } as unknown as WaitApis;
  return {
    apis,
    events: async (namespace, involvedName) => options.events?.[involvedName ?? namespace] ?? [],
    server: 'https://127.0.0.1:6443',
    pollIntervalMs: 1,
    unreachableGraceMs: options.unreachableGraceMs ?? 60_000,
    jobPolls: () => polls,
  };
}

const running = () => ({ status: { active: 1 } });
const complete = () => ({ status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } });
const refused = () => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
};
const JOB = { type: 'job-complete', namespace: 'bench', name: 'agent-0' } as const;

async function failure(promise: Promise<unknown>): Promise<HarnessError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
}

describe('waitForCondition', () => {
  it('polls until the condition holds', async () => {
    const ctx = context({ jobReads: [running, running, complete] });
    await waitForCondition(ctx, JOB, { timeoutMs: 10_000 });
    expect(ctx.jobPolls()).toBe(3);
  });

  it('fails at once, naming the reason, when the object can never become ready', async () => {
    const failed = () => ({ status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } });
    const ctx = context({ jobReads: [failed] });
    const error = await failure(waitForCondition(ctx, JOB, { timeoutMs: 60_000 }));
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe('Job bench/agent-0 complete: failed: BackoffLimitExceeded: Job has reached the specified backoff limit');
    expect(ctx.jobPolls()).toBe(1);
  });

  it('times out with the last status, the first stuck pod, its state and events', async () => {
    const pod = { metadata: { name: 'agent-0-x' }, spec: { nodeName: 'w2' }, status: { phase: 'Pending', containerStatuses: [{ name: 'agent', ready: false, state: { waiting: { reason: 'ErrImageNeverPull' } } }] } };
    const done = { metadata: { name: 'old' }, status: { phase: 'Succeeded' } };
    const fine = { metadata: { name: 'agent-0-ok' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
    const ctx = context({ jobReads: [running], pods: [done, fine, pod], events: { 'agent-0-x': ['t Warning ErrImageNeverPull Pod/agent-0-x: not present'] } });
    const error = await failure(waitForCondition(ctx, JOB, { timeoutMs: 100 }));
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe('Job bench/agent-0 complete: not ready after 0.1 s: 1 active, 0 succeeded, 0 failed; pod agent-0-x is Pending: container agent ErrImageNeverPull');
    expect(error.details).toEqual(['pod bench/agent-0-x on w2: Pending: container agent ErrImageNeverPull', '  t Warning ErrImageNeverPull Pod/agent-0-x: not present']);
  });

  it('adds the namespace\'s recent events about the object by name prefix', async () => {
    const ctx = context({ jobReads: [running], events: { bench: ['t Normal SuccessfulCreate Job/agent-0: created pod', 't Normal Other Pod/unrelated: x'] } });
    const error = await failure(waitForCondition(ctx, JOB, { timeoutMs: 100 }));
    expect(error.message).toBe('Job bench/agent-0 complete: not ready after 0.1 s: 1 active, 0 succeeded, 0 failed');
    expect(error.details).toEqual(['recent events in bench:', '  t Normal SuccessfulCreate Job/agent-0: created pod']);
  });

  it('fails after the grace period when the API server does not answer, naming its address', async () => {
    const ctx = context({ jobReads: [refused], unreachableGraceMs: 5 });
    const started = Date.now();
    const error = await failure(waitForCondition(ctx, JOB, { timeoutMs: 60_000 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe('the Kubernetes API server at https://127.0.0.1:6443 did not answer (wait for Job bench/agent-0 complete): connect ECONNREFUSED 127.0.0.1:6443');
  });

  it('rides out an API server that comes back within the grace period', async () => {
    const ctx = context({ jobReads: [refused, refused, running, complete] });
    await waitForCondition(ctx, JOB, { timeoutMs: 10_000 });
    expect(ctx.jobPolls()).toBe(4);
  });

  it('fails at once on an API error that will not go away', async () => {
    const ctx = context({
      jobReads: [
        () => {
          throw Object.assign(new Error('HTTP-Code: 403'), { code: 403, body: '{"message":"forbidden"}' });
        },
      ],
    });
    const error = await failure(waitForCondition(ctx, JOB, { timeoutMs: 60_000 }));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('Kubernetes API refused to wait for Job bench/agent-0 complete: HTTP 403: forbidden');
  });

  it('stops with the interrupted error when aborted', async () => {
    const ctx = context({ jobReads: [running] });
    const error = await failure(waitForCondition(ctx, JOB, { timeoutMs: 60_000, signal: AbortSignal.abort() }));
    expect(error.code).toBe('INTERRUPTED');
  });
});
