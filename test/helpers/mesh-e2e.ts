/**
 * End-to-end harness for the mesh targets on the kind platform without a container engine: the
 * fake API server with the mesh's admission webhooks simulated (sidecar injection, ambient
 * capture), probe Jobs answered as the mesh would answer plaintext, load-agent Jobs answered by
 * the fake agent, and the fake CLIs first on PATH, run in process by `fakes.runner` (pass it to
 * runBench as `runner`, with `kubeTuning: TEST_KUBE_TUNING`). The run goes through the real planning,
 * executor, KubeClient, mesh checks, measurement loop and teardown (prepareKubePlatform).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadTarget } from '../../src/config/config-files.ts';
import { CONFIG_API_VERSION, type Scenario, ScenarioSchema } from '../../src/config/scenario-schema.ts';
import type { Target } from '../../src/config/target-schema.ts';
import { measureLevels } from '../../src/pipeline/measure-levels.ts';
import { createProgress } from '../../src/render/progress.ts';
import { type PreparedKubePlatform, prepareKubePlatform } from '../../src/platform/kube-common/prepare-kube-platform.ts';
import { finalizeResult } from '../../src/results/new-result.ts';
import { readResultFile, writeResultFile } from '../../src/results/result-file.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { agentJobOutcome, FakeKubeApi, type JobOutcome, type Obj } from './fake-kube-api.ts';
import { FAKE_TOOLS, type FakeTool } from '../fixtures/fake-tools/index.mjs';
import { type FakeTools, setupFakeTools } from './fake-tools.ts';
import { RecordingCommandRunner } from './recording-command-runner.ts';
import { TOOL_OUTPUT_DIR } from './tool-output.ts';
import { kindE2eOptions, newKindTestResult } from './kind-e2e-fixtures.ts';
import { tempDir } from './temp-dir.ts';

/** Which admission webhook the fake cluster simulates. */
export type MeshWebhook = 'istio-sidecar' | 'istio-ambient' | 'linkerd' | 'none';

export interface MeshE2eOptions {
  target: string;
  webhook: MeshWebhook;
  /** What the probe pod's plaintext GET gets (its log line). */
  probeLog?: string;
  /** Extra environment for the fakes (FAKE_ISTIOCTL_FAIL, …). */
  env?: Record<string, string>;
  /** Scenario features. */
  features?: Partial<Scenario['features']>;
  /** Pre-install the Gateway API CRDs of this bundle (the fake kubectl does not apply URLs). */
  gatewayApi?: string;
}

const rec = (value: unknown): Obj => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {});

function namespaceMeta(api: FakeKubeApi, namespace: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const meta = rec(api.object('Namespace', namespace)?.['metadata']);
  return { labels: rec(meta['labels']) as Record<string, string>, annotations: rec(meta['annotations']) as Record<string, string> };
}

/** Mutates the pods a workload created, as the mesh's webhook or CNI would have. */
function simulateWebhook(webhook: MeshWebhook, object: Obj, api: FakeKubeApi): void {
  if (webhook === 'none' || !['Deployment', 'Job', 'DaemonSet'].includes(String(object['kind']))) return;
  const namespace = String(rec(object['metadata'])['namespace'] ?? '');
  const ns = namespaceMeta(api, namespace);
  const owner = String(rec(object['metadata'])['name']);
  const pods = api.objects('Pod', namespace).filter((p) => (rec(p['metadata'])['ownerReferences'] as Obj[] | undefined)?.some((r) => r['name'] === owner));
  for (const pod of pods) {
    const meta = rec(pod['metadata']);
    const labels = rec(meta['labels']) as Record<string, string>;
    const spec = rec(pod['spec']);
    const status = rec(pod['status']);
    const inject = (init: string, proxy: string) => {
      spec['initContainers'] = [{ name: init, image: `fake/${init}` }, { name: proxy, image: `fake/${proxy}`, restartPolicy: 'Always' }];
      status['initContainerStatuses'] = [{ name: proxy, ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } }];
    };
    // `istio-injection` takes precedence; else `istio.io/rev` picks the revision's injector, which labels the pod with it.
    const revision = ns.labels['istio-injection'] === undefined ? ns.labels['istio.io/rev'] : undefined;
    if (webhook === 'istio-sidecar' && (ns.labels['istio-injection'] === 'enabled' || revision) && labels['sidecar.istio.io/inject'] !== 'false') {
      inject('istio-init', 'istio-proxy');
      meta['labels'] = { ...labels, 'istio.io/rev': revision ?? 'default' };
    }
    if (webhook === 'linkerd' && ns.annotations['linkerd.io/inject'] === 'enabled') inject('linkerd-init', 'linkerd-proxy');
    if (webhook === 'istio-ambient' && ns.labels['istio.io/dataplane-mode'] === 'ambient' && labels['istio.io/dataplane-mode'] !== 'none') {
      meta['annotations'] = { ...rec(meta['annotations']), 'ambient.istio.io/redirection': 'enabled' };
    }
  }
}

