import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import {
  ISTIO_NATIVE_SIDECAR_DEFAULT_MINOR,
  istioCoexistingVersions,
  istioctlInstallArgs,
  istioRevisionName,
  istioTracingInstallArgs,
  istioTracingSamplingPct,
  istioZipkinAddonUrl,
  istioZipkinStep,
  istioDiscoverySelectorArgs,
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

describe('Istio tracing', () => {
  it('samples only with telemetry: tracing', () => {
    const base = meshPlanContext({ target: 'istio-sidecar' }).scenario.features;
    expect(istioTracingSamplingPct({ ...base, telemetry: { mode: 'tracing', samplingPct: 5 } })).toBe(5);
    expect(istioTracingSamplingPct({ ...base, telemetry: { mode: 'metrics', samplingPct: null } })).toBeNull();
    expect(istioTracingSamplingPct(base)).toBeNull();
  });

  it('declares the zipkin provider as the Zipkin task does', () => {
    expect(istioTracingInstallArgs()).toEqual([
      '--set',
      'meshConfig.enableTracing=true',
      '--set',
      'meshConfig.extensionProviders[0].name=zipkin',
      '--set',
      'meshConfig.extensionProviders[0].zipkin.service=zipkin.istio-system.svc.cluster.local',
      '--set',
      'meshConfig.extensionProviders[0].zipkin.port=9411',
    ]);
  });

  it('applies the sample addon at the installed release tag and waits for its Deployment', () => {
    expect(istioZipkinAddonUrl('1.30.3')).toBe('https://raw.githubusercontent.com/istio/istio/1.30.3/samples/addons/extras/zipkin.yaml');
    const step = istioZipkinStep({ version: '1.30.3', env: { KUBECONFIG: '/k' } });
    expect(step.actions).toEqual([
      expect.objectContaining({ kind: 'command', tool: 'kubectl', args: ['apply', '-f', 'https://raw.githubusercontent.com/istio/istio/1.30.3/samples/addons/extras/zipkin.yaml'], env: { KUBECONFIG: '/k' } }),
      expect.objectContaining({ kind: 'wait', condition: { type: 'rollout', namespace: 'istio-system', workloadKind: 'Deployment', name: 'zipkin' } }),
    ]);
  });

  it('the install plan carries the provider flags and the collector only when tracing is on', () => {
    const on = planIstioInstall(meshPlanContext({ target: 'istio-waypoint', features: { telemetry: { mode: 'tracing', samplingPct: 2 } } }));
    const install = on.flatMap((s) => s.actions).find((a) => a.kind === 'command' && a.tool === 'istioctl');
    expect(install && install.kind === 'command' ? install.args : []).toEqual(expect.arrayContaining(['meshConfig.extensionProviders[0].name=zipkin']));
    expect(on.at(-1)?.id).toBe('istio-zipkin');
    const off = planIstioInstall(meshPlanContext({ target: 'istio-waypoint' }));
    expect(off.map((s) => s.id)).not.toContain('istio-zipkin');
    expect(JSON.stringify(off)).not.toContain('extensionProviders');
  });
});

describe('Gateway API channel for istio-waypoint', () => {
  it('installs the experimental channel (server-side) only when the waypoint plan writes HTTPRoute retry', () => {
    const crdAction = (target: string, features: Record<string, unknown>) =>
      planIstioInstall(meshPlanContext({ target, features })).find((s) => s.id === 'istio-gateway-api-crds')?.actions[0];
    const retries = { retries: { attempts: 2, perTryTimeoutMs: null, on: ['gateway-error'] } };
    expect(crdAction('istio-waypoint', retries)).toMatchObject({
      tool: 'kubectl',
      args: ['apply', '--server-side', '--force-conflicts', '-f', 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/experimental-install.yaml'],
    });
    expect(JSON.stringify(crdAction('istio-waypoint', {}))).toContain('standard-install.yaml');
    expect(JSON.stringify(crdAction('istio-ambient', retries))).toContain('standard-install.yaml');
  });
});

describe('Istio configuration scoping for ambient (features.configScope: namespace)', () => {
  const installArgs = (target: string, scoped: boolean): string[] =>
    planIstioInstall(meshPlanContext({ target, ...(scoped ? { features: { configScope: 'namespace' } } : {}) }))
      .flatMap((s) => s.actions)
      .flatMap((a) => (a.kind === 'command' && a.tool.includes('istioctl') ? a.args : []));

  it('scopes istiod to istio-system and the workload namespace through discoverySelectors', () => {
    expect(istioDiscoverySelectorArgs('bench-1')).toEqual([
      '--set',
      'meshConfig.discoverySelectors[0].matchExpressions[0].key=kubernetes.io/metadata.name',
      '--set',
      'meshConfig.discoverySelectors[0].matchExpressions[0].operator=In',
      '--set',
      'meshConfig.discoverySelectors[0].matchExpressions[0].values[0]=istio-system',
      '--set',
      'meshConfig.discoverySelectors[0].matchExpressions[0].values[1]=bench-1',
    ]);
  });

  it('adds the selectors to the ambient and waypoint installs only when the scenario scopes', () => {
    for (const target of ['istio-ambient', 'istio-waypoint']) {
      const ctx = meshPlanContext({ target, features: { configScope: 'namespace' } });
      expect(installArgs(target, true).join(' '), target).toContain(`values[1]=${ctx.namespace}`);
      expect(installArgs(target, false).join(' '), target).not.toContain('discoverySelectors');
    }
    // Sidecar mode scopes with a Sidecar resource instead (policies.ts).
    expect(installArgs('istio-sidecar', true).join(' ')).not.toContain('discoverySelectors');
  });
});
