import { describe, expect, it } from 'vitest';
import type { IstioMeshSpec } from '../../../src/config/target-schema.ts';
import {
  isAmbientMode,
  istioNamespaceMetadata,
  istioWorkloadObjects,
  peerAuthenticationMode,
  refuseUnsupportedL7,
  WAYPOINT_NAME,
  waypointApplyAction,
} from '../../../src/mesh/istio/enrol.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

describe('Istio revisions', () => {
  it('enrols with istio.io/rev and drops the target\'s istio-injection label', () => {
    const ctx = meshPlanContext({ target: 'istio-sidecar' });
    expect(istioNamespaceMetadata(ctx).labels).toEqual({ 'istio-injection': 'enabled' });
    expect(istioNamespaceMetadata({ ...ctx, revision: '1-28-3' }).labels).toEqual({ 'istio.io/rev': '1-28-3' });
  });
});

describe('Istio enrolment', () => {
  it('labels for injection (sidecar) or the ambient data plane (ambient, waypoint)', () => {
    expect(istioNamespaceMetadata(meshPlanContext({ target: 'istio-ambient' })).labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(isAmbientMode({ mode: 'waypoint' } as IstioMeshSpec)).toBe(true);
    expect(isAmbientMode({ mode: 'sidecar' } as IstioMeshSpec)).toBe(false);
  });

  it('maps the scenario\'s mTLS to a PeerAuthentication mode; ambient cannot DISABLE', () => {
    expect(peerAuthenticationMode(meshPlanContext({ target: 'istio-sidecar', features: { mtls: 'strict' } }))).toBe('STRICT');
    expect(peerAuthenticationMode(meshPlanContext({ target: 'istio-ambient', features: { mtls: 'permissive' } }))).toBe('PERMISSIVE');
    expect(peerAuthenticationMode(meshPlanContext({ target: 'istio-sidecar', features: { mtls: 'off' } }))).toBe('DISABLE');
    expect(() => peerAuthenticationMode(meshPlanContext({ target: 'istio-waypoint', features: { mtls: 'off' } }))).toThrow(/does not support \(no PeerAuthentication DISABLE\)/);
  });

  it('refuses L7 without mTLS identities, and L7 in ambient without a waypoint', () => {
    expect(() => refuseUnsupportedL7(meshPlanContext({ target: 'istio-sidecar', features: { authz: 'l7', mtls: 'off' } }))).toThrow(/every request would be denied/);
    expect(() => refuseUnsupportedL7(meshPlanContext({ target: 'istio-ambient', features: { authz: 'l7' } }))).toThrow(/use the istio-waypoint target/);
    expect(() => refuseUnsupportedL7(meshPlanContext({ target: 'istio-waypoint', features: { authz: 'l7' } }))).not.toThrow();
  });

  it('scopes the PeerAuthentication to the run namespace on an existing cluster', () => {
    const [pa] = istioWorkloadObjects(meshPlanContext({ target: 'istio-sidecar', platform: 'existing' })).manifests;
    expect(pa?.metadata).toEqual({ name: 'default', namespace: 'bench-run1' });
  });

  it('enrols the namespace in the waypoint with the pinned istioctl, then waits for the waypoint pods', () => {
    const actions = waypointApplyAction(meshPlanContext({ target: 'istio-waypoint', toolsDir: '/tools' }));
    expect(actions[0]).toMatchObject({ kind: 'command', tool: '/tools/istioctl/1.30.3/istioctl', args: ['waypoint', 'apply', '-n', 'bench-run1', '--enroll-namespace', '--wait'], env: { KUBECONFIG: '/tmp/meshbench-run1/kubeconfig' } });
    expect(actions[1]).toMatchObject({ kind: 'wait', condition: { type: 'pods-ready', labelSelector: `gateway.networking.k8s.io/gateway-name=${WAYPOINT_NAME}` } });
  });
});
