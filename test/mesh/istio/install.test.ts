import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import {
  ISTIO_NATIVE_SIDECAR_DEFAULT_MINOR,
  istioCoexistingVersions,
  istioctlInstallArgs,
  istioRevisionName,
  planIstioInstall,
  validateIstioSpec,
} from '../../../src/mesh/istio/install.ts';
import { resolveIstioVersion } from '../../../src/mesh/istio/versions.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

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
});

describe('istioctl install arguments', () => {
  const sidecar = () => {
    const target = meshPlanContext({ target: 'istio-sidecar' }).target;
    if (target.mesh.name !== 'istio') throw new Error('istio target expected');
    return target.mesh;
  };
  const plan = (version: string) => resolveIstioVersion({ spec: sidecar(), meshVersion: version });

  it('pins the proxy worker threads, adds native sidecars before 1.27 and passes the target values in key order', () => {
    const spec = { ...sidecar(), proxyConcurrency: 3, values: { 'values.global.logging.level': 'default:warn', 'meshConfig.accessLogFile': '' } };
    expect(istioctlInstallArgs(spec, plan('1.30.3'))).toEqual([
      'install',
      '-y',
      '--set',
      'profile=default',
      '--set',
      'meshConfig.defaultConfig.concurrency=3',
      '--set',
      'meshConfig.accessLogFile=',
      '--set',
      'values.global.logging.level=default:warn',
    ]);
    expect(istioctlInstallArgs(spec, plan(`1.${ISTIO_NATIVE_SIDECAR_DEFAULT_MINOR - 1}.8`))).toContain('values.pilot.env.ENABLE_NATIVE_SIDECARS=true');
    expect(istioctlInstallArgs(spec, plan(`1.${ISTIO_NATIVE_SIDECAR_DEFAULT_MINOR}.9`))).not.toContain('values.pilot.env.ENABLE_NATIVE_SIDECARS=true');
  });

  it('sets ztunnel\'s own worker threads in ambient, which never needs the native-sidecar switch', () => {
    const spec = { ...sidecar(), mode: 'ambient' as const, profile: 'ambient' as const, proxyConcurrency: 2 };
    expect(istioctlInstallArgs(spec, plan('1.26.8'))).toEqual([
      'install',
      '--set',
      'profile=ambient',
      '--skip-confirmation',
      '--set',
      'meshConfig.defaultConfig.concurrency=2',
      '--set',
      'values.ztunnel.env.ZTUNNEL_WORKER_THREADS=2',
    ]);
  });

  it('refuses a profile that does not fit the mode, and ambient before 1.22', () => {
    const error = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return err as HarnessError;
      }
      return null;
    };
    expect(error(() => validateIstioSpec({ ...sidecar(), profile: 'ambient' }, plan('1.30.3')))?.message).toBe('Istio mode "sidecar" cannot use profile "ambient"');
    expect(error(() => validateIstioSpec({ ...sidecar(), profile: 'minimal' }, plan('1.30.3')))).toBeNull();
    expect(error(() => validateIstioSpec({ ...sidecar(), mode: 'waypoint', profile: 'default' }, plan('1.30.3')))?.code).toBe('CONFIG_INVALID');
    const old = { version: '1.21.2', minor: 21, overridden: true, gatewayApiVersion: 'v1.0.0', experimentalAmbientCommands: false };
    expect(error(() => validateIstioSpec({ ...sidecar(), mode: 'ambient', profile: 'ambient' }, old))?.message).toBe('Istio 1.21.2 has no ambient mode usable here (needs 1.22+)');
  });

  it('lets only sidecar mode run two versions in one cluster', () => {
    expect(istioCoexistingVersions(sidecar())).toBe(true);
    expect(istioCoexistingVersions({ ...sidecar(), mode: 'ambient' })).toBe(false);
    expect(istioCoexistingVersions({ ...sidecar(), mode: 'waypoint' })).toBe(false);
  });
});
