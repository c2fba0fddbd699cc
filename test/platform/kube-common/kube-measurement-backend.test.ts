import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import type { RunPlan } from '../../../src/plan/plan-types.ts';
import { existingCluster } from '../../../src/platform/existing/index.ts';
import { kindCluster } from '../../../src/platform/kind/index.ts';
import { createKubeMeasurementBackend, meteredGroups } from '../../../src/platform/kube-common/kube-measurement-backend.ts';
import { FakeKubeClient } from '../../helpers/fake-kube-client.ts';
import { FakeToolRunner } from '../../helpers/fake-tool-runner.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('meteredGroups', () => {
  it('meters the data plane (in the run namespace for $workload), the control plane, the order-service and the load agents', () => {
    const target = loadTarget('istio-sidecar', ROOT).spec;
    const groups = meteredGroups(target, 'bench-x');
    expect(groups.map((g) => [g.component, g.role, g.namespace, g.container])).toEqual([
      ['istio-proxy', 'data-plane', 'bench-x', 'istio-proxy'],
      ['istiod', 'control-plane', 'istio-system', 'discovery'],
      ['order-service', 'app', 'bench-x', 'order-service'],
      ['load-agent', 'load-agent', 'bench-x', 'agent'],
    ]);
    expect(groups[1]).toMatchObject({ podLabels: { app: 'istiod' }, nodes: 'all' });
    expect(groups[3]).toMatchObject({ podLabels: { 'app.kubernetes.io/name': 'load-agent', 'meshbench.io/tier': 'agent' }, endsWithWindow: true });
  });

  it.each([
    ['linkerd', [['linkerd-destination', 'destination'], ['linkerd-policy', 'policy']]],
    ['cilium', [['cilium-operator', 'cilium-operator']]],
    ['baseline', []],
  ])('meters the control plane each mesh states: %s', (name, expected) => {
    const groups = meteredGroups(loadTarget(name, ROOT).spec, 'bench-x').filter((g) => g.role === 'control-plane');
    expect(groups.map((g) => [g.component, g.container])).toEqual(expected);
  });

  it('keeps a data plane in its own namespace', () => {
    const target = loadTarget('istio-ambient', ROOT).spec;
    const ztunnel = meteredGroups(target, 'bench-x').find((g) => g.component === 'ztunnel');
    expect(ztunnel?.namespace).toBe('istio-system');
  });
});

describe('createKubeMeasurementBackend', () => {
  const plan = (platform: 'kind' | 'existing', namespace: string | null) => ({ runId: 'r', platform, namespace, cluster: null }) as unknown as RunPlan;
  const target = loadTarget('baseline', ROOT).spec;

  it('needs a plan of its own platform with a namespace', () => {
    const common = { kube: new FakeKubeClient(), target, runner: new FakeToolRunner() };
    expect(() => createKubeMeasurementBackend({ ...common, plan: plan('kind', null), cluster: kindCluster })).toThrow('createKubeMeasurementBackend needs a kind plan with a namespace');
    expect(() => createKubeMeasurementBackend({ ...common, plan: plan('existing', 'n'), cluster: kindCluster })).toThrow(/needs a kind plan/);
  });

  it('watches the server pods for failures through checkComponents', async () => {
    const kube = new FakeKubeClient();
    const backend = createKubeMeasurementBackend({ plan: plan('existing', 'bench'), cluster: existingCluster, kube, target, runner: new FakeToolRunner() });
    expect(await backend.checkComponents?.()).toBeNull();
    expect(typeof backend.agentRunner.runRepetition).toBe('function');
  });
});
