/**
 * The kind and existing plans (pure): step order, every command line, and the manifests a
 * Kubernetes engineer checks (placement, image and pull policy, hardening, probes, resources,
 * the agent Job), the measurement, and the teardown.
 */
import { hostNodePlatform } from '../../../src/platform/kind/kind-plan.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/config/scenario-schema.ts';
import type { AgentSpec } from '../../../src/plan/agent-protocol.ts';

import { parse } from 'yaml';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { HarnessError } from '../../../src/errors.ts';
import { planKubeRun, type PlanKubeRunOptions } from '../../../src/platform/kube-common/plan-kube-run.ts';
import type { KubeObject, PlanAction, RunPlan } from '../../../src/plan/plan-types.ts';
import { parseOrderServiceEnv } from '../../../src/service/order-service-config.ts';
import { kindCluster } from '../../../src/platform/kind/index.ts';

const smoke = loadScenario('smoke').spec;
const baseline = loadTarget('baseline').spec;
const runId = '20261126-140000-baseline';
const scripts = { orderService: 'console.log("order")', agent: 'console.log("agent")' };

function plan(overrides: Partial<PlanKubeRunOptions> = {}): RunPlan {
  return planKubeRun({
    target: baseline,
    scenario: smoke,
    cluster: kindCluster,
    runId,
    resultPath: '/r/x.json',
    meshVersion: null,
    context: null,
    installMesh: false,
    keep: false,
    workDir: '/w',
    scripts,
    createdAt: '2026-11-26T14:00:00.000Z',
    ...overrides,
  });
}

function actions(p: RunPlan, stepId: string): PlanAction[] {
  return p.steps.find((s) => s.id === stepId)?.actions ?? [];
}

function commands(p: RunPlan): string[] {
  return [...p.steps, ...p.teardown].flatMap((s) => s.actions).flatMap((a) => (a.kind === 'command' ? [[a.tool, ...a.args].join(' ')] : []));
}

function manifests(p: RunPlan): KubeObject[] {
  return p.steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'apply' ? a.manifests : []));
}

