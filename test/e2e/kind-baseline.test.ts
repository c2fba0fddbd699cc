/**
 * End to end on the kind platform without a container engine: fake `kind`, `docker` and `kubectl`
 * first on PATH, and a loopback server answering like the Kubernetes API. The real planning,
 * executor, KubeClient (client-node), agent Jobs, kubelet meter, the lead's measurement loop and
 * the result writer run through every step: preflight, cluster, image preload, namespaces,
 * ConfigMaps with the real bundles, Deployments, rollouts, verification, two measured
 * repetitions, teardown. A second test aborts mid-run and checks the cluster was deleted.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import { CONFIG_API_VERSION, type Scenario, ScenarioSchema } from '../../src/config/scenario-schema.ts';
import { HarnessError } from '../../src/errors.ts';
import { measureLevels } from '../../src/pipeline/measure-levels.ts';
import { createProgress } from '../../src/render/progress.ts';
import { prepareKubePlatform, type PrepareKubePlatformOptions } from '../../src/platform/kube-common/prepare-kube-platform.ts';
import { kindClusterName } from '../../src/platform/kind/kind-cluster-name.ts';
import { finalizeResult } from '../../src/results/new-result.ts';
import { readResultFile, writeResultFile } from '../../src/results/result-file.ts';
import { agentJobOutcome, FakeKubeApi, type FakeAgentOptions } from '../helpers/fake-kube-api.ts';
import { type FakeTools, setupFakeTools } from '../helpers/fake-tools.ts';
import { kindE2eOptions, newKindTestResult } from '../helpers/kind-e2e-fixtures.ts';

const scenario: Scenario = ScenarioSchema.parse({
  apiVersion: CONFIG_API_VERSION,
  kind: 'Scenario',
  name: 'kind-e2e',
  requests: [
    { name: 'get-order', method: 'GET', path: '/orders/{id}', weight: 3 },
    { name: 'create-order', method: 'POST', path: '/orders', body: 'order' },
  ],
  load: { levels: [{ rps: 200 }], warmup: '100ms', duration: '800ms', repetitions: 2, timeout: '1s', connections: 4 },
});
const target = loadTarget('baseline').spec;
const quiet = createProgress(new PassThrough(), { quiet: true });

let api: FakeKubeApi;
let fakes: FakeTools;
let dir: string;
const log: string[] = [];

async function startCluster(agent: FakeAgentOptions = {}): Promise<void> {
  api = await FakeKubeApi.start({ jobOutcome: agentJobOutcome(agent) });
  fakes = setupFakeTools({ apiUrl: api.url });
}

function options(runId: string, extra: Partial<PrepareKubePlatformOptions> = {}): PrepareKubePlatformOptions {
  return { ...kindE2eOptions({ target, scenario, runId, dir, meshVersion: null, env: fakes.env, runner: fakes.runner, log: (line) => log.push(line) }), ...extra };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-kind-e2e-'));
  log.length = 0;
});

afterEach(async () => {
  await api?.close();
  fakes?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench run baseline --platform kind (fake kind/docker, fake API server)', () => {
  it('goes through every step to a valid result file and deletes the cluster', async () => {
    await startCluster();
    const runId = '20261126-130000-baseline';
    const prepared = await prepareKubePlatform(options(runId));
    const cluster = kindClusterName('baseline', runId);
    const namespace = prepared.plan.namespace ?? '';
    const resultPath = prepared.plan.resultPath;
    let result = newKindTestResult({ runId, target, scenario, meshVersion: null, tools: prepared.tools });
    result.target.kubernetesVersion = prepared.kubernetesVersion;
    result.target.kindVersion = prepared.kindVersion;
    result.verification = { verified: prepared.verification.every((c) => c.passed), skipped: false, checks: prepared.verification };
    try {
      await measureLevels({ scenario, arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }], progress: quiet });
      result = finalizeResult(result, 'complete');
      writeResultFile(resultPath, result);
    } finally {
      await prepared.teardown();
    }

    // The tools were driven with the planned argv, in order.
    const calls = fakes.calls().map((c) => `${c.tool} ${c.argv.join(' ')}`);
    const kubeconfig = join(dir, runId, 'kubeconfig');
    // Preflight probes run in parallel: any order.
    expect(calls.slice(0, 3).sort()).toEqual(['docker version --format {{.Client.Version}}|{{.Server.Version}}', 'kind version', 'kubectl version --client -o json']);
    expect(calls.slice(3)).toEqual([
      `kind create cluster --name ${cluster} --config ${join(dir, runId, 'kind-config.yaml')} --kubeconfig ${kubeconfig} --wait 5m`,
      expect.stringMatching(/^docker pull --platform linux\/(amd64|arm64) node:22\.20\.0-alpine@sha256:[0-9a-f]{64}$/),
      expect.stringMatching(/^docker tag node:22\.20\.0-alpine@sha256:[0-9a-f]{64} meshbench\.local\/node:22\.20\.0-alpine-sha256-[0-9a-f]{12}$/),
      expect.stringMatching(/^docker save --platform linux\/(amd64|arm64) -o \S+\/workload-image-linux-(amd64|arm64)\.tar meshbench\.local\/node:\S+$/),
      expect.stringMatching(new RegExp(`^kind load image-archive \\S+/workload-image-linux-(amd64|arm64)\\.tar --name ${cluster} --nodes ${cluster}-worker,${cluster}-worker2$`)),
      `kind delete cluster --name ${cluster} --kubeconfig ${kubeconfig}`,
    ]);
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);

    // Server-side apply with meshbench's field manager; the order-service on the server worker.
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThan(5);
    for (const p of patches) {
      expect(p.query).toMatchObject({ fieldManager: 'meshbench', force: 'true' });
      expect(p.contentType).toBe('application/apply-patch+yaml');
    }
    const orderPod = api.objects('Pod', namespace).find((p) => JSON.stringify(p).includes('"order-service"'));
    expect((orderPod?.['spec'] as { nodeName?: string } | undefined)?.nodeName).toBe(`${cluster}-worker`);
    const jobs = api.objects('Job', namespace);
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      const pods = api.objects('Pod', namespace).filter((p) => JSON.stringify(p).includes(`"job-name":"${String((job['metadata'] as { name: string }).name)}"`));
      expect((pods[0]?.['spec'] as { nodeName?: string } | undefined)?.nodeName).toBe(`${cluster}-worker2`);
    }
    expect(api.requests.some((r) => r.path.endsWith('/proxy/stats/summary'))).toBe(true);

    // A valid result with latency, the app, both workers and the host metered.
    const written = readResultFile(resultPath);
    expect(written.status).toBe('complete');
    expect(written.valid).toBe(true);
    expect(written.target).toMatchObject({ platform: 'kind', kubernetesVersion: 'v1.34.0', kindVersion: 'v0.31.0' });
    expect(written.verification.checks.map((c) => [c.name, c.passed])).toEqual([['no-proxy', true]]);
    const reps = written.levels[0]?.repetitions ?? [];
    expect(reps).toHaveLength(2);
    for (const rep of reps) {
      expect(rep.requests.completed).toBe(160);
      expect(rep.latency.p50Us).toBeGreaterThan(500);
      const components = Object.fromEntries(rep.resources.map((r) => [r.component, r]));
      expect(components['order-service']?.role).toBe('app');
      expect(components['order-service']?.cpuCoreSeconds).toBeGreaterThan(0);
      expect(components['order-service']?.source).toBe('kubelet-summary');
      // The fake kubelet's counters grow at 0.25 cores for the order-service, 0.8 for a node.
      expect(components['order-service']?.vcpu).toBeCloseTo(0.25, 1);
      expect(components['client-node']?.vcpu).toBeCloseTo(0.8, 1);
      expect(components['load-agent']?.role).toBe('load-agent');
      expect(components['server-node']?.role).toBe('node');
      expect(components['client-node']?.role).toBe('node');
      expect(rep.hostCpu).not.toBeNull();
    }
    // Nothing is left: the fake kind has no cluster.
    expect(fakes.calls('kind').at(-1)?.argv.slice(0, 2)).toEqual(['delete', 'cluster']);
  });

  it('deletes the cluster when interrupted during a measurement', async () => {
    await startCluster({ hang: true });
    const controller = new AbortController();
    const runId = '20261126-131500-baseline';
    const prepared = await prepareKubePlatform(options(runId, { signal: controller.signal }));
    const resultPath = prepared.plan.resultPath;
    const result = newKindTestResult({ runId, target, scenario, meshVersion: null, tools: {} });
    // Ctrl-C once the first agent Job exists (the agent hangs: the run can only end by interruption).
    const timer = setInterval(() => {
      if (api.objects('Job').length > 0) {
        clearInterval(timer);
        controller.abort();
      }
    }, 20);
    let error: unknown;
    try {
      await measureLevels({ scenario, arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }], progress: quiet, signal: controller.signal });
    } catch (err) {
      error = err;
    } finally {
      clearInterval(timer);
      await prepared.teardown();
    }
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('INTERRUPTED');
    const cluster = kindClusterName('baseline', runId);
    expect(fakes.calls('kind').map((c) => c.argv.slice(0, 4).join(' '))).toContain(`delete cluster --name ${cluster}`);
  });

  it('deletes the cluster and leaves diagnostics when a step fails while preparing', async () => {
    await startCluster();
    await api.close();
    const failingApi = await FakeKubeApi.start({ podTrouble: (pod) => (JSON.stringify(pod).includes('order-service') ? { reason: 'ErrImageNeverPull', message: 'Container image "meshbench.local/node:22.20.0-alpine-sha256-cb3143549582" is not present with pull policy of Never' } : null) });
    api = failingApi;
    fakes.cleanup();
    fakes = setupFakeTools({ apiUrl: api.url });
    const runId = '20261126-133000-baseline';
    const opts = options(runId);
    const error = await prepareKubePlatform({ ...opts, rolloutTimeoutMs: 300 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect(e.code).toBe('NOT_READY');
    expect(e.message).toMatch(/Deployment meshbench-\w+\/order rollout/);
    expect(e.message).toMatch(/pod order-\S+ is Pending: container order-service ErrImageNeverPull/);
    expect(e.details.join('\n')).toMatch(/Warning ErrImageNeverPull Pod\/order-/);
    const cluster = kindClusterName('baseline', runId);
    expect(fakes.calls('kind').map((c) => c.argv.slice(0, 4).join(' '))).toContain(`delete cluster --name ${cluster}`);
    // Pods, events and logs of the run's namespace, and kind's node logs, beside the result.
    const diagnostics = join(dir, `${runId}.diagnostics`);
    expect(readFileSync(join(diagnostics, 'nodes.txt'), 'utf8')).toMatch(new RegExp(`^${cluster}-worker Ready .*meshbench.io/role=server$`, "m"));
    const namespace = readdirSync(diagnostics).find((d) => /^meshbench-[0-9a-f]{6}$/.test(d)) ?? '';
    expect(readFileSync(join(diagnostics, namespace, 'pods.txt'), 'utf8')).toMatch(/^order-\S+ node=\S+-worker phase=Pending ready=false containers=order-service/);
    expect(readFileSync(join(diagnostics, namespace, 'events.txt'), 'utf8')).toContain('ErrImageNeverPull');
    expect(readdirSync(diagnostics, { recursive: true }).some((f) => String(f).endsWith('.order-service.log'))).toBe(true);
    expect(statSync(join(diagnostics, 'kind-logs')).isDirectory()).toBe(true);
  });
});
