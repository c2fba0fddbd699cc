import { describe, expect, it } from 'vitest';
import { MESH_PINS } from '../../../src/config/release-pins.ts';
import { CILIUM_CLI_VERSION, ciliumSpecOf, resolveCiliumVersion } from '../../../src/mesh/cilium/versions.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const spec = ciliumSpecOf(meshPlanContext({ target: 'cilium' }).target);

describe('resolveCiliumVersion', () => {
  it('installs the pin with the pinned cilium-cli and cilium-dbg in the agent', () => {
    expect(resolveCiliumVersion({ spec, meshVersion: null })).toEqual({
      version: spec.version,
      minor: Number(spec.version.split('.')[1]),
      overridden: false,
      cliVersion: MESH_PINS.ciliumCli,
      agentCli: 'cilium-dbg',
    });
  });

  it('keeps the CLI pin for another Cilium release, and uses the old agent CLI name before 1.15', () => {
    expect(resolveCiliumVersion({ spec, meshVersion: '1.14.19' })).toEqual({ version: '1.14.19', minor: 14, overridden: true, cliVersion: CILIUM_CLI_VERSION, agentCli: 'cilium' });
    expect(resolveCiliumVersion({ spec, meshVersion: '1.15.0' }).agentCli).toBe('cilium-dbg');
  });

  it('refuses a version that is not a Cilium 1.x release', () => {
    expect(() => resolveCiliumVersion({ spec, meshVersion: 'v1.18.2' })).toThrow('"v1.18.2" is not a Cilium 1.x release');
  });
});

describe('ciliumSpecOf', () => {
  it('refuses another mesh\'s target', () => {
    expect(() => ciliumSpecOf({ mesh: { name: 'istio' } })).toThrow('the cilium module got a "istio" target');
  });
});