function find(p: RunPlan, kind: string, name: string): Record<string, unknown> {
  const m = manifests(p).find((o) => o.kind === kind && o.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name}`);
  return JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
}

describe('planKubeRun on kind (baseline)', () => {
  const p = plan();
  const cluster = p.cluster?.name ?? '';
  const ns = p.namespace ?? '';

  it('has every step in order, then the teardown', () => {
    expect(p.steps.map((s) => s.id)).toEqual([
      'preflight-tools',
      'kind-config',
      'kind-create',
      'nodes-ready',
      'preload-images',
      'namespaces',
      'scripts',
      'workload',
      'workload-ready',
      'agent-job-template',
      'verify',
      'measure',
    ]);
    expect(p.teardown.map((s) => s.id)).toEqual(['kind-delete']);
    expect(p).toMatchObject({
      runId,
      platform: 'kind',
      target: { name: 'baseline', mesh: 'none', mode: 'none', version: null },
      scenario: { name: 'smoke' },
      cluster: { name: cluster, kubeconfigPath: '/w/kubeconfig', context: `kind-${cluster}` },
      resultPath: '/r/x.json',
    });
    expect(cluster).toMatch(/^meshbench-baseline-[0-9a-f]{6}$/);
    expect(ns).toMatch(/^meshbench-[0-9a-f]{6}$/);
  });

  it('runs exactly these commands', () => {
    const image = 'node:22.20.0-alpine@sha256:cb3143549582cc5f74f26f0992cdef4a422b22128cb517f94173a5f910fa4ee7';
    const local = 'meshbench.local/node:22.20.0-alpine-sha256-cb3143549582';
    expect(commands(p)).toEqual([
      `kind create cluster --name ${cluster} --config /w/kind-config.yaml --kubeconfig /w/kubeconfig --wait 5m`,
      `docker pull --platform ${hostNodePlatform()} ${image}`,
      `docker tag ${image} ${local}`,
      `docker save --platform ${hostNodePlatform()} -o /w/workload-image-${hostNodePlatform().replace('/', '-')}.tar ${local}`,
      `kind load image-archive /w/workload-image-${hostNodePlatform().replace('/', '-')}.tar --name ${cluster} --nodes ${cluster}-worker,${cluster}-worker2`,
      `kind delete cluster --name ${cluster} --kubeconfig /w/kubeconfig`,
    ]);
  });

  it('checks kind and docker first, and writes a 0600 kubeconfig of its own before kind fills it', () => {
    const [check] = actions(p, 'preflight-tools');
    expect(check).toMatchObject({ kind: 'check', check: 'tools', params: { platform: 'kind' } });
    const tools = (check?.kind === 'check' ? (check.params['tools'] as { tool: string; required: boolean }[]) : []).map((t) => [t.tool, t.required]);
    expect(tools).toEqual([
      ['kind', true],
      ['docker', true],
      ['kubectl', false],
    ]);
    const writes = actions(p, 'kind-config');
    expect(writes.map((a) => (a.kind === 'write-file' ? [a.path, a.mode] : []))).toEqual([
      ['/w/kind-config.yaml', 0o644],
      ['/w/kubeconfig', 0o600],
    ]);
    const [wait] = actions(p, 'nodes-ready');
    expect(wait).toMatchObject({ kind: 'wait', condition: { type: 'nodes-ready', count: 3 } });
  });

  it('creates the workload namespace enrolled and the probe namespace not', () => {
    const [workload, probe] = (actions(p, 'namespaces')[0] as Extract<PlanAction, { kind: 'apply' }>).manifests;
    expect(workload?.metadata).toMatchObject({ name: ns, labels: { 'meshbench.io/run': runId, 'app.kubernetes.io/managed-by': 'meshbench' } });
    expect(probe?.metadata.name).toBe(`${ns}-probe`);
  });

  it('puts the bundled scripts in ConfigMaps', () => {
    expect(find(p, 'ConfigMap', 'meshbench-order-service-script')['data']).toEqual({ 'order-service.mjs': scripts.orderService });
    expect(find(p, 'ConfigMap', 'meshbench-agent-script')['data']).toEqual({ 'agent.mjs': scripts.agent });
  });

  it('deploys the order-service on the server worker: preloaded image, hardened, probed, with requests', () => {
    const d = find(p, 'Deployment', 'order') as { spec: { template: { spec: Record<string, unknown> } } };
    const pod = d.spec.template.spec;
    expect(pod['nodeSelector']).toEqual({ 'meshbench.io/role': 'server' });
    expect(pod['automountServiceAccountToken']).toBe(false);
    // No pod-level securityContext: meshes inject root init containers (istio-init).
    expect(pod['securityContext']).toBeUndefined();
    const [c] = pod['containers'] as Record<string, unknown>[];
    expect(c).toMatchObject({
      name: 'order-service',
      image: 'meshbench.local/node:22.20.0-alpine-sha256-cb3143549582',
      imagePullPolicy: 'Never',
      command: ['node', '--preserve-symlinks-main', '/opt/meshbench/order-service.mjs'],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
      resources: { requests: { cpu: '500m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    });
    expect(c?.['env']).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'HOST', value: '0.0.0.0' },
      { name: 'SERVICE_NAME', value: 'order' },
      { name: 'RESPONSE_BYTES', value: '256' },
      { name: 'ADDED_DELAY_MS', value: '0' },
      { name: 'SEED_ORDERS', value: '1000' },
    ]);
    expect(find(p, 'Service', 'order')['spec']).toMatchObject({ ports: [{ name: 'http', port: 8080, targetPort: 'http', appProtocol: 'http' }] });
    expect(actions(p, 'workload-ready')).toEqual([
      { kind: 'wait', description: 'Deployment order rolled out', condition: { type: 'rollout', namespace: ns, workloadKind: 'Deployment', name: 'order' }, timeoutMs: 300_000 },
    ]);
  });

  it('runs every pod under its own ServiceAccount, created with the workload before the Deployments', () => {
    const [apply] = actions(p, 'workload');
    const applied = apply?.kind === 'apply' ? apply.manifests.map((m) => `${m.kind}/${m.metadata.name}`) : [];
    expect(applied).toEqual(['ServiceAccount/load-agent', 'ServiceAccount/order', 'Service/order', 'Deployment/order']);
    expect(find(p, 'ServiceAccount', 'load-agent')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'load-agent',
        namespace: ns,
        labels: { 'app.kubernetes.io/managed-by': 'meshbench', 'app.kubernetes.io/part-of': 'meshbench', 'meshbench.io/run': runId, 'app.kubernetes.io/name': 'load-agent' },
      },
      automountServiceAccountToken: false,
    });
    const pod = (find(p, 'Deployment', 'order') as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
    expect(pod).toMatchObject({ serviceAccountName: 'order', automountServiceAccountToken: false });
  });

  it('records the agent Job: one pod on the client worker, no retries, a deadline, the spec in its env', () => {
    const [write] = actions(p, 'agent-job-template');
    const job = parse(write?.kind === 'write-file' ? write.content : '') as { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> } } };
    expect(job.spec).toMatchObject({ parallelism: 1, completions: 1, backoffLimit: 0, activeDeadlineSeconds: 136 });
    const pod = job.spec.template.spec;
    expect(pod).toMatchObject({ nodeSelector: { 'meshbench.io/role': 'client' }, restartPolicy: 'Never', serviceAccountName: 'load-agent', automountServiceAccountToken: false });
    const [c] = pod['containers'] as { env: { name: string; value: string }[] }[];
    const spec = JSON.parse(c?.env[0]?.value ?? '{}') as Record<string, unknown>;
    expect(c?.env[0]?.name).toBe('MESHBENCH_AGENT_SPEC');
    expect(spec).toMatchObject({ targetUrl: `http://order.${ns}.svc.cluster.local:8080`, rps: 200, warmupMs: 1000, durationMs: 3000 });
  });

  it('verifies with the mesh module and then measures the entry service', () => {
    expect(actions(p, 'verify')).toEqual([{ kind: 'check', description: 'workload pods run without a mesh proxy', check: 'no-proxy', params: { namespace: ns } }]);
    const [measure] = actions(p, 'measure');
    expect(measure?.kind === 'measure' ? measure.measurement : null).toEqual({
      levels: [{ index: 0, rps: 200 }],
      repetitions: 2,
      warmupMs: 1000,
      durationMs: 3000,
      agents: 1,
      targetUrl: `http://order.${ns}.svc.cluster.local:8080`,
    });
  });

  it('is deterministic', () => {
    expect(plan()).toEqual(p);
  });
});

