import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../../src/config/scenario-schema.ts';
import { istioFeatureObjects } from '../../../src/mesh/istio/feature-objects.ts';
import type { KubeObject } from '../../../src/plan/plan-types.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const objects = (target: string, features: Partial<FeatureSpec>) => istioFeatureObjects(meshPlanContext({ target, features }));
const named = (list: KubeObject[], kind: string, name: string) => list.find((o) => o.kind === kind && o.metadata.name === name) as KubeObject & { spec: Record<string, unknown> };

describe('istioFeatureObjects', () => {
  it('adds nothing when no feature is on, and nothing in ambient (ztunnel has no L7)', () => {
    expect(objects('istio-sidecar', {})).toEqual([]);
    expect(objects('istio-ambient', { timeouts: { requestMs: 1000 } })).toEqual([]);
  });

  it('sidecar: one VirtualService per service merging retries, timeout and the order split', () => {
    const list = objects('istio-sidecar', {
      retries: { attempts: 3, perTryTimeoutMs: 250, on: ['connect-failure', '5xx'] },
      timeouts: { requestMs: 2000 },
      trafficSplit: { canaryWeightPct: 10 },
    });
    expect(list.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['VirtualService/gateway', 'VirtualService/order', 'VirtualService/fulfillment']);
    expect(named(list, 'VirtualService', 'gateway').spec).toEqual({
      hosts: ['gateway'],
      http: [{ route: [{ destination: { host: 'gateway', port: { number: 8080 } } }], timeout: '2000ms', retries: { attempts: 3, retryOn: 'connect-failure,5xx', perTryTimeout: '250ms' } }],
    });
    expect((named(list, 'VirtualService', 'order').spec.http as { route: unknown }[])[0]?.route).toEqual([
      { destination: { host: 'order', port: { number: 8080 } }, weight: 90 },
      { destination: { host: 'order-canary', port: { number: 8080 } }, weight: 10 },
    ]);
  });

  it('a split alone routes only order', () => {
    expect(objects('istio-sidecar', { trafficSplit: { canaryWeightPct: 50 } }).map((o) => o.metadata.name)).toEqual(['order']);
  });

  it('DestinationRules carry the h2 upgrade (sidecar only) and outlier detection; Telemetry the access log and metrics', () => {
    const list = objects('istio-sidecar', { upstreamHttp2: true, outlierDetection: { consecutive5xx: 4, ejectionTimeMs: 15_000 }, accessLog: true, telemetry: { mode: 'metrics', samplingPct: null } });
    expect(named(list, 'DestinationRule', 'order').spec).toEqual({
      host: 'order',
      trafficPolicy: { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } }, outlierDetection: { consecutive5xxErrors: 4, baseEjectionTime: '15000ms' } },
    });
    expect(named(list, 'Telemetry', 'meshbench-features')).toMatchObject({
      apiVersion: 'telemetry.istio.io/v1',
      metadata: { namespace: 'bench-run1' },
      spec: { accessLogging: [{ providers: [{ name: 'envoy' }] }], metrics: [{ providers: [{ name: 'prometheus' }] }] },
    });
    const waypoint = objects('istio-waypoint', { upstreamHttp2: true });
    expect(waypoint).toEqual([]);
  });

  it('tracing: the namespace Telemetry names the zipkin provider with the sampling percentage, plus the metrics', () => {
    for (const target of ['istio-sidecar', 'istio-waypoint']) {
      expect(named(objects(target, { telemetry: { mode: 'tracing', samplingPct: 2.5 } }), 'Telemetry', 'meshbench-features').spec).toEqual({
        metrics: [{ providers: [{ name: 'prometheus' }] }],
        tracing: [{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 2.5 }],
      });
    }
  });

  it('waypoint retries: HTTPRoute retry with attempts and the codes, the per-try timeout as backendRequest', () => {
    const list = objects('istio-waypoint', { retries: { attempts: 3, perTryTimeoutMs: 250, on: ['connect-failure', 'gateway-error'] }, timeouts: { requestMs: 2000 } });
    expect(list.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['HTTPRoute/gateway', 'HTTPRoute/order', 'HTTPRoute/fulfillment']);
    const rule = (named(list, 'HTTPRoute', 'order').spec.rules as Record<string, unknown>[])[0];
    expect(rule).toMatchObject({ retry: { attempts: 3, codes: [502, 503, 504] }, timeouts: { request: '2000ms', backendRequest: '250ms' } });
    const fiveXx = objects('istio-waypoint', { retries: { attempts: 1, perTryTimeoutMs: null, on: ['5xx', 'gateway-error'] } });
    const codes = ((named(fiveXx, 'HTTPRoute', 'gateway').spec.rules as { retry: { codes: number[] } }[])[0]?.retry.codes ?? []);
    expect([codes.length, codes[0], codes.at(-1)]).toEqual([100, 500, 599]);
    expect((named(fiveXx, 'HTTPRoute', 'gateway').spec.rules as Record<string, unknown>[])[0]).not.toHaveProperty('timeouts');
  });

  it('waypoint retries refuse reset (not in what istiod translates) and a per-try timeout above the request timeout (the CRD refuses it)', () => {
    expect(() => objects('istio-waypoint', { retries: { attempts: 2, perTryTimeoutMs: null, on: ['reset'] } })).toThrow(/retries on "reset" cannot be applied on istio-waypoint/);
    expect(() => objects('istio-waypoint', { retries: { attempts: 2, perTryTimeoutMs: 3000, on: ['gateway-error'] }, timeouts: { requestMs: 1000 } })).toThrow(
      /perTryTimeout \(3000 ms\) is longer than timeouts.request \(1000 ms\)/,
    );
  });

  it('waypoint: HTTPRoutes on the Services (GAMMA) with the request timeout and weighted backends', () => {
    const list = objects('istio-waypoint', { timeouts: { requestMs: 150_000 }, trafficSplit: { canaryWeightPct: 20 } });
    expect(named(list, 'HTTPRoute', 'order')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'order', namespace: 'bench-run1' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'order', port: 8080 }],
        rules: [
          {
            backendRefs: [
              { group: '', kind: 'Service', name: 'order', port: 8080, weight: 80 },
              { group: '', kind: 'Service', name: 'order-canary', port: 8080, weight: 20 },
            ],
            timeouts: { request: '150s' },
          },
        ],
      },
    });
  });
});
