import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../../src/plan/plan-types.ts';
import { collectDiagnostics, diagnosticsDirFor, planNamespaces } from '../../../src/platform/kube-common/diagnostics.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';
import { FakeToolRunner } from '../../helpers/fake-tool-runner.ts';

function plan(platform: 'kind' | 'existing'): RunPlan {
  return {
    runId: 'r1',
    createdAt: '2026-12-06T19:00:00Z',
    platform,
    target: { name: 'istio-sidecar', mesh: 'istio', mode: 'sidecar', version: '1.30.3' },
    scenario: { name: 'default', contentHash: 'x' },
    cluster: platform === 'kind' ? { name: 'meshbench-istio-abc123', kubeconfigPath: '/w/kubeconfig', context: null } : null,
    namespace: 'bench-abc123',
    resultPath: '/results/r1.json',
    steps: [
      {
        id: 'mesh',
        phase: 'install-mesh',
        title: 't',
        actions: [
          { kind: 'wait', description: 'istiod', condition: { type: 'rollout', namespace: 'istio-system', workloadKind: 'Deployment', name: 'istiod' }, timeoutMs: 1 },
          { kind: 'wait', description: 'nodes', condition: { type: 'nodes-ready', count: 3 }, timeoutMs: 1 },
          {
            kind: 'apply',
            description: 'objects',
            manifests: [
              { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'extra-ns' } },
              { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'cm-ns' } },
            ],
          },
        ],
      },
    ],
    teardown: [],
  };
}

describe('diagnosticsDirFor', () => {
  it('sits beside the result file', () => {
    expect(diagnosticsDirFor('results/x.json')).toBe('results/x.diagnostics');
    expect(diagnosticsDirFor('results/x')).toBe('results/x.diagnostics');
  });
});

describe('planNamespaces', () => {
  it('collects the run\'s namespaces, those waited on and applied to, and kube-system on kind', () => {
    expect(planNamespaces(plan('kind'))).toEqual(['bench-abc123', 'bench-abc123-probe', 'istio-system', 'extra-ns', 'cm-ns', 'kube-system']);
    expect(planNamespaces(plan('existing'))).not.toContain('kube-system');
  });
});

describe('collectDiagnostics', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshbench-diagnostics-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes nodes, pods, events and every container log per namespace, and exports the kind logs', async () => {
    const kube = new FakeKubeClient();
    kube.nodes = [{ name: 'w1', labels: { 'meshbench.io/role': 'server' }, ready: true }];
    kube.pods = [fakePod({ namespace: 'bench-abc123', name: 'order-1', containers: ['order-service'], initContainers: [{ name: 'istio-proxy', sidecar: true }] })];
    kube.logs.set('bench-abc123/order-1', 'listening');
    const runner = new FakeToolRunner();
    const lines: string[] = [];
    const out = await collectDiagnostics(plan('kind'), { runner, kube: () => kube, log: (l) => lines.push(l) }, join(dir, 'd'));
    expect(out).toBe(join(dir, 'd'));
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toMatch(/^run r1: istio-sidecar on kind\ncollected .*\ncluster meshbench-istio-abc123, kubeconfig \/w\/kubeconfig\n$/);
    expect(readFileSync(join(out, 'nodes.txt'), 'utf8')).toBe('w1 Ready meshbench.io/role=server\n');
    expect(readFileSync(join(out, 'bench-abc123', 'pods.txt'), 'utf8')).toBe('order-1 node=bench-worker phase=Running ready=true containers=order-service init=istio-proxy(sidecar)\n');
    expect(readFileSync(join(out, 'bench-abc123', 'order-1.order-service.log'), 'utf8')).toBe('listening');
    expect(existsSync(join(out, 'bench-abc123', 'order-1.istio-proxy.log'))).toBe(true);
    // Namespaces with neither pods nor events get no folder.
    expect(existsSync(join(out, 'istio-system'))).toBe(false);
    expect(runner.commandLines).toEqual([`kind export logs ${join(out, 'kind-logs')} --name meshbench-istio-abc123`]);
    expect(lines.at(-1)).toBe(`diagnostics written to ${out}`);
  });

  it('logs what it cannot get and never throws', async () => {
    const runner = new FakeToolRunner(() => ({ exitCode: 1 }));
    const lines: string[] = [];
    const out = await collectDiagnostics(
      plan('kind'),
      {
        runner,
        kube: () => {
          throw new Error('kubeconfig missing\nmore');
        },
        log: (l) => lines.push(l),
      },
      join(dir, 'd'),
    );
    expect(existsSync(join(out, 'README.txt'))).toBe(true);
    expect(lines).toContain('diagnostics: could not connect to the cluster: kubeconfig missing');
    expect(lines.some((l) => l.startsWith('diagnostics: could not export the kind node logs'))).toBe(true);
  });
});
