/**
 * `bench run istio-sidecar --platform kind --features-matrix timeouts,trafficSplit` on ONE cluster
 * (fake kind, kubectl, istioctl and API server): one installation, one namespace and workload; each
 * arm's feature resources applied before its repetitions (the VirtualServices, the order-canary
 * Deployment and Service) and the other arms' deleted with kubectl; repetitions interleaved,
 * `batch.method: shared-cluster`, the cluster deleted once. A feature that changes the pods
 * (Linkerd's access log) is refused for interleaving.
 */
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { TEST_KUBE_TUNING } from '../helpers/kind-e2e-fixtures.ts';
import type { Obj } from '../helpers/fake-kube-api.ts';
import { type MeshE2e, objectField, objectName, startMeshE2e, twoRepetitionScenarioFile } from '../helpers/mesh-e2e.ts';

let e2e: MeshE2e | undefined;

afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

/** In a folder of its own (the run's results go there too), removed after the test that makes it. */
function scenarioFile(): string {
  return twoRepetitionScenarioFile('meshbench-kube-matrix-');
}

describe('--features-matrix on one Kubernetes cluster', () => {
  it('--dry-run --json: one cluster and namespace, each arm its switch step before its measurement', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--features-matrix', 'timeouts,trafficSplit', '--dry-run', '--json']);
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const { batch, plans } = JSON.parse(run.stdout) as { batch: { method: string }; plans: { namespace: string; steps: { id: string; actions: Obj[] }[]; teardown: { actions: Obj[] }[] }[] };
    expect(batch.method).toBe('shared-cluster');
    expect(plans).toHaveLength(3);
    expect(new Set(plans.map((p) => p.namespace)).size).toBe(1);
    expect(plans.map((p) => p.steps.slice(-2).map((s) => s.id))).toEqual([
      ['features-features-off', 'measure'],
      ['features-timeouts', 'measure'],
      ['features-trafficSplit', 'measure'],
    ]);
    const split = plans[2]?.steps.find((s) => s.id === 'features-trafficSplit')?.actions ?? [];
    expect(((split[0]?.['manifests'] ?? []) as Obj[]).map((m) => `${String(m['kind'])}/${objectName(m)}`)).toEqual(['Service/order-canary', 'Deployment/order-canary', 'VirtualService/order']);
    expect(split[1]).toMatchObject({ kind: 'wait', condition: { type: 'rollout', name: 'order-canary' } });
    expect(split[2]).toMatchObject({ kind: 'command', tool: 'kubectl', args: ['delete', '--ignore-not-found', '--wait=true', '-f', '-'] });
    expect(String(split[2]?.['stdin'])).toContain('kind: VirtualService');
    expect(plans.map((p) => p.teardown.flatMap((s) => s.actions).length)).toEqual([1, 0, 0]);
  });

  it('a scenario that lists feature sets runs them as the arms (scenarios/feature-sets.yaml on Linkerd)', async () => {
    const run = await runBench(['run', 'linkerd', '--platform', 'kind', '--scenario', 'feature-sets', '--dry-run', '--json']);
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const { batch, plans } = JSON.parse(run.stdout) as { batch: { arms: string[] }; plans: { steps: { id: string; actions: Obj[] }[] }[] };
    expect(batch.arms).toEqual(['baseline', 'retries', 'timeouts']);
    const retries = plans[1]?.steps.find((s) => s.id === 'features-retries')?.actions[0];
    const routes = (retries?.['manifests'] ?? []) as Obj[];
    expect(routes.map(objectName)).toEqual(['gateway-outbound', 'order-outbound']);
    expect(objectField(routes[0]?.['metadata'])['annotations']).toEqual({ 'retry.linkerd.io/http': 'gateway-error', 'retry.linkerd.io/limit': '2' });
    const both = await runBench(['run', 'linkerd', '--platform', 'kind', '--scenario', 'feature-sets', '--features-matrix', 'timeouts', '--dry-run']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/lists featureSets, which are the arms of its batch; --features-matrix sets them too/);
  });

  it('refuses a feature that changes the pods, naming it, its arm and the mesh', async () => {
    const run = await runBench(['run', 'linkerd', '--platform', 'kind', '--features-matrix', 'timeouts,accessLog', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/feature accessLog: on \(arm accessLog\) cannot be switched between repetitions on one cluster on target linkerd \(mesh linkerd\): it changes the pods/);
  });

  it('switches the feature resources between interleaved repetitions and tears the cluster down once', { timeout: 150_000 }, async () => {
    e2e = await startMeshE2e({ target: 'istio-sidecar', webhook: 'istio-sidecar' });
    const scenario = scenarioFile();
    const dir = dirname(scenario);
    const out = join(dir, 'matrix.json');
    const restore = e2e.fakes.activate();
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--scenario', scenario, '--out', out, '--quiet', '--features-matrix', 'timeouts,trafficSplit'], {
      runner: e2e.fakes.runner,
      kubeTuning: TEST_KUBE_TUNING,
    }).finally(restore);
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const results = ['features-off', 'timeouts', 'trafficSplit'].map((label) => readResultFile(join(dir, `matrix-${label}.json`)));
    expect(results.map((r) => r.batch?.method)).toEqual(['shared-cluster', 'shared-cluster', 'shared-cluster']);
    expect(results[0]?.batch?.featureMatrix?.features).toEqual({ 'features-off': null, timeouts: 'timeouts', trafficSplit: 'trafficSplit' });
    expect(results.every((r) => r.verification.verified)).toBe(true);
    const order = results
      .flatMap((r) => r.levels[0]?.repetitions ?? [])
      .sort((x, y) => x.windowStartMs - y.windowStartMs)
      .map((r) => r.arm);
    expect(order).toHaveLength(6);

    const istioctl = e2e.fakes.calls('istioctl').map((c) => c.argv.join(' '));
    expect(istioctl.filter((c) => c.startsWith('install'))).toHaveLength(1);
    const kind = e2e.fakes.calls('kind').map((c) => c.argv.slice(0, 2).join(' '));
    expect(kind.filter((c) => c === 'delete cluster')).toHaveLength(1);
    // Applied through the API: the timeouts arm's VirtualServices, the split arm's canary.
    const workloadNs = e2e.api.objects('Namespace').map(objectName).find((n) => /^meshbench-[a-z0-9]+$/.test(n)) ?? '';
    expect(e2e.api.objects('VirtualService', workloadNs).map(objectName).sort()).toEqual(['gateway', 'order']);
    expect(e2e.api.objects('Deployment', workloadNs).map(objectName)).toContain('order-canary');
    // Deleted through kubectl before the arms that lack them (one switch per change of arm).
    const deletes = e2e.fakes.calls('kubectl').filter((c) => c.argv[0] === 'delete');
    expect(deletes.length).toBeGreaterThanOrEqual(3);
    expect(deletes.every((c) => c.argv.join(' ') === 'delete --ignore-not-found --wait=true -f -')).toBe(true);
    expect(deletes.some((c) => String(c.stdin).includes('name: order-canary'))).toBe(true);
  });
});
