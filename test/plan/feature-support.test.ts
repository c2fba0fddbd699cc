import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../src/config/scenario-schema.ts';
import { HarnessError } from '../../src/errors.ts';
import { featureStatements, featureSupportRows, noFeatureSupport, supportOf } from '../../src/plan/feature-support.ts';
import { HAPROXY_FEATURE_SUPPORT } from '../../src/platform/local/local-feature-support.ts';

function features(input: Record<string, unknown>) {
  return ScenarioSchema.parse({
    apiVersion: 'meshbench/v1alpha1',
    kind: 'Scenario',
    name: 'f',
    requests: [{ name: 'get', method: 'GET', path: '/orders/{id}' }],
    load: { levels: [{ rps: 10 }], duration: '1s' },
    features: input,
  }).features;
}

const subject = { targetName: 'proxy-mtls', mesh: 'haproxy', mode: 'sidecar-pair' };

describe('featureStatements', () => {
  it('states the mechanism of every feature that is on, in feature order', () => {
    const statements = featureStatements({ features: features({ accessLog: true, retries: { attempts: 2 } }), table: HAPROXY_FEATURE_SUPPORT, subject });
    expect(statements.map((s) => [s.feature, s.setting])).toEqual([
      ['retries', 'retries: 2 on connect-failure, gateway-error'],
      ['accessLog', 'accessLog: on'],
    ]);
    expect(statements[0]?.mechanism).toMatch(/retry-on/);
    expect(featureStatements({ features: features({}), table: noFeatureSupport('no proxy'), subject })).toEqual([]);
  });

  it('refuses an unsupported or not-implemented feature, naming the feature and the mesh', () => {
    let error: unknown;
    try {
      featureStatements({ features: features({ telemetry: { mode: 'metrics' }, trafficSplit: { canaryWeightPct: 5 }, accessLog: true }), table: HAPROXY_FEATURE_SUPPORT, subject });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect(e.code).toBe('USAGE');
    expect(e.message).toMatch(/^feature telemetry: metrics is not available on target proxy-mtls \(mesh haproxy, mode sidecar-pair\): mesh haproxy does not support it: .*accessLog is the local stand-in/);
    expect(e.hint).toMatch(/^also refused: trafficSplit; switch it off/);
    expect(e.details).toEqual([
      expect.stringMatching(/^telemetry: metrics: mesh haproxy does not support it/),
      expect.stringMatching(/^trafficSplit: 5% to the canary: mesh haproxy does it with .*weighted server lines.*, which meshbench does not apply yet$/),
    ]);
  });

  it('looks authz and telemetry up per setting', () => {
    const table = { ...noFeatureSupport('x'), authz: { l4: { status: 'unsupported' as const, reason: 'r' }, l7: { status: 'supported' as const, mechanism: 'm' } } };
    expect(supportOf(table, features({ authz: 'l7' }), 'authz')).toEqual({ status: 'supported', mechanism: 'm' });
    expect(supportOf(table, features({ authz: 'l4' }), 'authz')?.status).toBe('unsupported');
    expect(supportOf(table, features({}), 'authz')).toBeNull();
    expect(featureSupportRows(table).map((r) => r.feature)).toEqual([
      'authz: l4',
      'authz: l7',
      'retries',
      'timeouts',
      'accessLog',
      'upstreamHttp2',
      'telemetry: metrics',
      'telemetry: tracing',
      'trafficSplit',
      'outlierDetection',
      'configScope',
    ]);
  });
});
