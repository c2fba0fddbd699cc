import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { featureMatrixArms } from '../../../src/config/scenario-features.ts';
import { HarnessError } from '../../../src/errors.ts';
import { kindCluster } from '../../../src/platform/kind/index.ts';
import { checkSwitchableFeatures, featureSwitchSteps, planFeatureManifests } from '../../../src/platform/kube-common/feature-switch-plan.ts';
import { planKubeRun } from '../../../src/platform/kube-common/plan-kube-run.ts';
import type { Scenario } from '../../../src/config/scenario-schema.ts';

const scenario = loadScenario('feature-costs').spec;
const istio = loadTarget('istio-sidecar').spec;

function planOf(s: Scenario) {
  return planKubeRun({ target: istio, scenario: s, cluster: kindCluster, runId: '20261206-120000-m', resultPath: '/r.json', meshVersion: '1.30.3', context: null, installMesh: true, keep: false, workDir: '/w', scripts: null });
}

describe('featureSwitchSteps', () => {
  const arms = featureMatrixArms(scenario, ['retries', 'outlierDetection', 'trafficSplit']).map((a) => ({ label: a.label, plan: planOf(a.scenario) }));
  const steps = featureSwitchSteps({ arms, kubeconfigPath: '/w/kubeconfig', rolloutTimeoutMs: 1000 });

  it('the reference arm deletes every other arm’s resources and applies none', () => {
    // The reference's only mesh object is the PeerAuthentication every arm has: not switched.
    expect(planFeatureManifests(arms[0]?.plan ?? planOf(scenario)).map((m) => m.kind)).toEqual(['PeerAuthentication']);
    const off = steps.get('features-off');
    expect(off?.actions.map((a) => a.kind)).toEqual(['command']);
    const del = off?.actions[0];
    expect(del).toMatchObject({ tool: 'kubectl', args: ['delete', '--ignore-not-found', '--wait=true', '-f', '-'], env: { KUBECONFIG: '/w/kubeconfig' } });
    expect(del?.kind === 'command' && del.description).toBe(
      "delete the other arms' resources arm features-off does not have: VirtualService/gateway, VirtualService/order, DestinationRule/gateway, DestinationRule/order, Service/order-canary, Deployment/order-canary",
    );
  });

  it('an arm applies its own resources, waits for its Deployments, and deletes only what it lacks', () => {
    const split = steps.get('trafficSplit');
    expect(split?.actions.map((a) => a.kind)).toEqual(['apply', 'wait', 'command']);
    const apply = split?.actions[0];
    expect(apply?.kind === 'apply' && apply.manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Service/order-canary', 'Deployment/order-canary', 'VirtualService/order']);
    const del = split?.actions[2];
    // VirtualService/order is the split arm's own (updated in place by the apply), so it is not deleted.
    expect(del?.kind === 'command' && del.description).not.toContain('VirtualService/order');
    expect(del?.kind === 'command' && del.description).toMatch(/VirtualService\/gateway, DestinationRule\/gateway, DestinationRule\/order$/);
  });
});

describe('checkSwitchableFeatures', () => {
  it('refuses features that change the pods or the installation, naming the feature, the arm and the mesh', () => {
    const linkerd = loadTarget('linkerd').spec;
    const arms = featureMatrixArms(scenario, ['timeouts', 'outlierDetection']);
    expect(() => checkSwitchableFeatures({ target: linkerd, arms: arms.slice(0, 2) })).not.toThrow();
    const run = () => checkSwitchableFeatures({ target: linkerd, arms });
    expect(run).toThrow(HarnessError);
    expect(run).toThrow(/feature outlierDetection: eject after 5 consecutive 5xx for 30000 ms \(arm outlierDetection\) cannot be switched .* target linkerd \(mesh linkerd\): it changes the pods of the workload/);
    const cilium = loadTarget('cilium').spec;
    expect(() => checkSwitchableFeatures({ target: cilium, arms: featureMatrixArms(scenario, ['telemetry']) })).toThrow(/it changes the mesh installation/);
    // GAMMA needs the Gateway API controller turned on at install.
    expect(() => checkSwitchableFeatures({ target: cilium, arms: featureMatrixArms(scenario, ['trafficSplit']) })).toThrow(/feature trafficSplit.*mesh cilium.*it changes the mesh installation/);
  });
});

describe('authz in a Kubernetes feature matrix', () => {
  it('switches the authorization policies like any other feature resource', () => {
    const arms = featureMatrixArms(scenario, ['authz']).map((a) => ({ label: a.label, plan: planOf(a.scenario) }));
    const steps = featureSwitchSteps({ arms, kubeconfigPath: '/w/kubeconfig' });
    const on = steps.get('authz')?.actions[0];
    expect(on?.kind === 'apply' && on.manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['AuthorizationPolicy/gateway-l7', 'AuthorizationPolicy/order-l7']);
    const off = steps.get('features-off')?.actions[0];
    expect(off?.kind === 'command' && off.description).toMatch(/AuthorizationPolicy\/gateway-l7, AuthorizationPolicy\/order-l7$/);
  });
});
