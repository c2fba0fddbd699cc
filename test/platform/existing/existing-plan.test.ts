/**
 * The existing platform: no provisioning; the context is exported and checked, the mesh installed
 * only with --install-mesh (else checked and reported), placement by pod (anti-)affinity, images by
 * digest, and a teardown that deletes only the run's namespaces. The `kube-context` check against
 * the fake API server writes the run's kubeconfig and names an unreachable server.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { HarnessError } from '../../../src/errors.ts';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { createKubeClient } from '../../../src/kube/client-node-kube-client.ts';
import { executePlanSteps } from '../../../src/platform/kube-common/execute-plan.ts';
import { planKubeRun, type PlanKubeRunOptions } from '../../../src/platform/kube-common/plan-kube-run.ts';
import type { KubeObject, RunPlan } from '../../../src/plan/plan-types.ts';
import { existingCluster } from '../../../src/platform/existing/index.ts';
import { FakeKubeApi } from '../../helpers/fake-kube-api.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const smoke = loadScenario('smoke').spec;

function plan(overrides: Partial<PlanKubeRunOptions> = {}): RunPlan {
  return planKubeRun({
    target: loadTarget('baseline').spec,
    scenario: smoke,
    cluster: existingCluster,
    runId: '20261126-150000-baseline',
    resultPath: '/r/x.json',
    meshVersion: null,
    context: 'prod',
    installMesh: false,
    keep: false,
    workDir: '/w',
    scripts: { orderService: 'o', agent: 'a' },
    ...overrides,
  });
}

function podSpec(p: RunPlan, kind: string, name: string): Record<string, unknown> {
  const m = p.steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'apply' ? a.manifests : [])).find((o: KubeObject) => o.kind === kind && o.metadata.name === name);
  return (m?.['spec'] as { template: { spec: Record<string, unknown> } } | undefined)?.template.spec ?? {};
}

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('planKubeRun on an existing cluster', () => {
  it('provisions nothing, uses the chosen context and deletes only its namespaces', () => {
    const p = plan();
    expect(p.steps.map((s) => s.id)).toEqual(['preflight-tools', 'kube-context', 'namespaces', 'scripts', 'workload', 'workload-ready', 'agent-job-template', 'verify', 'measure']);
    expect(p.steps.flatMap((s) => s.actions).some((a) => a.kind === 'command')).toBe(false);
    expect(p.steps[1]?.actions[0]).toMatchObject({ kind: 'check', check: 'kube-context', params: { sourcePath: null, context: 'prod' } });
    expect(p.cluster).toEqual({ name: 'prod', kubeconfigPath: '/w/kubeconfig', context: 'prod' });
    expect(p.teardown[0]?.actions).toEqual([
      { kind: 'delete-namespace', description: `delete namespace ${p.namespace} and wait until it is gone`, namespace: p.namespace, timeoutMs: 180_000 },
      { kind: 'delete-namespace', description: `delete namespace ${p.namespace}-probe and wait until it is gone`, namespace: `${p.namespace}-probe`, timeoutMs: 180_000 },
    ]);
  });

  it('checks the mesh is there unless asked to install it', () => {
    const checked = plan({ target: loadTarget('istio-ambient').spec });
    expect(checked.steps.map((s) => s.id)).toContain('mesh-present');
    expect(checked.steps.map((s) => s.id)).not.toContain('istio-control-plane');
    const installed = plan({ target: loadTarget('istio-ambient').spec, installMesh: true });
    expect(installed.steps.map((s) => s.id)).not.toContain('mesh-present');
    expect(installed.steps.map((s) => s.id)).toContain('istio-control-plane');
  });

  it('scopes Istio STRICT mTLS to the run namespace: the user\'s other workloads are left alone', () => {
    const p = plan({ target: loadTarget('istio-sidecar').spec });
    const applied = p.steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'apply' ? a.manifests : []));
    const peer = applied.filter((o: KubeObject) => o.kind === 'PeerAuthentication');
    expect(peer).toEqual([
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: p.namespace }, spec: { mtls: { mode: 'STRICT' } } },
    ]);
    expect(applied.some((o: KubeObject) => o.metadata.namespace === 'istio-system')).toBe(false);
  });

  it('places by affinity (services together, agents elsewhere) and pulls the image by digest', () => {
    const p = plan();
    const server = podSpec(p, 'Deployment', 'order');
    expect(server['nodeSelector']).toBeUndefined();
    expect(JSON.stringify(server['affinity'])).toContain('"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"meshbench.io/tier":"server"');
    const [c] = server['containers'] as Record<string, unknown>[];
    expect(c).toMatchObject({ image: expect.stringMatching(/^node:22\.20\.0-alpine@sha256:[0-9a-f]{64}$/), imagePullPolicy: 'IfNotPresent' });
    const write = p.steps.find((s) => s.id === 'agent-job-template')?.actions[0];
    expect(write?.kind === 'write-file' ? write.content : '').toContain('podAntiAffinity');
  });
});

describe('the kube-context check', () => {
  it('writes the run\'s own 0600 kubeconfig for the context and checks its API server answers', async () => {
    api = await FakeKubeApi.start();
    const dir = tempDir('meshbench-existing-');
    const user = join(dir, 'user-kubeconfig');
    api.writeKubeconfig(user, 'prod');
    const p = plan({ workDir: join(dir, 'run'), userKubeconfig: user });
    const kubeconfigPath = p.cluster?.kubeconfigPath ?? '';
    const checks = await executePlanSteps(p.steps.slice(1, 2), {
      runner: new ExecaCommandRunner(),
      kube: () => createKubeClient(kubeconfigPath),
      log: () => undefined,
      checks: {},
      kubeconfigPath,
    });
    expect(checks).toEqual([{ name: 'kube-context', passed: true, evidence: [`context prod (cluster prod) at ${api.url}`, 'Kubernetes v1.34.0'] }]);
    expect(statSync(kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(kubeconfigPath, 'utf8')).toContain('"current-context":"prod"');
  });

  it('names the address of an API server that does not answer', async () => {
    api = await FakeKubeApi.start();
    const dir = tempDir('meshbench-existing-');
    const user = join(dir, 'user-kubeconfig');
    api.writeKubeconfig(user, 'prod');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const found = (s.address() as { port: number }).port;
        s.close(() => resolve(found));
      });
    });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(user, readFileSync(user, 'utf8').replace(api.url, `http://127.0.0.1:${port}`));
    const p = plan({ workDir: join(dir, 'run'), userKubeconfig: user });
    const kubeconfigPath = p.cluster?.kubeconfigPath ?? '';
    const error = (await executePlanSteps(p.steps.slice(1, 2), {
      runner: new ExecaCommandRunner(),
      kube: () => createKubeClient(kubeconfigPath, null, { requestTimeoutMs: 1_000 }),
      log: () => undefined,
      checks: {},
      kubeconfigPath,
    }).catch((e: unknown) => e)) as HarnessError;
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toContain(`cannot reach the API server of context "prod" at http://127.0.0.1:${port}`);
  });
});
