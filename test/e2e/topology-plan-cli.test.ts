/**
 * Topology and mesh size through `bench run --dry-run --json` on kind: a fan-out deploys the
 * gateway and its K services wired in parallel; an idle-services sweep plans one kind cluster per
 * count, each with its N idle Services; `features.configScope: namespace` adds Istio's Sidecar
 * and is refused, naming the feature and the mesh, where the mesh has nothing to scope.
 */
import { mkdtempSync, rmSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/plan/plan-types.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { planScenarioFile } from '../helpers/plan-scenario-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-topology-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PlanJson {
  runId: string;
  cluster: { name: string };
  features?: Array<{ feature: string; mechanism: string }>;
  steps: Array<{ id: string; title: string; actions: Array<{ kind: string; description: string; manifests?: KubeObject[]; condition?: { namespace: string; name: string } }> }>;
  teardown: Array<{ title: string }>;
}

function manifestsOf(plan: PlanJson, stepId: string): KubeObject[] {
  return plan.steps.find((s) => s.id === stepId)?.actions.flatMap((a) => a.manifests ?? []) ?? [];
}

function scenario(name: string, workload: string, features = '{}'): string {
  return planScenarioFile({ dir, name, workload, features });
}

describe('fan-out on kind', () => {
  it('deploys the gateway and its 3 services; the gateway calls all of them', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--scenario', 'fan-out', '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    const workload = manifestsOf(plan, 'workload');
    const deployments = workload.filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name)).toEqual(['gateway', 'order-1', 'order-2', 'order-3']);
    expect(workload.filter((m) => m.kind === 'Service').map((s) => s.metadata.name)).toEqual(['gateway', 'order-1', 'order-2', 'order-3']);
    expect(workload.filter((m) => m.kind === 'ServiceAccount').map((s) => s.metadata.name)).toEqual(['load-agent', 'gateway', 'order-1', 'order-2', 'order-3']);
    const envOf = (d: KubeObject) => (d.spec as { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } }).template.spec.containers[0]?.env ?? [];
    const ns = deployments[0]?.metadata.namespace;
    expect(envOf(deployments[0] as KubeObject).find((e) => e.name === 'DOWNSTREAM_URL')?.value).toBe(
      ['order-1', 'order-2', 'order-3'].map((n) => `http://${n}.${ns}.svc.cluster.local:8080`).join(','),
    );
    for (const leaf of deployments.slice(1)) expect(envOf(leaf).some((e) => e.name === 'DOWNSTREAM_URL')).toBe(false);
    expect(plan.steps.find((s) => s.id === 'workload')?.title).toBe('deploy the services gateway → {order-1, order-2, order-3} in parallel');
    expect(plan.steps.find((s) => s.id === 'workload-ready')?.actions.map((a) => a.condition?.name)).toEqual(['gateway', 'order-1', 'order-2', 'order-3']);
  });

  it('with authz l7, each service of the fan-out allows its caller only', async () => {
    const run = await runBench(['run', 'linkerd', '--platform', 'kind', '--scenario', scenario('fan-l7', '{ topology: fan-out, fanOut: 2 }', '{ authz: l7 }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as PlanJson;
    const auth = manifestsOf(plan, 'mesh-workload-objects').filter((m) => m.kind === 'MeshTLSAuthentication');
    expect(auth.map((m) => [m.metadata.name, JSON.stringify(m.spec)])).toEqual([
      ['gateway-callers', expect.stringContaining('load-agent')],
      ['order-1-callers', expect.stringContaining('"gateway.')],
      ['order-2-callers', expect.stringContaining('"gateway.')],
    ]);
  });
});

describe('idle services on kind', () => {
  it('plans one cluster per count of the sweep, each with its N idle Services, deleted with it', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--scenario', 'idle-services', '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { batch, plans } = JSON.parse(run.stdout) as { batch: { arms: string[]; method: string }; plans: PlanJson[] };
    expect(batch).toMatchObject({ arms: ['idle-0', 'idle-50', 'idle-200'], method: 'alternating-clusters' });
    expect(new Set(plans.map((p) => p.cluster.name)).size).toBe(3);
    const counts = plans.map((p) => manifestsOf(p, 'idle-services').filter((m) => m.kind === 'Service').length);
    expect(counts).toEqual([0, 50, 200]);
    const idle = plans[2] as PlanJson;
    const objects = manifestsOf(idle, 'idle-services');
    expect(objects.filter((m) => m.kind === 'Deployment').map((d) => d.metadata.name)).toEqual(['idle']);
    expect(new Set(objects.map((m) => m.metadata.namespace ?? m.metadata.name))).toEqual(new Set([objects[0]?.metadata.name]));
    expect(idle.teardown.map((t) => t.title)).toEqual([`delete kind cluster ${idle.cluster.name}`]);
  });

  it('on an existing cluster a single count plans the idle namespace and deletes it at teardown; a sweep is refused', async () => {
    const one = await runBench(['run', 'linkerd', '--platform', 'existing', '--scenario', scenario('idle-one', '{ idleServices: 20 }'), '--dry-run', '--json']);
    expect(one.stderr).toBe('');
    const plan = JSON.parse(one.stdout) as PlanJson;
    const ns = manifestsOf(plan, 'idle-services').find((m) => m.kind === 'Namespace')?.metadata.name;
    expect(ns).toMatch(/^meshbench-[0-9a-f]+-idle$/);
    expect(JSON.stringify(plan.teardown)).toContain(ns);
    const sweep = await runBench(['run', 'linkerd', '--platform', 'existing', '--scenario', 'idle-services', '--dry-run', '--json']);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toMatch(/an idle-services sweep needs one cluster per count/);
  });
});

