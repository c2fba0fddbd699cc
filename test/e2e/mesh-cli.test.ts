/**
 * The mesh targets through the real CLI (`bench run <target> --platform kind`), with the fake
 * tools and fake API of mesh-e2e.ts: the dry-run plan of every target, a run whose verification
 * fails (exit 6, cluster deleted) and a run whose mesh install fails (exit 4, cluster deleted).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../src/plan/plan-types.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { TEST_KUBE_TUNING } from '../helpers/kind-e2e-fixtures.ts';
import { type MeshE2e, meshE2eScenarioYaml, startMeshE2e } from '../helpers/mesh-e2e.ts';


let e2e: MeshE2e | undefined;

afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

function commandLines(plan: RunPlan): string[] {
  return plan.steps
    .filter((s) => s.phase === 'install-mesh')
    .flatMap((s) => s.actions)
    .flatMap((a) => (a.kind === 'command' ? [[a.tool, ...a.args].join(' ')] : []));
}

describe('bench run <mesh target> --platform kind (CLI)', () => {
  it('--dry-run --json shows each target’s install commands', async () => {
    const expected: Record<string, string[]> = {
      'istio-sidecar': ['istioctl install -y --set profile=default --set meshConfig.defaultConfig.concurrency=2'],
      'istio-ambient': [expect.stringContaining('kubectl get crd gateways.gateway.networking.k8s.io'), 'istioctl install --set profile=ambient --skip-confirmation --set meshConfig.defaultConfig.concurrency=2 --set values.ztunnel.env.ZTUNNEL_WORKER_THREADS=2'] as unknown as string[],
      linkerd: [
        'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml',
        'linkerd check --pre',
        'bash -c set -euo pipefail; linkerd install --crds | kubectl apply -f -',
        'bash -c set -euo pipefail; linkerd install --set proxy.defaultInboundPolicy=all-authenticated | kubectl apply -f -',
        'linkerd check',
      ],
      cilium: ['cilium install --version 1.20.3 --set kubeProxyReplacement=true --set encryption.enabled=true --set encryption.type=wireguard', 'cilium status --wait'],
    };
    for (const [target, lines] of Object.entries(expected)) {
      const run = await runBench(['run', target, '--platform', 'kind', '--dry-run', '--json']);
      expect(run.code).toBe(0);
      expect(commandLines(JSON.parse(run.stdout) as RunPlan)).toEqual(lines);
    }
  });

  it('exits 6 when verification fails and still deletes the cluster', async () => {
    e2e = await startMeshE2e({ target: 'istio-sidecar', webhook: 'none' });
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-mesh-cli-'));
    writeFileSync(join(dir, 'scenario.yaml'), meshE2eScenarioYaml());
    const restore = e2e.fakes.activate();
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'r.json'), '--quiet'], {
      runner: e2e.fakes.runner,
      kubeTuning: TEST_KUBE_TUNING,
    }).finally(restore);
    rmSync(dir, { recursive: true, force: true });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('verification failed: istio-proxy-injected');
    expect(e2e.fakes.calls('kind').map((c) => c.argv.slice(0, 2).join(' '))).toContain('delete cluster');
  });

  it('exits 4 when the mesh install fails and still deletes the cluster', async () => {
    e2e = await startMeshE2e({ target: 'linkerd', webhook: 'linkerd', gatewayApi: 'v1.2.1', env: { FAKE_LINKERD_FAIL: '^install --crds' } });
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-mesh-cli-'));
    writeFileSync(join(dir, 'scenario.yaml'), meshE2eScenarioYaml());
    const restore = e2e.fakes.activate();
    const run = await runBench(['run', 'linkerd', '--platform', 'kind', '--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'r.json'), '--quiet'], {
      runner: e2e.fakes.runner,
      kubeTuning: TEST_KUBE_TUNING,
    }).finally(restore);
    rmSync(dir, { recursive: true, force: true });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('linkerd install --crds');
    expect(e2e.fakes.calls('kind').map((c) => c.argv.slice(0, 2).join(' '))).toContain('delete cluster');
  });
});
