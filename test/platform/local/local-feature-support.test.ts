import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { ScenarioSchema } from '../../../src/config/scenario-schema.ts';
import { HarnessError } from '../../../src/errors.ts';
import { featureSupportRows } from '../../../src/plan/feature-support.ts';
import { localFeatureSupport, sidecarFeatures } from '../../../src/platform/local/local-feature-support.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

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

describe('local feature support', () => {
  it('proxy-mtls applies authz, retries, timeouts, access log, HTTP/2 between the proxies and config scope; nothing else', () => {
    const rows = featureSupportRows(localFeatureSupport(loadTarget('proxy-mtls', ROOT).spec));
    expect(rows.filter((r) => r.support.status === 'supported').map((r) => r.feature)).toEqual(['authz: l4', 'authz: l7', 'retries', 'timeouts', 'accessLog', 'upstreamHttp2', 'configScope']);
  });

  it('the baseline and the netns targets apply none, each saying why', () => {
    for (const name of ['baseline', 'netns-sidecar']) {
      const rows = featureSupportRows(localFeatureSupport(loadTarget(name, ROOT).spec));
      expect(rows.every((r) => r.support.status === 'unsupported'), name).toBe(true);
    }
  });

  it('maps the scenario features to the sidecar options', () => {
    expect(sidecarFeatures(features({ retries: { attempts: 2, perTryTimeout: '300ms' }, accessLog: true }))).toEqual({
      authz: 'off',
      retries: { attempts: 2, on: ['connect-failure', 'gateway-error'], perTryTimeoutMs: 300 },
      requestTimeoutMs: null,
      accessLog: true,
      upstreamHttp2: false,
    });
    expect(sidecarFeatures(features({ timeouts: { request: '2s' }, upstreamHttp2: true }))).toMatchObject({ requestTimeoutMs: 2_000, upstreamHttp2: true });
    expect(() => sidecarFeatures(features({ retries: { attempts: 2 }, timeouts: { request: '2s' } }))).toThrow(HarnessError);
  });
});
