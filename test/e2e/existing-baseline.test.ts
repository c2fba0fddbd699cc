/**
 * End to end on the existing platform against the loopback fake API server, with short test
 * timings (like kind-baseline.test.ts): the user's kubeconfig (two contexts, --context chosen)
 * is copied into the run's own 0600 kubeconfig and never written; the run goes through preflight,
 * namespaces, the workload on the user's plain workers (kept apart by anti-affinity), verification,
 * two repetitions measured by agent Jobs and kubelet Summary counters, to a valid result, and its
 * teardown deletes only the run's two namespaces.
 */
import { existingCluster } from '../../src/platform/existing/index.ts';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import { CONFIG_API_VERSION, type Scenario, ScenarioSchema } from '../../src/config/scenario-schema.ts';
import { measureLevels } from '../../src/pipeline/measure-levels.ts';
import { createProgress } from '../../src/render/progress.ts';
import { prepareKubePlatform } from '../../src/platform/kube-common/prepare-kube-platform.ts';
import { finalizeResult } from '../../src/results/new-result.ts';
import { readResultFile, writeResultFile } from '../../src/results/result-file.ts';
import { HarnessError } from '../../src/errors.ts';
import { agentJobOutcome, FakeKubeApi, type FakeKubeApiOptions } from '../helpers/fake-kube-api.ts';
import { type FakeTools, setupFakeTools } from '../helpers/fake-tools.ts';
import { kindE2eOptions, newKindTestResult } from '../helpers/kind-e2e-fixtures.ts';

const scenario: Scenario = ScenarioSchema.parse({
  apiVersion: CONFIG_API_VERSION,
  kind: 'Scenario',
  name: 'existing-e2e',
  requests: [{ name: 'get-order', method: 'GET', path: '/orders/{id}' }],
  load: { levels: [{ rps: 200 }], warmup: '100ms', duration: '800ms', repetitions: 2, timeout: '1s', connections: 4 },
});
const target = loadTarget('baseline').spec;
const quiet = createProgress(new PassThrough(), { quiet: true });

let api: FakeKubeApi;
let fakes: FakeTools;
let dir: string;

async function startCluster(jobOutcome: FakeKubeApiOptions['jobOutcome'] = agentJobOutcome()): Promise<void> {
  api = await FakeKubeApi.start({ nodes: [{ name: 'cp-1', controlPlane: true }, { name: 'worker-a' }, { name: 'worker-b' }], jobOutcome });
  fakes = setupFakeTools({ apiUrl: api.url });
}

/** Prepares a run on the fake cluster and the result file it starts from. */
async function prepare(runId: string) {
  const userKubeconfig = join(dir, 'user.kubeconfig');
  api.writeKubeconfig(userKubeconfig, 'fake');
  const prepared = await prepareKubePlatform({
    ...kindE2eOptions({ target, scenario, runId, dir, meshVersion: null, env: fakes.env, runner: fakes.runner, log: () => undefined }),
    cluster: existingCluster,
    installMesh: false,
    context: 'fake',
    userKubeconfig,
  });
  const result = newKindTestResult({ runId, target, scenario, meshVersion: null, tools: prepared.tools });
  result.target.platform = 'existing';
  result.verification = { verified: prepared.verification.every((c) => c.passed), skipped: false, checks: prepared.verification };
  return { prepared, result, userKubeconfig };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-existing-e2e-'));
});

