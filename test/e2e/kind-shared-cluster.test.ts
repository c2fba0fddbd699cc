/**
 * `bench run istio-sidecar --platform kind --arms A,B` on ONE cluster (fake kind, kubectl,
 * istioctl and API server): two control-plane revisions installed side by side, one workload
 * namespace per arm enrolled with `istio.io/rev=<revision>` (no `istio-injection`), both arms'
 * services on the same nodes, repetitions interleaved ABBA, `batch.method: shared-cluster`, and
 * the one cluster deleted at the end. Ambient (ztunnel per node) keeps a cluster per arm and
 * records `alternating-clusters`.
 */
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { TEST_KUBE_TUNING } from '../helpers/kind-e2e-fixtures.ts';
import type { Obj } from '../helpers/fake-kube-api.ts';
import { type MeshE2e, objectField, objectLabels, objectName, startMeshE2e, twoRepetitionScenarioFile } from '../helpers/mesh-e2e.ts';

let e2e: MeshE2e | undefined;

afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

/** In a folder of its own (the run's results go there too), removed after the test that makes it. */
function scenarioFile(): string {
  return twoRepetitionScenarioFile('meshbench-shared-cluster-');
}

describe('--arms on one cluster (Istio sidecar revisions)', () => {
  it('--dry-run --json plans two revisions, two labelled namespaces, one cluster created and deleted', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--arms', '1.29.6,1.30.3', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const { batch, plans } = JSON.parse(run.stdout) as { batch: { method: string }; plans: { cluster: { name: string }; namespace: string; steps: { id: string; actions: Obj[] }[]; teardown: { actions: Obj[] }[] }[] };
    expect(batch.method).toBe('shared-cluster');
    expect(plans).toHaveLength(2);
    expect(new Set(plans.map((p) => p.cluster.name)).size).toBe(1);
    expect(new Set(plans.map((p) => p.namespace)).size).toBe(2);
    const commands = plans.flatMap((p) => p.steps.flatMap((s) => s.actions)).filter((a) => a['kind'] === 'command').map((a) => [a['tool'], ...(a['args'] as string[])].join(' '));
    expect(commands.filter((c) => c.startsWith('kind create cluster'))).toHaveLength(1);
    expect(commands.filter((c) => c.startsWith('istioctl install'))).toEqual([
      'istioctl install --revision=1-29-6 --set profile=default --skip-confirmation --set meshConfig.defaultConfig.concurrency=2',
      'istioctl install --revision=1-30-3 --set profile=default --skip-confirmation --set meshConfig.defaultConfig.concurrency=2',
    ]);
    const namespaces = plans.map((p) => {
      const apply = p.steps.find((s) => s.id === 'namespaces')?.actions[0];
      const workload = ((apply?.['manifests'] ?? []) as Obj[]).find((m) => objectName(m) === p.namespace) ?? {};
      return objectLabels(workload);
    });
    expect(namespaces.map((l) => l['istio.io/rev'])).toEqual(['1-29-6', '1-30-3']);
    expect(namespaces.every((l) => !('istio-injection' in l))).toBe(true);
    const teardown = plans.map((p) => p.teardown.flatMap((s) => s.actions).map((a) => [a['tool'], ...(a['args'] as string[])].slice(0, 3).join(' ')));
    expect(teardown).toEqual([['kind delete cluster'], []]);
  });

  // Through the real CLI, with the fakes in process and the fake API's short waits (TEST_KUBE_TUNING).
  it('runs both arms on the same nodes of one cluster, ABBA, and deletes that cluster', async () => {
    e2e = await startMeshE2e({ target: 'istio-sidecar', webhook: 'istio-sidecar' });
    const scenario = scenarioFile();
    const dir = dirname(scenario);
    const out = join(dir, 'upgrade.json');
    const restore = e2e.fakes.activate();
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--scenario', scenario, '--out', out, '--quiet', '--arms', '1.29.6,1.30.3'], {
      runner: e2e.fakes.runner,
      kubeTuning: TEST_KUBE_TUNING,
    }).finally(restore);
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const base = readResultFile(join(dir, 'upgrade-1.29.6.json'));
    const head = readResultFile(join(dir, 'upgrade-1.30.3.json'));
    expect(base.batch).toMatchObject({ method: 'shared-cluster', order: 'ABBA', arms: ['1.29.6', '1.30.3'] });
    expect(head.batch?.id).toBe(base.batch?.id);
    expect([base.target.runningVersion, head.target.runningVersion]).toEqual(['1.29.6', '1.30.3']);
    expect([base.verification.verified, head.verification.verified]).toEqual([true, true]);
    const order = [...base.levels[0]!.repetitions, ...head.levels[0]!.repetitions].sort((x, y) => x.windowStartMs - y.windowStartMs).map((r) => r.arm);
    expect(order).toEqual(['1.29.6', '1.30.3', '1.30.3', '1.29.6']);

    const kind = e2e.fakes.calls('kind').map((c) => c.argv.slice(0, 2).join(' '));
    expect(kind.filter((c) => c === 'create cluster')).toHaveLength(1);
    expect(kind.filter((c) => c === 'delete cluster')).toHaveLength(1);
    const istioctl = e2e.fakes.calls('istioctl').map((c) => c.argv.join(' '));
    expect(istioctl.filter((c) => c.startsWith('install'))).toEqual([
      'install --revision=1-29-6 --set profile=default --skip-confirmation --set meshConfig.defaultConfig.concurrency=2',
      'install --revision=1-30-3 --set profile=default --skip-confirmation --set meshConfig.defaultConfig.concurrency=2',
    ]);
    expect(e2e.api.objects('Deployment', 'istio-system').map(objectName).sort()).toEqual(['istiod-1-29-6', 'istiod-1-30-3']);

    const enrolled = e2e.api.objects('Namespace').filter((n) => 'istio.io/rev' in objectLabels(n));
    expect(enrolled.map((n) => objectLabels(n)['istio.io/rev']).sort()).toEqual(['1-29-6', '1-30-3']);
    expect(enrolled.every((n) => !('istio-injection' in objectLabels(n)))).toBe(true);
    // Each arm's order-service pod carries its revision's proxy, and both run on the same node.
    const orderPods = enrolled.map((n) => e2e!.api.objects('Pod', objectName(n)).find((p) => objectName(p).startsWith('order-')) as Obj);
    expect(orderPods.map((p) => objectLabels(p)['istio.io/rev']).sort()).toEqual(['1-29-6', '1-30-3']);
    expect(new Set(orderPods.map((p) => String(objectField(p['spec'])['nodeName']))).size).toBe(1);
  });

  it('keeps a cluster per arm for ambient (ztunnel is one per node) and records alternating-clusters', async () => {
    const run = await runBench(['run', 'istio-ambient', '--platform', 'kind', '--arms', '1.29.6,1.30.3', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const { batch, plans } = JSON.parse(run.stdout) as { batch: { method: string }; plans: { cluster: { name: string } }[] };
    expect(batch.method).toBe('alternating-clusters');
    expect(new Set(plans.map((p) => p.cluster.name)).size).toBe(2);
  });

  it('refuses --arms on an existing cluster for a mesh that upgrades in place', async () => {
    const run = await runBench(['run', 'linkerd', '--platform', 'existing', '--arms', '2.19.0,2.20.0', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/upgrades in place/);
  });
});