/**
 * The fake scheduler never places pods on the control plane; mesh DaemonSets tolerate every taint
 * and run there too. Their control-plane pod is started here and the DaemonSet status fixed up.
 */
function simulateTolerations(object: Obj, api: FakeKubeApi): void {
  if (object['kind'] !== 'DaemonSet') return;
  const template = rec(rec(object['spec'])['template']);
  const tolerates = ((rec(template['spec'])['tolerations'] as Obj[] | undefined) ?? []).some((t) => t['operator'] === 'Exists');
  if (!tolerates) return;
  const controlPlane = api.objects('Node').find((n) => 'node-role.kubernetes.io/control-plane' in (rec(rec(n['metadata'])['labels']) as Record<string, string>));
  const namespace = String(rec(object['metadata'])['namespace'] ?? '');
  const owner = String(rec(object['metadata'])['name']);
  for (const pod of api.objects('Pod', namespace)) {
    const owned = (rec(pod['metadata'])['ownerReferences'] as Obj[] | undefined)?.some((r) => r['name'] === owner && r['kind'] === 'DaemonSet');
    const status = rec(pod['status']);
    if (!owned || status['phase'] !== 'Pending' || !controlPlane) continue;
    rec(pod['spec'])['nodeName'] = String(rec(controlPlane['metadata'])['name']);
    pod['status'] = {
      ...status,
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
      ],
      containerStatuses: ((rec(pod['spec'])['containers'] as Obj[] | undefined) ?? []).map((c) => ({ name: c['name'], ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } })),
    };
  }
  const status = rec(object['status']);
  object['status'] = { ...status, numberReady: status['desiredNumberScheduled'], numberAvailable: status['desiredNumberScheduled'] };
}

/** Job outcomes: the plaintext probe answers with `probeLog`; load agents run the fake agent. */
function jobOutcome(probeLog: string): (job: Obj, env: Record<string, string>) => JobOutcome {
  const agent = agentJobOutcome();
  return (job, env) => (env['PROBE_URL'] ? { phase: 'Succeeded', log: `${probeLog}\n` } : agent(job, env));
}

const GATEWAY_API_CRDS = [
  ['gateways', 'Gateway'],
  ['httproutes', 'HTTPRoute'],
  ['gatewayclasses', 'GatewayClass'],
] as const;

