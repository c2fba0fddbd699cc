/**
 * Preparing an existing-cluster run against the loopback fake API server, with the tools answered
 * in process: what the measurement loop gets back, and what a failure before anything changed
 * leaves (nothing to diagnose or tear down). The whole run is in test/e2e/existing-baseline.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { HarnessError } from '../../../src/errors.ts';
import { existingCluster } from '../../../src/platform/existing/index.ts';
import { diagnosticsDirFor } from '../../../src/platform/kube-common/diagnostics.ts';
import { prepareKubePlatform, type PrepareKubePlatformOptions } from '../../../src/platform/kube-common/prepare-kube-platform.ts';
import { FakeKubeApi } from '../../helpers/fake-kube-api.ts';
import { FakeToolRunner, type ToolAnswer } from '../../helpers/fake-tool-runner.ts';

const ROOT = join(import.meta.dirname, '../../..');
const target = loadTarget('baseline', ROOT).spec;
const scenario = loadScenario('default', ROOT).spec;

let api: FakeKubeApi;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-prepare-kube-'));
  api = await FakeKubeApi.start({ nodes: [{ name: 'cp-1', controlPlane: true }, { name: 'worker-a' }, { name: 'worker-b' }] });
});

afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

function options(answer: (file: string, args: string[]) => ToolAnswer): PrepareKubePlatformOptions & { runner: FakeToolRunner } {
  const userKubeconfig = join(dir, 'user.kubeconfig');
  api.writeKubeconfig(userKubeconfig, 'fake');
  return {
    target,
    scenario,
    cluster: existingCluster,
    runId: '20261206-190000-baseline',
    resultPath: join(dir, 'result.json'),
    meshVersion: null,
    context: 'fake',
    userKubeconfig,
    installMesh: false,
    keep: false,
    workDir: join(dir, 'work'),
    toolsDir: null,
    revision: null,
    joinCluster: null,
    scripts: { orderService: 'console.log("order-service")', agent: 'console.log("agent")' },
    runner: new FakeToolRunner(answer),
    log: () => undefined,
    kubeClient: { pollIntervalMs: 10, unreachableGraceMs: 500 },
  };
}

const kubectlVersion = (file: string): ToolAnswer => (file === 'kubectl' ? { stdout: '{"clientVersion":{"gitVersion":"v1.34.1"}}' } : {});

describe('prepareKubePlatform (existing cluster)', () => {
  it('deploys and verifies, handing back the entry URL, the evidence without install gates, and the versions', async () => {
    const prepared = await prepareKubePlatform(options(kubectlVersion));
    try {
      const namespace = prepared.plan.namespace ?? '';
      expect(namespace).not.toBe('');
      expect(prepared.targetUrl).toMatch(new RegExp(`^http://\\w+\\.${namespace}\\.svc\\.cluster\\.local:8080`));
      expect(prepared.verification.map((c) => c.name)).toEqual(['no-proxy']);
      expect(prepared.verification[0]?.passed).toBe(true);
      expect(prepared.tools).toMatchObject({ kubectl: 'v1.34.1' });
      expect(prepared.kubernetesVersion).toBe('v1.34.0');
      expect(prepared.kindVersion).toBeNull();
      expect(prepared.runningVersion).toBeNull();
      expect(prepared.targetFacts).toEqual({ kubernetesVersion: 'v1.34.0', kindVersion: null, clusterShape: null });
      expect(api.objects('Deployment', namespace).length).toBeGreaterThan(0);
      expect(typeof prepared.backend.createMeter).toBe('function');
    } finally {
      await prepared.teardown();
    }
    expect(api.object('Namespace', prepared.plan.namespace ?? '')).toBeUndefined();
  });

  it('rethrows a preflight failure without diagnostics or teardown: nothing was changed yet', async () => {
    const opts = { ...options(kubectlVersion), context: 'nope' };
    const error = await prepareKubePlatform(opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('USAGE');
    expect((error as HarnessError).message).toMatch(/context "nope" not found/);
    expect(existsSync(diagnosticsDirFor(opts.resultPath))).toBe(false);
    expect(api.requests.filter((r) => r.method === 'DELETE' || r.method === 'PATCH')).toEqual([]);
  });
});