describe('planKubeRun variants', () => {
  it('chains gateway → order → fulfillment and measures the gateway', () => {
    const scenario = { ...smoke, workload: { ...smoke.workload, chainDepth: 3 } };
    const p = plan({ scenario });
    const ns = p.namespace ?? '';
    const env = (name: string) =>
      ((find(p, 'Deployment', name) as { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }).spec.template.spec.containers[0]?.env ?? []).find(
        (e) => e.name === 'DOWNSTREAM_URL',
      )?.value;
    expect(env('gateway')).toBe(`http://order.${ns}.svc.cluster.local:8080`);
    expect(env('order')).toBe(`http://fulfillment.${ns}.svc.cluster.local:8080`);
    expect(env('fulfillment')).toBeUndefined();
    // The order-service accepts the environment the Deployment gives it.
    const gatewayEnv = (find(p, 'Deployment', 'gateway') as { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }).spec.template.spec.containers[0]?.env ?? [];
    expect(parseOrderServiceEnv(Object.fromEntries(gatewayEnv.map((e) => [e.name, e.value]))).ok).toBe(true);
    const measure = actions(p, 'measure')[0];
    expect(measure?.kind === 'measure' ? measure.measurement.targetUrl : '').toBe(`http://gateway.${ns}.svc.cluster.local:8080`);
  });

  it('at chain depth 3: a ServiceAccount per service and the agent, each Deployment and the agent Job using its own', () => {
    const p = plan({ scenario: { ...smoke, workload: { ...smoke.workload, chainDepth: 3 } } });
    const accounts = manifests(p).filter((m) => m.kind === 'ServiceAccount');
    expect(accounts.map((a) => [a.metadata.name, a.metadata.namespace, a['automountServiceAccountToken']])).toEqual([
      ['load-agent', p.namespace, false],
      ['gateway', p.namespace, false],
      ['order', p.namespace, false],
      ['fulfillment', p.namespace, false],
    ]);
    for (const name of ['gateway', 'order', 'fulfillment']) {
      const pod = (find(p, 'Deployment', name) as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
      expect(pod['serviceAccountName']).toBe(name);
    }
    const [write] = actions(p, 'agent-job-template');
    const job = parse(write?.kind === 'write-file' ? write.content : '') as { spec: { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } } };
    expect(job.spec.template.spec['serviceAccountName']).toBe('load-agent');
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('load-agent');
  });

  it('L7 on a mesh: the policies name the accounts the plan creates (istio-sidecar, chain depth 3)', () => {
    const p = plan({
      target: loadTarget('istio-sidecar').spec,
      meshVersion: '1.30.3',
      scenario: { ...smoke, workload: { ...smoke.workload, chainDepth: 3 }, features: { ...smoke.features, authz: 'l7' } },
    });
    const ns = p.namespace ?? '';
    const accounts = new Set(manifests(p).filter((m) => m.kind === 'ServiceAccount').map((a) => a.metadata.name));
    const policies = manifests(p).filter((m) => m.kind === 'AuthorizationPolicy');
    const callers = policies.map((pol) => {
      const spec = pol['spec'] as { selector: { matchLabels: Record<string, string> }; rules: { from: { source: { principals: string[] } }[] }[] };
      return [spec.selector.matchLabels['app.kubernetes.io/name'], spec.rules.flatMap((r) => r.from.flatMap((f) => f.source.principals))];
    });
    expect(callers).toEqual([
      ['gateway', [`cluster.local/ns/${ns}/sa/load-agent`]],
      ['order', [`cluster.local/ns/${ns}/sa/gateway`]],
      ['fulfillment', [`cluster.local/ns/${ns}/sa/order`]],
    ]);
    const named = callers.flatMap(([, principals]) => (Array.isArray(principals) ? principals : [])).map((principal) => principal.split('/sa/')[1]);
    expect(named.filter((sa) => !accounts.has(sa ?? ''))).toEqual([]);
    const ids = p.steps.map((s) => s.id);
    expect(ids.indexOf('mesh-workload-objects')).toBeLessThan(ids.indexOf('workload'));
  });

  it('Cilium: no --wait on create, nodes waited for after the CNI is installed', () => {
    const p = plan({ target: loadTarget('cilium').spec });
    const create = commands(p).find((c) => c.startsWith('kind create cluster'));
    expect(create).not.toContain('--wait');
    const ids = p.steps.map((s) => s.id);
    expect(ids.indexOf('nodes-ready')).toBeGreaterThan(ids.indexOf('cilium'));
    expect(ids.indexOf('nodes-ready')).toBeLessThan(ids.indexOf('namespaces'));
  });

  it('--keep plans no teardown', () => {
    expect(plan({ keep: true }).teardown).toEqual([]);
  });

  it('a dry run without bundles shows where the scripts come from', () => {
    const p = plan({ scripts: null });
    expect(find(p, 'ConfigMap', 'meshbench-agent-script')['data']).toEqual({ 'agent.mjs': '// bundled at run time by esbuild from src/load/agent-main.ts\n' });
  });

  it('refuses a script over the ConfigMap limit', () => {
    expect(() => plan({ scripts: { orderService: 'x', agent: 'y'.repeat(1_000_001) } })).toThrow(HarnessError);
  });
});

