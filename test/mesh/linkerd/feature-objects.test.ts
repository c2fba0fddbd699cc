import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../../src/config/scenario-schema.ts';
import { HarnessError } from '../../../src/errors.ts';
import { linkerdFeatureObjects, linkerdRouteAnnotations, linkerdServiceAnnotations } from '../../../src/mesh/linkerd/feature-objects.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const ctx = (features: Partial<FeatureSpec>) => meshPlanContext({ target: 'linkerd', features });
const subject = { scenario: 's', target: 'linkerd' };

describe('Linkerd feature objects', () => {
  it('annotates the route with the policy controller’s retry and timeout keys', () => {
    expect(linkerdRouteAnnotations({ ...ctx({}).scenario.features, retries: { attempts: 2, perTryTimeoutMs: 400, on: ['gateway-error', '5xx'] }, timeouts: { requestMs: 3000 } }, subject)).toEqual({
      'retry.linkerd.io/http': 'gateway-error,5xx',
      'retry.linkerd.io/limit': '2',
      'retry.linkerd.io/timeout': '400ms',
      'timeout.linkerd.io/request': '3000ms',
    });
  });

  it('refuses retry conditions Linkerd cannot express, naming the feature, target and mesh', () => {
    const run = () => linkerdRouteAnnotations({ ...ctx({}).scenario.features, retries: { attempts: 2, perTryTimeoutMs: null, on: ['connect-failure', 'gateway-error'] } }, subject);
    expect(run).toThrow(HarnessError);
    expect(run).toThrow(/feature retries on connect-failure is not available on target linkerd \(mesh linkerd\)/);
  });

  it('one outbound HTTPRoute per service with the Service as parent; order split by weight', () => {
    const routes = linkerdFeatureObjects(ctx({ timeouts: { requestMs: 1000 }, trafficSplit: { canaryWeightPct: 30 } }));
    expect(routes.map((r) => r.metadata.name)).toEqual(['gateway-outbound', 'order-outbound', 'fulfillment-outbound']);
    expect(routes[1]).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'order-outbound', namespace: 'bench-run1', annotations: { 'timeout.linkerd.io/request': '1000ms' } },
      spec: {
        parentRefs: [{ group: 'core', kind: 'Service', name: 'order', port: 8080 }],
        rules: [{ backendRefs: [{ name: 'order', port: 8080, weight: 70 }, { name: 'order-canary', port: 8080, weight: 30 }] }],
      },
    });
    expect(linkerdFeatureObjects(ctx({ trafficSplit: { canaryWeightPct: 30 } })).map((r) => r.metadata.name)).toEqual(['order-outbound']);
    expect(linkerdFeatureObjects(ctx({ accessLog: true }))).toEqual([]);
  });

  it('failure accrual annotations on every Service for outlier detection', () => {
    expect(linkerdServiceAnnotations(ctx({}))).toEqual({});
    const annotations = linkerdServiceAnnotations(ctx({ outlierDetection: { consecutive5xx: 5, ejectionTimeMs: 30_000 } }));
    expect(Object.keys(annotations)).toEqual(['gateway', 'order', 'fulfillment']);
    expect(annotations.order).toEqual({
      'balancer.linkerd.io/failure-accrual': 'consecutive',
      'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '5',
      'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': '30000ms',
      'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': '30000ms',
    });
  });
});
