/** Istio control-plane revisions (two versions in one cluster): names, install, enrolment, verification. */
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import type { PodMetadata } from '../../src/mesh/checks/pod-metadata.ts';
import { istioNamespaceMetadata } from '../../src/mesh/istio/enrol.ts';
import { istioRevisionName, planIstioInstall } from '../../src/mesh/istio/install.ts';
import { evaluateRevisionInjected, planIstioVerification } from '../../src/mesh/istio/verify.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

const pod = (name: string, rev: { label?: string; annotation?: string }): PodMetadata => ({
  name,
  nodeName: 'worker',
  phase: 'Running',
  labels: rev.label ? { 'istio.io/rev': rev.label } : {},
  annotations: rev.annotation ? { 'istio.io/rev': rev.annotation } : {},
});

describe('Istio revisions', () => {
  it('names a revision after the version with dashes', () => {
    expect(istioRevisionName('1.29.1')).toBe('1-29-1');
    expect(istioRevisionName('1.30.0-beta.1')).toBe('1-30-0-beta-1');
    expect(() => istioRevisionName('...')).toThrow(HarnessError);
  });

  it('installs the revision with istioctl install --revision and waits for istiod-<revision>', () => {
    const steps = planIstioInstall({ ...meshPlanContext({ target: 'istio-sidecar', meshVersion: '1.29.1' }), revision: '1-29-1' });
    const actions = steps.flatMap((s) => s.actions);
    expect(actions[0]).toMatchObject({ kind: 'command', tool: 'istioctl', args: ['install', '--revision=1-29-1', '--set', 'profile=default', '--skip-confirmation', '--set', 'meshConfig.defaultConfig.concurrency=2'] });
    expect(actions[1]).toMatchObject({ kind: 'wait', condition: { type: 'rollout', namespace: 'istio-system', name: 'istiod-1-29-1' } });
  });

  it('refuses a revision in ambient mode (ztunnel is one per node)', () => {
    expect(() => planIstioInstall({ ...meshPlanContext({ target: 'istio-ambient' }), revision: '1-28-3' })).toThrow(/ztunnel is one per node/);
  });

  it('enrols with istio.io/rev and drops the target\'s istio-injection label', () => {
    const ctx = meshPlanContext({ target: 'istio-sidecar' });
    expect(istioNamespaceMetadata(ctx).labels).toEqual({ 'istio-injection': 'enabled' });
    expect(istioNamespaceMetadata({ ...ctx, revision: '1-28-3' }).labels).toEqual({ 'istio.io/rev': '1-28-3' });
  });

  it('verifies that every workload pod was injected by the arm\'s revision (label or annotation)', () => {
    const ok = evaluateRevisionInjected({ revision: '1-29-1', pods: [pod('order-1', { label: '1-29-1' }), pod('gateway-1', { annotation: '1-29-1' })] });
    expect(ok).toMatchObject({ name: 'istio-revision-injected', passed: true, evidence: ['order-1: istio.io/rev=1-29-1', 'gateway-1: istio.io/rev=1-29-1'] });
    expect(evaluateRevisionInjected({ revision: '1-29-1', pods: [pod('order-1', { label: '1-28-3' })] }).passed).toBe(false);
    expect(evaluateRevisionInjected({ revision: '1-29-1', pods: [pod('order-1', {})] }).evidence).toEqual(['order-1: istio.io/rev=(none)']);
    expect(evaluateRevisionInjected({ revision: '1-29-1', pods: [] }).passed).toBe(false);
    const checks = planIstioVerification({ ...meshPlanContext({ target: 'istio-sidecar' }), revision: '1-29-1' }).map((a) => (a.kind === 'check' ? a.check : a.kind));
    expect(checks).toContain('istio-revision-injected');
    expect(planIstioVerification(meshPlanContext({ target: 'istio-sidecar' })).map((a) => (a.kind === 'check' ? a.check : a.kind))).not.toContain('istio-revision-injected');
  });
});
