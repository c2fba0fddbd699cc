import { describe, expect, it } from 'vitest';
import {
  compareEdgeVersions,
  LINKERD_FIRST_EDGE_WITHOUT_BUNDLED_GATEWAY_API,
  linkerdSpecOf,
  parseEdgeVersion,
  resolveLinkerdVersion,
} from '../../../src/mesh/linkerd/versions.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const spec = linkerdSpecOf(meshPlanContext({ target: 'linkerd' }).target);

describe('edge versions', () => {
  it('parses edge-YY.M.N and refuses stable or other names', () => {
    expect(parseEdgeVersion('edge-26.6.3')).toEqual([26, 6, 3]);
    expect(() => parseEdgeVersion('stable-2.14.10')).toThrow('"stable-2.14.10" is not a Linkerd edge release');
    expect(() => parseEdgeVersion('edge-26.6')).toThrow(/not a Linkerd edge release/);
  });

  it('compares numerically, not as text', () => {
    expect(compareEdgeVersions('edge-25.10.0', 'edge-25.9.9')).toBeGreaterThan(0);
    expect(compareEdgeVersions('edge-26.6.3', 'edge-26.6.3')).toBe(0);
    expect(compareEdgeVersions('edge-24.11.8', 'edge-25.1.1')).toBeLessThan(0);
  });
});

describe('resolveLinkerdVersion', () => {
  it('installs the pin with the target\'s Gateway API release', () => {
    expect(resolveLinkerdVersion({ spec, meshVersion: null })).toEqual({ version: spec.version, overridden: false, gatewayApiVersion: spec.gatewayApiVersion });
  });

  it('installs no Gateway API of its own for edges whose CRD chart still bundles it', () => {
    expect(resolveLinkerdVersion({ spec, meshVersion: 'edge-25.9.3' })).toEqual({ version: 'edge-25.9.3', overridden: true, gatewayApiVersion: null });
    expect(resolveLinkerdVersion({ spec, meshVersion: LINKERD_FIRST_EDGE_WITHOUT_BUNDLED_GATEWAY_API }).gatewayApiVersion).toBe(spec.gatewayApiVersion);
  });

  it('refuses a version that is not an edge release', () => {
    expect(() => resolveLinkerdVersion({ spec, meshVersion: '2.20.0' })).toThrow(/not a Linkerd edge release/);
  });
});

describe('linkerdSpecOf', () => {
  it('refuses another mesh\'s target', () => {
    expect(() => linkerdSpecOf({ mesh: { name: 'istio' } })).toThrow('the linkerd module got a "istio" target');
  });
});