describe('planKubeRun with load.tls (the entry over TLS)', () => {
  // The plan copies the files' bytes into Secrets without parsing them (the agents and the entry do).
  const pkiDir = mkdtempSync(join(tmpdir(), 'meshbench-plan-tls-'));
  afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));
  const pemFile = (name: string) => {
    const file = join(pkiDir, name);
    writeFileSync(file, `-----BEGIN ${name}-----\n${name} bytes\n-----END ${name}-----\n`);
    return file;
  };
  const pki = { caCertFile: pemFile('ca.crt'), serverCertFile: pemFile('server.crt'), serverKeyFile: pemFile('server.key'), clientCertFile: pemFile('client.crt'), clientKeyFile: pemFile('client.key') };
  const tlsScenario = (tls: Record<string, unknown>, workload: Scenario['workload'] = { ...smoke.workload, chainDepth: 2 }): Scenario => ({
    ...smoke,
    workload,
    load: { ...smoke.load, tls },
  });
  const own = { servername: 'meshbench.test', serverCertFile: pki.serverCertFile, serverKeyFile: pki.serverKeyFile, caFile: pki.caCertFile };
  const mutual = { ...own, requireClientCertificate: true, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile, clientCaFile: pki.caCertFile };

  it('makes the Secrets from the scenario files, serves TLS at the entry only, and points the agents at https:// with the mounted CA and client certificate', () => {
    const p = plan({ scenario: tlsScenario(mutual) });
    const ns = p.namespace ?? '';
    const entrySecret = find(p, 'Secret', 'meshbench-entry-tls') as { data: Record<string, string> };
    expect(Buffer.from(entrySecret.data['tls.crt'] ?? '', 'base64').toString()).toBe(readFileSync(pki.serverCertFile, 'utf8'));
    expect(Buffer.from(entrySecret.data['tls.key'] ?? '', 'base64').toString()).toBe(readFileSync(pki.serverKeyFile, 'utf8'));
    expect(Buffer.from(entrySecret.data['client-ca.crt'] ?? '', 'base64').toString()).toBe(readFileSync(pki.caCertFile, 'utf8'));
    const agentSecret = find(p, 'Secret', 'meshbench-agent-tls') as { data: Record<string, string> };
    expect(Object.keys(agentSecret.data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(Buffer.from(agentSecret.data['tls.key'] ?? '', 'base64').toString()).toBe(readFileSync(pki.clientKeyFile, 'utf8'));
    // The gateway (entry) serves TLS from the Secret; order behind it stays cleartext.
    const container = (name: string) => (find(p, 'Deployment', name) as { spec: { template: { spec: { containers: { env: { name: string; value: string }[]; readinessProbe: unknown; volumeMounts: { name: string }[] }[] } } } }).spec.template.spec.containers[0];
    const gateway = container('gateway');
    const env = parseOrderServiceEnv(Object.fromEntries((gateway?.env ?? []).map((e) => [e.name, e.value])));
    expect(env.ok && [env.config.tlsCertFile, env.config.tlsKeyFile, env.config.tlsClientCaFile]).toEqual(['/etc/meshbench/entry-tls/tls.crt', '/etc/meshbench/entry-tls/tls.key', '/etc/meshbench/entry-tls/client-ca.crt']);
    expect(gateway?.volumeMounts.map((m) => m.name)).toContain('meshbench-entry-tls');
    // The kubelet presents no client certificate: a TCP probe for an entry that requires one.
    expect(gateway?.readinessProbe).toMatchObject({ tcpSocket: { port: 'http' } });
    expect(container('order')?.env.some((e) => e.name.startsWith('TLS_'))).toBe(false);
    expect((find(p, 'Service', 'gateway') as { spec: { ports: { appProtocol: string }[] } }).spec.ports[0]?.appProtocol).toBe('https');
    expect((find(p, 'Service', 'order') as { spec: { ports: { appProtocol: string }[] } }).spec.ports[0]?.appProtocol).toBe('http');
    // The agent Job: https URL of the entry, the Secret mounted where its spec reads the files.
    const [write] = actions(p, 'agent-job-template');
    const job = parse(write?.kind === 'write-file' ? write.content : '') as { spec: { template: { spec: { containers: { env: { value: string }[]; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string; secret?: { secretName: string } }[] } } } };
    const pod = job.spec.template.spec;
    const spec = JSON.parse(pod.containers[0]?.env[0]?.value ?? '{}') as AgentSpec;
    expect(spec.targetUrl).toBe(`https://gateway.${ns}.svc.cluster.local:8080`);
    expect(spec.tls).toEqual({ servername: 'meshbench.test', caFile: '/etc/meshbench/agent-tls/ca.crt', certFile: '/etc/meshbench/agent-tls/tls.crt', keyFile: '/etc/meshbench/agent-tls/tls.key' });
    expect(pod.containers[0]?.volumeMounts).toContainEqual({ name: 'meshbench-agent-tls', mountPath: '/etc/meshbench/agent-tls', readOnly: true });
    expect(pod.volumes.find((v) => v.name === 'meshbench-agent-tls')?.secret?.secretName).toBe('meshbench-agent-tls');
    const measure = actions(p, 'measure')[0];
    expect(measure?.kind === 'measure' && [measure.measurement.targetUrl, measure.measurement.agentTls]).toEqual([spec.targetUrl, spec.tls]);
  });

  it('without a client certificate: an HTTPS readiness probe, no client CA, the agents get only the CA', () => {
    const p = plan({ scenario: tlsScenario(own) });
    const deployment = find(p, 'Deployment', 'gateway') as { spec: { template: { spec: { containers: { readinessProbe: unknown; env: { name: string }[] }[] } } } };
    expect(deployment.spec.template.spec.containers[0]?.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 'http', scheme: 'HTTPS' } });
    expect(deployment.spec.template.spec.containers[0]?.env.map((e) => e.name)).not.toContain('TLS_CLIENT_CA_FILE');
    expect(Object.keys((find(p, 'Secret', 'meshbench-entry-tls') as { data: object }).data).sort()).toEqual(['tls.crt', 'tls.key']);
    expect(Object.keys((find(p, 'Secret', 'meshbench-agent-tls') as { data: object }).data)).toEqual(['ca.crt']);
  });

  it('refuses (exit 2) a scenario without its own certificates: the run issues them only on the local platform', () => {
    const err = (() => {
      try {
        plan({ scenario: tlsScenario({}) });
      } catch (e) {
        return e as HarnessError;
      }
      return null;
    })();
    expect(err?.code).toBe('USAGE');
    expect(err?.message).toMatch(/load\.tls on kind and existing needs your own certificates: serverCertFile and serverKeyFile/);
  });

  it('refuses (exit 2) a plaintext mTLS probe aimed at the TLS entry, which would pass without evidence of the mesh', () => {
    const istio = loadTarget('istio-sidecar').spec;
    const oneService = tlsScenario(own, { ...smoke.workload, chainDepth: 1 });
    expect(() => plan({ target: istio, scenario: oneService, installMesh: true, meshVersion: '1.30.3' })).toThrow(/serves its entry service "order" over TLS \(load\.tls\), but target "istio-sidecar" proves mTLS with check "plaintext-refused"/);
    // Behind a gateway the probe reaches the cleartext order service: planned.
    expect(plan({ target: istio, scenario: tlsScenario(own), installMesh: true, meshVersion: '1.30.3' }).steps.some((s) => s.id === 'verify')).toBe(true);
  });
});
