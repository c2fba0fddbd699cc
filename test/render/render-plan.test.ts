/** `--dry-run` rendering of a kind plan: text and JSON, with the bundled scripts elided. */
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { planKubeRun } from '../../src/platform/kube-common/plan-kube-run.ts';
import type { RunPlan } from '../../src/plan/plan-types.ts';
import { renderPlan, renderPlanJson } from '../../src/render/render-plan.ts';
import { kindCluster } from '../../src/platform/kind/index.ts';

const bigAgent = `/* agent */${'x'.repeat(600_000)}`;
const p = planKubeRun({
  target: loadTarget('baseline').spec,
  scenario: loadScenario('smoke').spec,
  cluster: kindCluster,
  runId: '20261126-140000-baseline',
  resultPath: '/r/x.json',
  meshVersion: null,
  context: null,
  installMesh: false,
  keep: false,
  workDir: '/w',
  scripts: { orderService: 'small()', agent: bigAgent },
});

describe('renderPlan', () => {
  const text = renderPlan(p);

  it('prints every command as a shell line and every manifest as YAML', () => {
    expect(text).toContain(`$ kind create cluster --name ${p.cluster?.name} --config /w/kind-config.yaml --kubeconfig /w/kubeconfig --wait 5m`);
    expect(text).toMatch(/\$ docker pull --platform linux\/(amd64|arm64) node:22\.20\.0-alpine@sha256:/);
    expect(text).toMatch(/\$ kind load image-archive \S+\/workload-image-linux-(amd64|arm64)\.tar/);
    expect(text).toMatch(/write \/w\/kubeconfig \(mode 0600\):/);
    expect(text).toMatch(/\| {5}labels:\n\s+\| {7}meshbench\.io\/role: server/);
    expect(text).toContain('   kind: Deployment');
    expect(text).toContain('         nodeSelector:\n           meshbench.io/role: server');
    expect(text).toContain(`wait for the rollout of Deployment ${p.namespace}/order (≤ 300 s)`);
    expect(text).toContain(`measure http://order.${p.namespace}.svc.cluster.local:8080: levels 200 rps; 2 repetition(s) each`);
    expect(text).toMatch(/teardown \(also after a failure or Ctrl-C\):\n\nT1\. \[teardown\] delete kind cluster/);
  });

  it('shows a large script by size and hash, and in full on request', () => {
    expect(text).toMatch(/agent\.mjs: <600011 bytes, sha256:[0-9a-f]{16}…; --full to print>/);
    expect(text).toContain('order-service.mjs: small()');
    expect(text.length).toBeLessThan(40_000);
    expect(renderPlan(p, { full: true })).toContain(bigAgent);
  });
});

describe('renderPlanJson', () => {
  it('is the plan as JSON, scripts elided the same way', () => {
    const parsed = JSON.parse(renderPlanJson(p)) as RunPlan;
    expect(parsed.steps.map((s) => s.id)).toEqual(p.steps.map((s) => s.id));
    expect(parsed.teardown).toEqual(p.teardown);
    expect(JSON.stringify(parsed)).toMatch(/"agent\.mjs":"<600011 bytes, sha256:/);
    expect((JSON.parse(renderPlanJson(p, { full: true })) as RunPlan).steps).toEqual(p.steps);
  });
});