afterEach(async () => {
  await api?.close();
  fakes?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench run baseline --platform existing (fake API server)', () => {
  it('goes through every step to a valid result file and deletes only its namespaces', async () => {
    await startCluster();
    const runId = '20261206-160000-baseline';
    const started = await prepare(runId);
    const { prepared, userKubeconfig } = started;
    let result = started.result;
    const before = readFileSync(userKubeconfig, 'utf8');
    const namespace = prepared.plan.namespace ?? '';
    const resultPath = prepared.plan.resultPath;
    let pods: Record<string, unknown>[] = [];
    try {
      await measureLevels({ scenario, arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }], progress: quiet });
      result = finalizeResult(result, 'complete');
      writeResultFile(resultPath, result);
      pods = api.objects('Pod');
    } finally {
      await prepared.teardown();
    }

    // The run's own kubeconfig: the one context, 0600; the user's file untouched.
    const own = join(dir, runId, 'kubeconfig');
    expect(statSync(own).mode & 0o777).toBe(0o600);
    const ownConfig = parse(readFileSync(own, 'utf8')) as { contexts: { name: string }[]; 'current-context': string };
    expect(ownConfig.contexts.map((c) => c.name)).toEqual(['fake']);
    expect(readFileSync(userKubeconfig, 'utf8')).toBe(before);

    // No provisioning, no kind; the services and the agents on different workers.
    expect(fakes.calls('kind')).toEqual([]);
    const nodeOf = (pod: Record<string, unknown> | undefined) => (pod?.['spec'] as { nodeName?: string } | undefined)?.nodeName;
    const serverNode = nodeOf(pods.find((p) => JSON.stringify(p).includes('"order-service"')));
    const agentNodes = new Set(pods.filter((p) => JSON.stringify(p).includes('"job-name"')).map(nodeOf));
    expect(serverNode).toMatch(/^worker-[ab]$/);
    expect(agentNodes.size).toBe(1);
    expect(agentNodes.has(serverNode)).toBe(false);
    const written = readResultFile(resultPath);
    expect(written.valid).toBe(true);
    expect(written.verification.checks.map((c) => [c.name, c.passed])).toEqual([['no-proxy', true]]);
    const reps = written.levels[0]?.repetitions ?? [];
    expect(reps).toHaveLength(2);
    for (const rep of reps) {
      expect(rep.requests.completed).toBe(160);
      const components = Object.fromEntries(rep.resources.map((r) => [r.component, r]));
      expect(components['order-service']).toMatchObject({ role: 'app', source: 'kubelet-summary' });
      expect(components['order-service']?.vcpu).toBeCloseTo(0.25, 1);
      expect(components['server-node']?.role).toBe('node');
      expect(components['client-node']?.role).toBe('node');
      expect(rep.hostCpu).toBeNull();
    }
    const summaries = new Set(api.requests.filter((r) => r.path.endsWith('/proxy/stats/summary')).map((r) => r.path));
    expect(summaries).toEqual(new Set(['/api/v1/nodes/worker-a/proxy/stats/summary', '/api/v1/nodes/worker-b/proxy/stats/summary']));

    // Only the run's namespaces were written to or deleted; both are gone.
    for (const r of api.requests.filter((x) => x.method !== 'GET')) {
      expect(r.path).toMatch(new RegExp(`^/api(s/[^/]+)?/v1/namespaces/${namespace}(-probe)?(/|$)`));
    }
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path).sort()).toEqual([`/api/v1/namespaces/${namespace}`, `/api/v1/namespaces/${namespace}-probe`]);
    expect(api.objects('Namespace')).toEqual([]);
  });

  it('an order-service pod that restarts mid-run ends the run naming it; the repetition before is kept, the affected one invalid', async () => {
    const agent = agentJobOutcome();
    await startCluster((job, env) => {
      // The order-service container crashes and is restarted while the second agent runs.
      if (String((job['metadata'] as { name: string }).name).startsWith('agent-r002')) {
        const pod = api.objects('Pod').find((p) => JSON.stringify(p).includes('"order-service"'));
        const status = (pod?.['status'] as { containerStatuses?: { restartCount: number }[] } | undefined)?.containerStatuses?.[0];
        if (status) status.restartCount = 1;
      }
      return agent(job, env);
    });
    const { prepared, result } = await prepare('20261206-161000-baseline');
    const resultPath = prepared.plan.resultPath;
    const error = await measureLevels({ scenario, arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }], progress: quiet })
      .catch((err: unknown) => err)
      .finally(() => prepared.teardown());
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect(e.exitCode).toBe(4);
    expect(e.message).toMatch(/^pod meshbench-[0-9a-f]{6}\/order-\S+ \(order-service\) restarted \(restartCount 0 → 1\) during level 1 \(200 rps\), repetition 2; the run stopped$/);
    expect(e.details.join('\n')).toContain('"type":"listening"');
    const written = readResultFile(resultPath);
    const reps = written.levels[0]?.repetitions ?? [];
    expect(reps.map((r) => r.valid)).toEqual([true, false]);
    expect(reps[1]?.invalidReasons[0]).toMatch(/^pod \S+ \(order-service\) restarted \(restartCount 0 → 1\) during this repetition/);
  });

  it('a load agent Job that fails is an error naming the Job and the agent\'s message; the repetition before is kept', async () => {
    const ok = agentJobOutcome();
    const failing = agentJobOutcome({ fail: 'connect ECONNREFUSED 10.96.12.7:8080' });
    await startCluster((job, env) => (String((job['metadata'] as { name: string }).name).startsWith('agent-r002') ? failing(job, env) : ok(job, env)));
    const { prepared, result } = await prepare('20261206-162000-baseline');
    const resultPath = prepared.plan.resultPath;
    const error = await measureLevels({ scenario, arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }], progress: quiet })
      .catch((err: unknown) => err)
      .finally(() => prepared.teardown());
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).exitCode).toBe(4);
    expect((error as HarnessError).message).toMatch(/^load agent Job meshbench-[0-9a-f]{6}\/agent-r002-a0 did not complete: connect ECONNREFUSED 10\.96\.12\.7:8080$/);
    expect(readResultFile(resultPath).levels[0]?.repetitions.map((r) => r.valid)).toEqual([true]);
  });
});
