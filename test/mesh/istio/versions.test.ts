import { describe, expect, it } from 'vitest';
import { MESH_PINS } from '../../../src/config/release-pins.ts';
import {
  GATEWAY_API_BY_ISTIO_MINOR,
  ISTIO_PINNED_VERSION,
  istioMinor,
  istioSpecOf,
  resolveIstioVersion,
} from '../../../src/mesh/istio/versions.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const spec = istioSpecOf(meshPlanContext({ target: 'istio-ambient' }).target);

describe('istioMinor', () => {
  it('reads the minor of a 1.x release and refuses anything else', () => {
    expect(istioMinor('1.30.3')).toBe(30);
    expect(istioMinor('1.22.0-beta.1')).toBe(22);
    expect(() => istioMinor('2.0.0')).toThrow('"2.0.0" is not an Istio 1.x release');
    expect(() => istioMinor('1.30')).toThrow(/not an Istio 1.x release/);
  });
});

describe('resolveIstioVersion', () => {
  it('installs the pin unless --mesh-version overrides it', () => {
    expect(resolveIstioVersion({ spec, meshVersion: null })).toEqual({
      version: spec.version,
      minor: istioMinor(spec.version),
      overridden: false,
      gatewayApiVersion: spec.gatewayApiVersion ?? GATEWAY_API_BY_ISTIO_MINOR[istioMinor(spec.version)],
      experimentalAmbientCommands: false,
    });
    expect(resolveIstioVersion({ spec, meshVersion: '1.28.10' })).toMatchObject({ version: '1.28.10', minor: 28, overridden: true, gatewayApiVersion: 'v1.4.0' });
  });

  it('marks 1.22 as the release with the ambient commands under istioctl x', () => {
    expect(resolveIstioVersion({ spec, meshVersion: '1.22.8' }).experimentalAmbientCommands).toBe(true);
    expect(resolveIstioVersion({ spec, meshVersion: '1.23.6' }).experimentalAmbientCommands).toBe(false);
  });

  it('refuses a minor without a known Gateway API release, listing the known ones', () => {
    expect(() => resolveIstioVersion({ spec, meshVersion: '1.40.0' })).toThrow('no Gateway API release is known for Istio 1.40');
  });
});

describe('istioSpecOf', () => {
  it('is the target\'s istio spec and refuses another mesh', () => {
    expect(istioSpecOf(meshPlanContext({ target: 'istio-sidecar' }).target).mode).toBe('sidecar');
    expect(() => istioSpecOf({ mesh: { name: 'linkerd' } })).toThrow('the istio module got a "linkerd" target');
  });

  it('pins the release the shipped targets use', () => {
    expect(ISTIO_PINNED_VERSION).toBe(MESH_PINS.istio);
  });
});
