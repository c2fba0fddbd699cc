/**
 * End to end on the existing platform against the loopback fake API server, with short test
 * timings (like kind-baseline.test.ts): the user's kubeconfig (two contexts, --context chosen)
 * is copied into the run's own 0600 kubeconfig and never written; the run goes through preflight,
 * namespaces, the workload on the user's plain workers (kept apart by anti-affinity), verification,
 * two repetitions measured by agent Jobs and kubelet Summary counters, to a valid result, and its
 * teardown deletes only the run's two namespaces.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import { CONFIG_API_VERSION, type Scenario, ScenarioSchema } from '../../src/config/scenario-schema.ts';
import { measureLevels } from '../../src/pipeline/measure-levels.ts';
import { createProgress } from '../../src/pipeline/progress.ts';
import { prepareKubePlatform } from '../../src/pipeline/prepare-kube-platform.ts';
import { finalizeResult } from '../../src/results/new-result.ts';
import { readResultFile, writeResultFile } from '../../src/results/result-file.ts';
import { agentJobOutcome, FakeKubeApi } from '../helpers/fake-kube-api.ts';
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

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-existing-e2e-'));
  api = await FakeKubeApi.start({
    nodes: [{ name: 'cp-1', controlPlane: true }, { name: 'worker-a' }, { name: 'worker-b' }],
    jobOutcome: agentJobOutcome(),
  });
  fakes = setupFakeTools({ apiUrl: api.url });
});

afterEach(async () => {
  await api.close();
  fakes.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench run baseline --platform existing (fake API server)', () => {
  it('goes through every step to a valid result file and deletes only its namespaces', async () => {
    const userKubeconfig = join(dir, 'user.kubeconfig');
    api.writeKubeconfig(userKubeconfig, 'fake');
    const before = readFileSync(userKubeconfig, 'utf8');
    const runId = '20261206-160000-baseline';
    const prepared = await prepareKubePlatform({
      ...kindE2eOptions({ target, scenario, runId, dir, meshVersion: null, env: fakes.env, log: () => undefined }),
      platform: 'existing',
      installMesh: false,
      context: 'fake',
      userKubeconfig,
    });
    const namespace = prepared.plan.namespace ?? '';
    const resultPath = prepared.plan.resultPath;
    let result = newKindTestResult({ runId, target, scenario, meshVersion: null, tools: prepared.tools });
    result.target.platform = 'existing';
    result.verification = { verified: prepared.verification.every((c) => c.passed), skipped: false, checks: prepared.verification };
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
});
