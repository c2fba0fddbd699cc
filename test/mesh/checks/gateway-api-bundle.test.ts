/**
 * Linkerd's Gateway API step on a cluster that already has a bundle: the plan checks the installed
 * bundle-version annotation (served by the loopback fake API) before its server-side apply, and
 * never downgrades.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { createKubeClient } from '../../../src/kube/client-node-kube-client.ts';
import { linkerdMesh } from '../../../src/mesh/linkerd/index.ts';
import { compareBundleVersions } from '../../../src/mesh/checks/gateway-api-bundle.ts';
import { executePlanSteps } from '../../../src/platform/kube-common/execute-plan.ts';
import { FakeKubeApi } from '../../helpers/fake-kube-api.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';
import { RecordingRunner } from '../../helpers/recording-runner.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let api: FakeKubeApi | null = null;
let dir: string | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const gatewayCrd = (bundle: string | null) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gateways.gateway.networking.k8s.io', ...(bundle ? { annotations: { 'gateway.networking.k8s.io/bundle-version': bundle, 'gateway.networking.k8s.io/channel': 'standard' } } : {}) },
  spec: {
    group: 'gateway.networking.k8s.io',
    names: { kind: 'Gateway', plural: 'gateways', singular: 'gateway' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});

/** Runs the Linkerd Gateway API step against the fake API holding `bundle` (null: no CRD). */
async function runGatewayStep(bundle: string | null | 'no-annotation') {
  api = await FakeKubeApi.start();
  dir = tempDir('meshbench-gwapi-');
  const kubeconfig = join(dir, 'kubeconfig');
  api.writeKubeconfig(kubeconfig);
  const kube = createKubeClient(kubeconfig, null, { pollIntervalMs: 10, unreachableGraceMs: 300, requestTimeoutMs: 2_000 });
  if (bundle !== null) await kube.apply([gatewayCrd(bundle === 'no-annotation' ? null : bundle)]);
  const ctx = meshPlanContext({ target: 'linkerd', platform: 'existing' });
  const step = linkerdMesh.planInstall(ctx).find((s) => s.id === 'linkerd-gateway-api-crds');
  if (!step) throw new Error('no Gateway API step');
  // Stop after the apply: the CRD waits need the real bundle.
  const gate = { ...step, actions: step.actions.filter((a) => a.kind !== 'wait') };
  const runner = new RecordingRunner([{ match: ['kubectl'], stdout: 'customresourcedefinition.apiextensions.k8s.io/gateways.gateway.networking.k8s.io serverside-applied' }]);
  const outcome = await executePlanSteps([gate], { runner, kube: () => kube, log: () => undefined, checks: linkerdMesh.checks }).catch((e: unknown) => e);
  return { outcome, applied: runner.calls.filter((c) => c.file === 'kubectl' && c.args[0] === 'apply') };
}

describe('Linkerd Gateway API bundle on an existing cluster', () => {
  it('plans the check before the server-side apply', () => {
    const step = linkerdMesh.planInstall(meshPlanContext({ target: 'linkerd', platform: 'existing' })).find((s) => s.id === 'linkerd-gateway-api-crds');
    expect(step?.actions.map((a) => (a.kind === 'check' ? `check ${a.check}` : a.kind === 'command' ? `${a.tool} ${a.args.join(' ')}` : a.kind))).toEqual([
      'check gateway-api-bundle',
      'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml',
      'wait',
      'wait',
    ]);
  });

  it('refuses to downgrade a newer installed bundle: no apply, an error naming both versions', async () => {
    const { outcome, applied } = await runGatewayStep('v1.5.1');
    expect(applied).toEqual([]);
    expect(outcome).toBeInstanceOf(HarnessError);
    const error = outcome as HarnessError;
    expect(error.code).toBe('NOT_READY');
    expect(error.details).toEqual([
      'Gateway API v1.5.1 is installed; applying v1.2.1 would downgrade it, so the run stops',
      'Linkerd accepts bundles up to v1.5.1: set mesh.gatewayApiVersion: v1.5.1 in the target to keep it',
    ]);
  });

  it('applies over an absent, equal or older bundle', async () => {
    for (const bundle of [null, 'v1.2.1', 'v1.1.0']) {
      const { outcome, applied } = await runGatewayStep(bundle);
      expect(outcome, String(bundle)).toEqual([expect.objectContaining({ name: 'gateway-api-bundle', passed: true })]);
      expect(applied).toHaveLength(1);
      await api?.close();
      api = null;
    }
  });

  it('does not apply over a Gateway CRD of unknown version', async () => {
    const { outcome, applied } = await runGatewayStep('no-annotation');
    expect(applied).toEqual([]);
    expect((outcome as HarnessError).code).toBe('NOT_READY');
  });

  it('compares bundle versions numerically', () => {
    expect(compareBundleVersions('v1.10.0', 'v1.9.1')).toBeGreaterThan(0);
    expect(compareBundleVersions('v1.2.1', 'v1.2.1')).toBe(0);
    expect(compareBundleVersions('v1.2.0', 'v1.2.1')).toBeLessThan(0);
  });
});
