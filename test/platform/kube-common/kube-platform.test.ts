import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { existingCluster } from '../../../src/platform/existing/index.ts';
import { kindCluster } from '../../../src/platform/kind/index.ts';
import { kindClusterName } from '../../../src/platform/kind/kind-cluster-name.ts';
import { createKubePlatform } from '../../../src/platform/kube-common/kube-platform.ts';
import { shortRunId } from '../../../src/platform/kube-common/short-run-id.ts';
import type { PlatformRunOptions } from '../../../src/platform/platform.ts';

const ROOT = join(import.meta.dirname, '../../..');

function runOptions(extra: Partial<PlatformRunOptions> = {}): PlatformRunOptions {
  return {
    target: loadTarget('istio-sidecar', ROOT).spec,
    scenario: loadScenario('default', ROOT).spec,
    runId: '20261206-190000-istio-sidecar',
    resultPath: '/results/r.json',
    workDir: '/work/r',
    meshVersion: null,
    context: null,
    installMesh: true,
    keep: false,
    toolsDir: null,
    ...extra,
  };
}

describe('createKubePlatform', () => {
  it('is a cluster-per-arm platform named after its cluster that keeps its work dir', () => {
    const kind = createKubePlatform(kindCluster);
    expect([kind.name, kind.arms, kind.keepsWorkDir]).toEqual(['kind', 'cluster-per-arm', true]);
    expect(createKubePlatform(existingCluster).name).toBe('existing');
  });

  it('plans without bundling: the run\'s own cluster and namespace', () => {
    const plan = createKubePlatform(kindCluster).plan(runOptions());
    expect(plan.platform).toBe('kind');
    expect(plan.cluster?.name).toBe(kindClusterName('istio-sidecar', '20261206-190000-istio-sidecar'));
    expect(plan.cluster?.kubeconfigPath).toBe('/work/r/kubeconfig');
    expect(plan.namespace).toBe(`meshbench-${shortRunId('20261206-190000-istio-sidecar')}`);
  });

  it('joins the cluster of another arm\'s run, with that run\'s kubeconfig', () => {
    const plan = createKubePlatform(kindCluster).plan(runOptions({ revision: '1-30-3', joinRun: { runId: '20261206-185900-istio-sidecar', workDir: '/work/first' } }));
    expect(plan.cluster?.name).toBe(kindClusterName('istio-sidecar', '20261206-185900-istio-sidecar'));
    expect(plan.cluster?.kubeconfigPath).toBe('/work/first/kubeconfig');
  });

  it('lists the platform\'s required tools', () => {
    const tools = createKubePlatform(kindCluster).requiredTools(loadTarget('istio-sidecar', ROOT).spec).map((t) => t.tool);
    expect(tools).toEqual(expect.arrayContaining(['kind', 'kubectl', 'istioctl']));
  });
});
