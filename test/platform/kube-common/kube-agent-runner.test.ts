/**
 * The Kubernetes agent runner against the fake API server: one Job per agent on the client
 * worker, a shared start time, results from the last log line, events replayed in time order,
 * and failures reported with the agent's own error and log.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { createKubeClient } from '../../../src/kube/client-node-kube-client.ts';
import type { KubeClient } from '../../../src/kube/kube-client.ts';
import type { AgentEvent, AgentSpec } from '../../../src/plan/agent-protocol.ts';
import { KubeAgentRunner, parseAgentLog } from '../../../src/platform/kube-common/kube-agent-runner.ts';
import { agentJobOutcome, FakeKubeApi, type FakeAgentOptions, type Obj } from '../../helpers/fake-kube-api.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
});

async function start(agent: FakeAgentOptions = {}): Promise<KubeClient> {
  api = await FakeKubeApi.start({ jobOutcome: agentJobOutcome(agent) });
  const path = join(tempDir('meshbench-agents-'), 'kubeconfig');
  api.writeKubeconfig(path);
  const kube = createKubeClient(path, null, { pollIntervalMs: 10 });
  await kube.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }]);
  return kube;
}

function spec(agentIndex: number): AgentSpec {
  return {
    targetUrl: 'http://order.bench.svc.cluster.local:8080',
    rps: 100,
    engine: 'open',
    arrival: 'uniform',
    connections: 4,
    warmupMs: 50,
    durationMs: 200,
    timeoutMs: 1000,
    maxQueuedRequests: 100,
    requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }],
    seedOrders: 10,
    seed: 1,
    agentIndex,
    startAtMs: 0,
  };
}

describe('KubeAgentRunner', () => {
  it('runs one Job per agent on the client worker and returns their results and window events', async () => {
    const kube = await start();
    const runner = new KubeAgentRunner({ kube, namespace: 'bench', platform: 'kind', runId: 'run-1', podStartMarginMs: 100 });
    const events: AgentEvent[] = [];
    const before = Date.now();
    const results = await runner.runRepetition({ specs: [spec(0), spec(1)], onEvent: (e) => events.push(e) });
    expect(results.map((r) => [r.agentIndex, r.completed])).toEqual([
      [0, 20],
      [1, 20],
    ]);
    const jobs = api?.objects('Job', 'bench') ?? [];
    expect(jobs.map((j) => (j['metadata'] as { name: string }).name).sort()).toEqual(['agent-r001-a0', 'agent-r001-a1']);
    const env = jobs.map((j) => JSON.parse(((j['spec'] as Obj)['template'] as { spec: { containers: { env: { value: string }[] }[] } }).spec.containers[0]?.env[0]?.value ?? '{}') as AgentSpec);
    // Both agents share one start time, far enough ahead for their pods.
    expect(env[0]?.startAtMs).toBe(env[1]?.startAtMs);
    expect(env[0]?.startAtMs).toBeGreaterThanOrEqual(before + 100);
    // Every agent pod runs as the load-agent ServiceAccount and carries the label the L7 policies name.
    for (const job of jobs) {
      const template = (job['spec'] as Obj)['template'] as { metadata: { labels: Record<string, string> }; spec: Obj };
      expect(template.spec).toMatchObject({ serviceAccountName: 'load-agent', automountServiceAccountToken: false });
      expect(template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'load-agent' });
    }
    const pods = api?.objects('Pod', 'bench') ?? [];
    expect(pods.map((p) => (p['spec'] as { nodeName: string }).nodeName)).toEqual(['kind-worker2', 'kind-worker2']);
    expect(events.map((e) => e.type)).toEqual(['window-start', 'window-start', 'window-end', 'window-end']);
    // The next repetition gets new Job names.
    await runner.runRepetition({ specs: [spec(0)] });
    expect((api?.objects('Job', 'bench') ?? []).map((j) => (j['metadata'] as { name: string }).name)).toContain('agent-r002-a0');
  });

  // The production margins (the CLI end-to-end tests run with test timings): an injected clock
  // that stands the margin in the past lets the fake agent start at once.
  it.each([
    ['kind', 10_000],
    ['existing', 30_000],
  ] as const)('%s: without a margin given, the agents start %i ms after now, and the Job deadline counts it', async (platform, marginMs) => {
    const kube = await start();
    const nowMs = Date.now() - marginMs;
    const runner = new KubeAgentRunner({ kube, namespace: 'bench', platform, runId: 'run-1', nowMs: () => nowMs });
    await runner.runRepetition({ specs: [spec(0)] });
    const job = (api?.objects('Job', 'bench') ?? [])[0] as Obj;
    const sent = JSON.parse(((job['spec'] as Obj)['template'] as { spec: { containers: { env: { value: string }[] }[] } }).spec.containers[0]?.env[0]?.value ?? '{}') as AgentSpec;
    expect(sent.startAtMs).toBe(nowMs + marginMs);
    // start delay + warm-up 50 + window 200 + request timeout 1000 + the 120 s margin, in whole seconds.
    expect((job['spec'] as Obj)['activeDeadlineSeconds']).toBe(Math.ceil((marginMs + 50 + 200 + 1_000 + 120_000) / 1000));
  });

  it('reports a failed agent with its own error message and log', async () => {
    const kube = await start({ fail: 'connect ECONNREFUSED 10.96.12.7:8080' });
    const runner = new KubeAgentRunner({ kube, namespace: 'bench', platform: 'kind', runId: 'run-1', podStartMarginMs: 0 });
    const error = (await runner.runRepetition({ specs: [spec(0)] }).catch((e: unknown) => e)) as HarnessError;
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.message).toBe('load agent Job bench/agent-r001-a0 did not complete: connect ECONNREFUSED 10.96.12.7:8080');
    expect(error.details.join('\n')).toContain('BackoffLimitExceeded');
    expect(error.details.join('\n')).toContain('"type":"error"');
  });

  it('stops waiting when interrupted', async () => {
    const kube = await start({ hang: true });
    const runner = new KubeAgentRunner({ kube, namespace: 'bench', platform: 'kind', runId: 'run-1', podStartMarginMs: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = (await runner.runRepetition({ specs: [spec(0)], signal: controller.signal }).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('INTERRUPTED');
  });
});

describe('parseAgentLog', () => {
  it('takes the result only from the last JSON line and ignores other output', () => {
    const result = { agentIndex: 0, completed: 3 };
    const text = ['node: warning', JSON.stringify({ type: 'window-start', timeMs: 1, agentIndex: 0 }), JSON.stringify({ type: 'result', result }), ''].join('\n');
    expect(parseAgentLog(text)).toMatchObject({ events: [{ type: 'window-start' }], result });
    const notLast = `${JSON.stringify({ type: 'result', result })}\n${JSON.stringify({ type: 'error', message: 'late' })}\n`;
    expect(parseAgentLog(notLast)).toMatchObject({ result: null, errors: ['late'] });
  });
});