describe('an idle-services sweep sets the arms itself', () => {
  it.each([
    [['--arms', 'a,b'], /sweeps workload.idleServices \(one arm per count\), which --arms would also set/],
    [['--features-matrix', 'retries'], /which --features-matrix would also set/],
  ])('refuses %j with it', async (flags, message) => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', 'idle-services', ...flags, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('on the local platform the arms run side by side, each sidecar pair with its count', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', 'idle-services', '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const { batch, plans } = JSON.parse(run.stdout) as { batch: { arms: string[]; method: string }; plans: PlanJson[] };
    expect(batch).toMatchObject({ arms: ['idle-0', 'idle-50', 'idle-200'], method: 'same-host' });
    const pairLines = plans.map((p) => p.steps.find((s) => s.id === 'start-sidecar-pair')?.actions.map((a) => a.description).join(' ') ?? '');
    expect(pairLines[0]).not.toContain('idle');
    expect(pairLines[1]).toContain('50 idle-service backends');
    expect(pairLines[2]).toContain('200 idle-service backends');
  });
});

describe('features.configScope: namespace', () => {
  it('istio-sidecar applies a Sidecar scoping its proxies to their own namespace and istio-system', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--scenario', scenario('scoped', '{ idleServices: 50 }', '{ configScope: namespace }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.features?.map((f) => f.feature)).toEqual(['configScope']);
    expect(plan.features?.[0]?.mechanism).toMatch(/^Sidecar \(networking\.istio\.io\/v1\)/);
    const sidecar = manifestsOf(plan, 'mesh-workload-objects').find((m) => m.kind === 'Sidecar');
    expect(sidecar).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: expect.stringMatching(/^meshbench-[0-9a-f]+$/) },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
    });
    // The idle Services live elsewhere, so the Sidecar leaves them out.
    const idleNs = manifestsOf(plan, 'idle-services').find((m) => m.kind === 'Namespace')?.metadata.name;
    expect(idleNs).toBe(`${sidecar?.metadata.namespace}-idle`);
  });

  it('istio-ambient scopes istiod at install with discoverySelectors naming istio-system and the workload namespace', async () => {
    const run = await runBench(['run', 'istio-ambient', '--platform', 'kind', '--scenario', scenario('scoped-ambient', '{}', '{ configScope: namespace }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as { namespace: string; features?: PlanJson['features']; steps: Array<{ actions: Array<{ args?: string[] }> }> };
    expect(plan.features?.[0]?.mechanism).toMatch(/meshConfig\.discoverySelectors/);
    const args = plan.steps.flatMap((s) => s.actions.flatMap((a) => a.args ?? []));
    expect(args).toEqual(
      expect.arrayContaining([
        'meshConfig.discoverySelectors[0].matchExpressions[0].key=kubernetes.io/metadata.name',
        'meshConfig.discoverySelectors[0].matchExpressions[0].values[0]=istio-system',
        `meshConfig.discoverySelectors[0].matchExpressions[0].values[1]=${plan.namespace}`,
      ]),
    );
  });

  it.each([
    ['linkerd', /configScope: namespace is not available on target linkerd \(mesh linkerd, mode sidecar\): mesh linkerd does not support it: nothing to scope/],
    ['cilium', /mesh cilium does not support it: cilium-agent load-balances every Service/],
  ])('%s refuses it at plan time, naming the feature and the mesh', async (target, message) => {
    const run = await runBench(['run', target, '--platform', 'kind', '--scenario', scenario(`scope-${target}`, '{}', '{ configScope: namespace }'), '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