/** Server-side applies CRDs for the Gateway API standard channel into the fake API. */
async function seedGatewayApi(api: FakeKubeApi, bundle: string): Promise<void> {
  for (const [plural, kind] of GATEWAY_API_CRDS) {
    const body = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.gateway.networking.k8s.io`, annotations: { 'gateway.networking.k8s.io/bundle-version': bundle, 'gateway.networking.k8s.io/channel': 'standard' } },
      spec: {
        group: 'gateway.networking.k8s.io',
        names: { kind, plural },
        scope: kind === 'GatewayClass' ? 'Cluster' : 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    await fetch(`${api.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${body.metadata.name}?fieldManager=test-seed`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/apply-patch+yaml' },
      body: JSON.stringify(body),
    });
  }
}

/** The fake `kubectl`, also answering `exec ds/cilium -- cilium-dbg status` with the recorded status. */
function ciliumExecKubectl(statusFile: string): FakeTool {
  return async (call) => {
    if (` ${call.argv.join(' ')} `.includes(' exec ds/cilium ')) {
      const log = call.env['FAKE_TOOLS_LOG'];
      if (log) appendFileSync(log, `${JSON.stringify({ tool: 'kubectl', argv: ['exec', 'ds/cilium'], kubeconfig: null })}\n`);
      return { stdout: readFileSync(statusFile, 'utf8'), stderr: '', exitCode: 0 };
    }
    return FAKE_TOOLS.kubectl(call);
  };
}

/** The e2e scenario as a file for `bench run --scenario <file>` (same load as {@link startMeshE2e}). */
export function meshE2eScenarioYaml(features: Partial<Scenario['features']> = {}): string {
  return [
    'apiVersion: meshbench/v1alpha1',
    'kind: Scenario',
    'name: mesh-cli-e2e',
    'requests:',
    '  - { name: get-order, method: GET, path: "/orders/{id}" }',
    'workload: { chainDepth: 2 }',
    'load: { levels: [{ rps: 100 }], warmup: 100ms, duration: 500ms, repetitions: 1, timeout: 1s, connections: 2 }',
    `features: { mtls: ${features.mtls ?? 'strict'}, authz: ${features.authz ?? 'off'} }`,
    '',
  ].join('\n');
}

export interface MeshE2e {
  api: FakeKubeApi;
  fakes: FakeTools;
  dir: string;
  target: Target;
  scenario: Scenario;
  log: string[];
  /** Prepares the platform (plan + every step up to the measurement). */
  prepare(runId: string): Promise<PreparedKubePlatform>;
  /** Measures with the prepared platform, writes and reads back the result, tears down. */
  measureAndTeardown(prepared: PreparedKubePlatform, runId: string): Promise<ResultFile>;
  close(): Promise<void>;
}

/** Starts the fake cluster and tools for one mesh target. */
export async function startMeshE2e(options: MeshE2eOptions): Promise<MeshE2e> {
  const dir = mkdtempSync(join(tmpdir(), 'meshbench-mesh-e2e-'));
  const api = await FakeKubeApi.start({
    jobOutcome: jobOutcome(options.probeLog ?? '{"outcome":"error","code":"ECONNRESET"}'),
    onApply: (object, fakeApi) => {
      simulateTolerations(object, fakeApi);
      simulateWebhook(options.webhook, object, fakeApi);
    },
  });
  if (options.gatewayApi) await seedGatewayApi(api, options.gatewayApi);
  const base = setupFakeTools({ apiUrl: api.url, env: options.env, restOfPath: '/usr/local/bin:/usr/bin:/bin' });
  let fakes = base;
  if (options.target === 'cilium') {
    const kubectl = ciliumExecKubectl(join(TOOL_OUTPUT_DIR, 'cilium-dbg', '1.18.1', 'status.txt'));
    fakes = { ...base, runner: new RecordingCommandRunner({ tools: { kubectl } }) };
  }
  const target = loadTarget(options.target).spec;
  const scenario = ScenarioSchema.parse({
    apiVersion: CONFIG_API_VERSION,
    kind: 'Scenario',
    name: 'mesh-e2e',
    requests: [{ name: 'get-order', method: 'GET', path: '/orders/{id}' }],
    workload: { chainDepth: 2 },
    load: { levels: [{ rps: 100 }], warmup: '100ms', duration: '600ms', repetitions: 1, timeout: '1s', connections: 2 },
    features: { mtls: 'strict', authz: 'off', ...options.features },
  });
  const log: string[] = [];
  const quiet = createProgress(new PassThrough(), { quiet: true });
  const meshVersion = 'version' in target.mesh ? target.mesh.version : null;
  return {
    api,
    fakes,
    dir,
    target,
    scenario,
    log,
    prepare: (runId) => prepareKubePlatform(kindE2eOptions({ target, scenario, runId, dir, meshVersion, env: fakes.env, runner: fakes.runner, log: (line) => log.push(line) })),
    measureAndTeardown: async (prepared, runId) => {
      const resultPath = prepared.plan.resultPath;
      let result = newKindTestResult({ runId, target, scenario, meshVersion, tools: prepared.tools });
      result.target.runningVersion = prepared.runningVersion;
      result.verification = { verified: prepared.verification.every((c) => c.passed), skipped: false, checks: prepared.verification };
      try {
        await measureLevels({ scenario, arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, result, resultPath }], progress: quiet });
        result = finalizeResult(result, 'complete');
        writeResultFile(resultPath, result);
      } finally {
        await prepared.teardown();
      }
      return readResultFile(resultPath);
    },
    close: async () => {
      await api.close();
      base.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A field of an object read from the fake API, as an object ({} when absent or not an object). */
export const objectField = (value: unknown): Obj => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {});
/** `metadata.name` of an object read from the fake API. */
export const objectName = (object: Obj): string => String(objectField(object['metadata'])['name']);
/** `metadata.labels` of an object read from the fake API. */
export const objectLabels = (object: Obj): Record<string, string> => objectField(objectField(object['metadata'])['labels']) as Record<string, string>;

/** The mesh e2e scenario with two repetitions, in a new temporary folder (the caller removes `dir`). */
export function twoRepetitionScenarioFile(prefix: string): string {
  const path = join(tempDir(prefix), 'scenario.yaml');
  writeFileSync(path, meshE2eScenarioYaml().replace('repetitions: 1', 'repetitions: 2'));
  return path;
}
