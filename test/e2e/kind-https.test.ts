/**
 * `bench run baseline --platform kind` with load.tls, end to end on the fakes (fake kind/docker,
 * the loopback Kubernetes API): the run applies the TLS Secrets made from the scenario's files,
 * the entry Deployment serves TLS from one, every agent Job mounts the other and aims at the
 * entry's https:// URL, and the result records what the agents negotiated.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import { CONFIG_API_VERSION, ScenarioSchema } from '../../src/config/scenario-schema.ts';
import { AGENT_SPEC_ENV, type AgentSpec } from '../../src/plan/agent-protocol.ts';
import { measureLevels } from '../../src/pipeline/measure-levels.ts';
import { prepareKubePlatform } from '../../src/platform/kube-common/prepare-kube-platform.ts';
import { createProgress } from '../../src/render/progress.ts';
import { agentJobOutcome, FakeKubeApi, type Obj } from '../helpers/fake-kube-api.ts';
import { runBench } from '../helpers/cli-harness.ts';
import type { RunPlan } from '../../src/plan/plan-types.ts';
import { parse } from 'yaml';
import { type FakeTools, setupFakeTools } from '../helpers/fake-tools.ts';
import { kindE2eOptions, newKindTestResult } from '../helpers/kind-e2e-fixtures.ts';

let dir = '';
let api: FakeKubeApi | undefined;
let fakes: FakeTools | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-kind-https-'));
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  fakes?.cleanup();
  fakes = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The plan copies the PEM bytes into Secrets; nothing in the fake cluster parses them. */
function pem(name: string): string {
  const file = join(dir, name);
  writeFileSync(file, `-----BEGIN ${name}-----\n${name}\n-----END ${name}-----\n`);
  return file;
}

