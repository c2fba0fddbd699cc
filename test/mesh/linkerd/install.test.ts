import { describe, expect, it } from 'vitest';
import { linkerdInstallValues, planLinkerdInstall } from '../../../src/mesh/linkerd/install.ts';
import { linkerdSpecOf } from '../../../src/mesh/linkerd/versions.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const spec = linkerdSpecOf(meshPlanContext({ target: 'linkerd' }).target);

describe('linkerdInstallValues', () => {
  it('sets the default inbound policy over the target values', () => {
    expect(linkerdInstallValues({ ...spec, values: { 'proxy.logLevel': 'warn' } }, 'edge-26.8.3')).toEqual({ 'proxy.logLevel': 'warn', 'proxy.defaultInboundPolicy': 'all-authenticated' });
  });

  it('turns native sidecars on for edges before 2.20', () => {
    expect(linkerdInstallValues(spec, 'edge-26.5.1')).toEqual({ 'proxy.nativeSidecar': 'true', 'proxy.defaultInboundPolicy': 'all-authenticated' });
    expect(linkerdInstallValues(spec, 'edge-26.6.3')).not.toHaveProperty('proxy.nativeSidecar');
  });

  it('refuses a policy set twice in contradiction', () => {
    expect(() => linkerdInstallValues({ ...spec, values: { 'proxy.defaultInboundPolicy': 'all-unauthenticated' } }, 'edge-26.8.3')).toThrow(
      'mesh.values sets proxy.defaultInboundPolicy=all-unauthenticated but mesh.defaultInboundPolicy is all-authenticated',
    );
    expect(() => linkerdInstallValues({ ...spec, values: { 'proxy.defaultInboundPolicy': 'all-authenticated' } }, 'edge-26.8.3')).not.toThrow();
  });
});

describe('planLinkerdInstall', () => {
  it('checks, installs CRDs and control plane through pipelines that fail when linkerd fails, then checks again', () => {
    const steps = planLinkerdInstall(meshPlanContext({ target: 'linkerd' }));
    expect(steps.map((s) => s.id)).toEqual(['linkerd-gateway-api-crds', 'linkerd-preflight', 'linkerd-crds', 'linkerd-control-plane']);
    const control = steps[3]?.actions[0];
    expect(control?.kind === 'command' && control.args).toEqual([
      '-c',
      'set -euo pipefail; linkerd install --set proxy.defaultInboundPolicy=all-authenticated | kubectl apply -f -',
    ]);
    expect(steps[3]?.actions[1]).toMatchObject({ kind: 'command', tool: 'linkerd', args: ['check'] });
  });

  it('refuses mtls off before planning anything', () => {
    expect(() => planLinkerdInstall(meshPlanContext({ target: 'linkerd', features: { mtls: 'off' } }))).toThrow(/Linkerd always uses mTLS/);
  });
});

describe('planLinkerdInstall with telemetry: metrics', () => {
  it('installs the viz extension as its docs do, then checks it', () => {
    const steps = planLinkerdInstall(meshPlanContext({ target: 'linkerd', features: { telemetry: { mode: 'metrics', samplingPct: null } } }));
    const viz = steps.at(-1);
    expect(viz?.id).toBe('linkerd-viz');
    expect(viz?.actions[0]).toMatchObject({ kind: 'command', tool: 'bash', args: ['-c', 'set -euo pipefail; linkerd viz install | kubectl apply -f -'] });
    expect(viz?.actions[1]).toMatchObject({ kind: 'command', tool: 'linkerd', args: ['viz', 'check'] });
    expect(planLinkerdInstall(meshPlanContext({ target: 'linkerd' })).map((s) => s.id)).not.toContain('linkerd-viz');
  });
});