describe('bench run baseline --platform kind with load.tls (fakes)', () => {
  it('applies the TLS Secrets, serves TLS at the entry, mounts the CA and client certificate in every agent Job, records the TLS', async () => {
    const scenario = ScenarioSchema.parse({
      apiVersion: CONFIG_API_VERSION,
      kind: 'Scenario',
      name: 'kind-https',
      requests: [{ name: 'get-order', method: 'GET', path: '/orders/{id}' }],
      workload: { chainDepth: 2 },
      load: {
        levels: [{ rps: 100 }],
        warmup: '100ms',
        duration: '500ms',
        repetitions: 2,
        connections: 4,
        tls: { servername: 'orders.bench.test', serverCertFile: pem('server.crt'), serverKeyFile: pem('server.key'), caFile: pem('ca.crt'), requireClientCertificate: true, certFile: pem('client.crt'), keyFile: pem('client.key'), clientCaFile: pem('client-ca.crt') },
      },
    });
    const target = loadTarget('baseline').spec;
    api = await FakeKubeApi.start({ jobOutcome: agentJobOutcome() });
    fakes = setupFakeTools({ apiUrl: api.url });
    const runId = '20261207-010000-baseline';
    const prepared = await prepareKubePlatform(kindE2eOptions({ target, scenario, runId, dir, meshVersion: null, env: fakes.env, runner: fakes.runner, log: () => undefined }));
    const namespace = prepared.plan.namespace ?? '';
    const result = newKindTestResult({ runId, target, scenario, meshVersion: null, tools: prepared.tools });
    try {
      expect(prepared.targetUrl).toBe(`https://gateway.${namespace}.svc.cluster.local:8080`);
      await measureLevels({
        scenario,
        arms: [{ label: '', backend: prepared.backend, targetUrl: prepared.targetUrl, agentTls: prepared.agentTls, result, resultPath: prepared.plan.resultPath }],
        progress: createProgress(new PassThrough(), { quiet: true }),
      });
    } finally {
      await prepared.teardown().catch(() => undefined);
    }
    const secretData = (name: string) => {
      const secret = api?.objects('Secret', namespace).find((o) => (o['metadata'] as { name: string }).name === name);
      return Object.fromEntries(Object.entries((secret?.['data'] ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString().split('\n')[1]]));
    };
    expect(secretData('meshbench-entry-tls')).toEqual({ 'tls.crt': 'server.crt', 'tls.key': 'server.key', 'client-ca.crt': 'client-ca.crt' });
    expect(secretData('meshbench-agent-tls')).toEqual({ 'ca.crt': 'ca.crt', 'tls.crt': 'client.crt', 'tls.key': 'client.key' });
    const gateway = api.objects('Deployment', namespace).find((o) => (o['metadata'] as { name: string }).name === 'gateway') as Obj;
    expect(JSON.stringify(gateway)).toContain('"name":"TLS_CLIENT_CA_FILE","value":"/etc/meshbench/entry-tls/client-ca.crt"');
    const jobs = api.objects('Job', namespace);
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      const pod = (job['spec'] as { template: { spec: { containers: { env: { name: string; value: string }[]; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string; secret?: { secretName: string } }[] } } }).template.spec;
      const spec = JSON.parse(pod.containers[0]?.env.find((e) => e.name === AGENT_SPEC_ENV)?.value ?? '{}') as AgentSpec;
      expect(spec.targetUrl).toBe(prepared.targetUrl);
      expect(spec.tls).toEqual({ servername: 'orders.bench.test', caFile: '/etc/meshbench/agent-tls/ca.crt', certFile: '/etc/meshbench/agent-tls/tls.crt', keyFile: '/etc/meshbench/agent-tls/tls.key' });
      expect(pod.containers[0]?.volumeMounts).toContainEqual({ name: 'meshbench-agent-tls', mountPath: '/etc/meshbench/agent-tls', readOnly: true });
      expect(pod.volumes.find((v) => v.name === 'meshbench-agent-tls')?.secret?.secretName).toBe('meshbench-agent-tls');
    }
    for (const rep of result.levels[0]?.repetitions ?? []) expect(rep.generator.tls).toEqual({ version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', handshakes: 4, resumedSessions: 0 });
    expect(result.levels[0]?.repetitions).toHaveLength(2);
  });

  it('--dry-run --json carries the TLS settings: the Secrets, the https:// target and the agent Job\'s spec and mount; nothing runs', async () => {
    const scenario = join(dir, 'tls.yaml');
    pem('s.crt');
    pem('s.key');
    pem('ca.crt');
    writeFileSync(
      scenario,
      ['apiVersion: meshbench/v1alpha1', 'kind: Scenario', 'name: tls-plan', 'requests: [{ name: get, method: GET, path: "/orders/{id}" }]', 'workload: { chainDepth: 2 }', 'load:', '  levels: [{ rps: 50 }]', '  duration: 1s', '  tls: { servername: orders.bench.test, serverCertFile: s.crt, serverKeyFile: s.key, caFile: ca.crt }', ''].join('\n'),
    );
    fakes = setupFakeTools({ apiUrl: 'http://127.0.0.1:9' });
    const run = await runBench(['run', 'baseline', '--platform', 'kind', '--scenario', scenario, '--dry-run', '--json'], { runner: fakes.runner });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as RunPlan;
    const applied = plan.steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'apply' ? a.manifests : []));
    expect(applied.filter((m) => m.kind === 'Secret').map((m) => m.metadata.name)).toEqual(['meshbench-entry-tls', 'meshbench-agent-tls']);
    const measure = plan.steps.flatMap((s) => s.actions).find((a) => a.kind === 'measure');
    expect(measure?.kind === 'measure' && measure.measurement).toMatchObject({ targetUrl: `https://gateway.${plan.namespace}.svc.cluster.local:8080`, agentTls: { servername: 'orders.bench.test', caFile: '/etc/meshbench/agent-tls/ca.crt' } });
    const template = plan.steps.flatMap((s) => s.actions).find((a) => a.kind === 'write-file' && a.path.endsWith('agent-job.example.yaml'));
    const job = parse(template?.kind === 'write-file' ? template.content : '') as { spec: { template: { spec: { containers: { env: { value: string }[]; volumeMounts: { name: string }[] }[] } } } };
    const container = job.spec.template.spec.containers[0];
    expect((JSON.parse(container?.env[0]?.value ?? '{}') as AgentSpec).tls).toEqual({ servername: 'orders.bench.test', caFile: '/etc/meshbench/agent-tls/ca.crt' });
    expect(container?.volumeMounts.map((m) => m.name)).toContain('meshbench-agent-tls');
    expect(fakes.calls()).toEqual([]);
  });
});

